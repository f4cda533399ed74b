namespace ActorWarden.Config;

/// <summary>Where the loopback control API listens and how it authenticates; the CLI reads the same record to find the warden.</summary>
public sealed record ControlHttpSpec
{
    public bool Enabled { get; init; } = true;

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 9137;

    /// <summary>Configured bearer token (a secret: never printed), or null to use <see cref="TokenFile"/>.</summary>
    public string? Token { get; init; }

    /// <summary>Absolute path of the generated token file (mode 0600).</summary>
    public string TokenFile { get; init; } = "";
}
