using System.Text.Json;

namespace LlmObserve.Collector.Shipping;

/// <summary>The node's credential as kept in the state directory; <c>EnrolledAt</c>: when this credential was issued (at enrollment or rotation).</summary>
internal sealed record StoredCredential(Guid NodeId, Guid ClusterId, string NodeCredential, DateTimeOffset EnrolledAt);

/// <summary>
/// Keeps the node credential in <c>&lt;state&gt;/node-credential.json</c>: mode 0600 in a 0700
/// directory, replaced atomically, so a crash leaves the old or the new credential, never half of one.
/// Called from the shipping loop only (enrollment is never concurrent).
/// </summary>
internal sealed class NodeCredentialStore(string stateDirectory)
{
    public const string FileName = "node-credential.json";

    public string Path { get; } = System.IO.Path.Combine(stateDirectory, FileName);

    /// <summary>The stored credential; null when there is none. An unreadable file is an error, not "none": re-enrolling would revoke a credential that may be fine.</summary>
    public StoredCredential? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            var credential = JsonSerializer.Deserialize(File.ReadAllBytes(Path), ShippingJson.Default.StoredCredential);
            return credential is { NodeCredential.Length: > 0 }
                ? credential
                : throw new InvalidDataException($"{Path} holds no node credential.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path} is not a valid credential file ({e.Message}); delete it and configure an enrollment token to enroll again.", e);
        }
    }

    public void Save(StoredCredential credential)
    {
        DurableFile.EnsurePrivateDirectory(stateDirectory);
        DurableFile.Write(Path, JsonSerializer.SerializeToUtf8Bytes(credential, ShippingJson.Default.StoredCredential));
    }
}
