namespace ActorWarden.Hocon;

/// <summary>One key of an object with its value and the position the key was written at.</summary>
internal readonly record struct HoconField(string Key, HoconValue Value, HoconOrigin KeyOrigin);
