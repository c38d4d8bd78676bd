using System.Collections.Frozen;
using System.Text.Json;
using LlmObserve.Contracts.Capture;

namespace LlmObserve.Data.Exchanges;

/// <summary>
/// Stored enum values read the same as the wire: the names come from the contracts' JSON
/// attributes, computed once per value.
/// </summary>
public static class WireName
{
    private static readonly FrozenDictionary<CaptureSource, string> Sources = Names<CaptureSource>();
    private static readonly FrozenDictionary<BodyEncoding, string> Encodings = Names<BodyEncoding>();

    public static string Of(CaptureSource value) => Sources[value];

    public static string Of(BodyEncoding value) => Encodings[value];

    private static FrozenDictionary<T, string> Names<T>()
        where T : struct, Enum =>
        Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonSerializer.Deserialize<string>(
            JsonSerializer.Serialize(v, typeof(T), CaptureJson.Default))!);
}
