using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmObserve.Integrations.Formats;

/// <summary>Writes a JSON object on one line, with text cleaned by <see cref="ExportText.Clean"/>.</summary>
internal static class JsonOutput
{
    // Relaxed escaping keeps non-ASCII text readable; the events are data for machines, never HTML.
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static string Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer, state);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the property when the cleaned text is not empty.</summary>
    public static void Text(this Utf8JsonWriter writer, string name, string? value, int maxLength = ExportText.MaxLength)
    {
        if (ExportText.Clean(value, maxLength) is { } text)
        {
            writer.WriteString(name, text);
        }
    }

    /// <summary>Writes the property, null when the cleaned text is empty.</summary>
    public static void TextOrNull(this Utf8JsonWriter writer, string name, string? value)
    {
        if (ExportText.Clean(value) is { } text)
        {
            writer.WriteString(name, text);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    public static void Number(this Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
