namespace ActorWarden.Cli;

/// <summary>
/// The CLI's exit codes, fixed so scripts can branch on them the way they do on systemctl's:
/// 0 ok, 1 the operation failed, 2 usage or config error, 3 the warden is not reachable.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Unreachable = 3;
}
