namespace ActorWarden.Hocon;

/// <summary>
/// One key of an object with its value and the position the key was written at. When the same key was
/// written more than once (the values merged or replaced), <see cref="EarlierKeyOrigins"/> keeps the
/// earlier positions, so a checker can name every place a definition came from.
/// </summary>
internal readonly record struct HoconField(string Key, HoconValue Value, HoconOrigin KeyOrigin)
{
    public HoconOrigin[]? EarlierKeyOrigins { get; init; }
}
