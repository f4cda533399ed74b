namespace ActorWarden.Hocon;

/// <summary>
/// The only exception the HOCON library throws. It always carries the position it is about, so every
/// caller (CLI, schema binder, control plane) can show the user <c>file:line:column: expected X, found Y</c>
/// without guessing.
/// </summary>
public sealed class HoconException : Exception
{
    /// <summary>Creates an error at <paramref name="origin"/>; the message becomes <c>origin: detail</c>.</summary>
    public HoconException(HoconOrigin origin, string detail, Exception? inner = null)
        : base($"{origin}: {detail}", inner)
    {
        Origin = origin;
        Detail = detail;
    }

    /// <summary>The file, line and column the error is about.</summary>
    public HoconOrigin Origin { get; }

    /// <summary>The message without the <c>file:line:column: </c> prefix.</summary>
    public string Detail { get; }
}
