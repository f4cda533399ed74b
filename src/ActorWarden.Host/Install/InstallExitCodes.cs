namespace ActorWarden.Host.Install;

/// <summary>Exit codes of `warden service install|uninstall`, aligned with the rest of the CLI.</summary>
public static class InstallExitCodes
{
    public const int Ok = 0;

    /// <summary>The system refused (permissions, existing service, a file we did not write).</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments: invalid name, relative path, missing config.</summary>
    public const int Invalid = 2;
}
