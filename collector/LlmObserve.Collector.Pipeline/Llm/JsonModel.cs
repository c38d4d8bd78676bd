using System.Text.Json;

namespace LlmObserve.Collector.Pipeline.Llm;

/// <summary>
/// The top-level <c>"model"</c> of a JSON request body, read with <see cref="Utf8JsonReader"/> without
/// materializing the document: other members are skipped, nested "model" members are not looked at, and
/// the walk ends at the first match, at the end of the top-level object, or at the end of the (capped)
/// body. Bodies that are not a JSON object, or are cut, simply have no model.
/// </summary>
internal static class JsonModel
{
    /// <summary>Longer model names are cut: a model name is an identifier, not a payload.</summary>
    public const int MaxLength = 256;

    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 };

    public static string? Read(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        var reader = new Utf8JsonReader(body, Options);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isModel = reader.ValueTextEquals("model"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isModel && reader.TokenType == JsonTokenType.String)
                {
                    var model = reader.GetString()!;
                    return model.Length > MaxLength ? model[..MaxLength] : model;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON, or cut at the body cap before the model: no model.
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8.
        }

        return null;
    }
}
