namespace ActorWarden.Host.Decisions;

/// <summary>
/// How many lines of one kind about one subject may pass per window before the rest are only counted.
/// Ten per ten seconds keeps every step of an ordinary crash loop (supervisord logs each) while a
/// program that dies a hundred times a second costs one summary line per window.
/// </summary>
/// <param name="Burst">Lines per window that are written as they come.</param>
/// <param name="Window">Length of the window, measured on the events' own timestamps.</param>
public sealed record FloodLimit(int Burst, TimeSpan Window)
{
    public static FloodLimit Default { get; } = new(10, TimeSpan.FromSeconds(10));
}
