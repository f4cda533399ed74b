namespace ActorWarden.Supervision.Events;

/// <summary>
/// Replaces secret values with <c>****</c> wherever text built from a service's configuration leaves
/// the warden (events, status, logs). Secrets reach a child only through its environment; anything that
/// echoes arguments or variables passes through here first.
/// </summary>
public sealed class SecretMask
{
    /// <summary>What a secret looks like to anyone but the child.</summary>
    public const string Masked = "****";

    private readonly string[] _secrets;

    public SecretMask(IEnumerable<string> secretValues)
    {
        ArgumentNullException.ThrowIfNull(secretValues);

        // Longest first, so a secret that contains another is masked whole.
        _secrets = secretValues.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length).ToArray();
    }

    /// <summary>A mask that changes nothing.</summary>
    public static SecretMask None { get; } = new(Array.Empty<string>());

    /// <summary><paramref name="text"/> with every secret value replaced by <see cref="Masked"/>.</summary>
    public string Apply(string text)
    {
        if (string.IsNullOrEmpty(text) || _secrets.Length == 0)
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Masked, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Masks each item of a list.</summary>
    public IReadOnlyList<string> Apply(IEnumerable<string> items) => items.Select(Apply).ToArray();
}
