using System.Text.Json;
using System.Text.Json.Serialization;
using LlmObserve.Contracts.Enrollment;

namespace LlmObserve.Contracts.Capture;

/// <summary>
/// The collector wire's JSON shape (capture batches and heartbeats): camelCase names, enums as snake_case strings, null only where a member is nullable, unknown members ignored
/// (so a newer collector's extra fields do not break an older backend).
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(CaptureBatch))]
[JsonSerializable(typeof(IReadOnlyList<HttpHeader>))]
[JsonSerializable(typeof(CaptureSource))]
[JsonSerializable(typeof(BodyEncoding))]
[JsonSerializable(typeof(NodeHeartbeat))]
public sealed partial class CaptureJson : JsonSerializerContext;
