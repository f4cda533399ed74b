namespace ActorWarden.Config;

/// <summary>
/// Thrown when a config cannot be used; carries every problem found (not just the first) so one
/// `warden validate` run lists all of them. Nothing has been changed when this is thrown.
/// </summary>
public sealed class WardenConfigException : Exception
{
    public WardenConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
    {
        Errors = errors;
    }

    public IReadOnlyList<ConfigError> Errors { get; }
}
