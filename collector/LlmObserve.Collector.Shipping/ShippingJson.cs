using System.Text.Json;
using System.Text.Json.Serialization;
using LlmObserve.Contracts.Enrollment;

namespace LlmObserve.Collector.Shipping;

/// <summary>
/// JSON of the collector-side calls other than the batch (which uses the contracts' CaptureJson):
/// web defaults like ingest-api, source-generated so the collector needs no reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(EnrollRequest))]
[JsonSerializable(typeof(EnrollResponse))]
[JsonSerializable(typeof(RotatedCredential))]
[JsonSerializable(typeof(NodeHeartbeat))]
[JsonSerializable(typeof(StoredCredential))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class ShippingJson : JsonSerializerContext;
