using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ActorWarden.ControlPlane.Client.Output;

/// <summary>
/// Prints an answer of the API as the warden sent it, indented for people: the same names, values and
/// escaping as the API (its encoder is <see cref="Contracts.Api.ApiJson"/>'s), without binding it to
/// records and serializing them again.
/// </summary>
public static class IndentedJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteLine(JsonDocument document, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(output);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            document.WriteTo(writer);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        output.Flush();
    }
}
