using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.RegularExpressions;

namespace LlmObserve.Administration.Deploy;

/// <summary>
/// What the per-cluster deploy instructions point nodes at. Section <c>Deploy</c>; validated at start-up.
/// </summary>
public sealed partial class DeployOptions : IValidatableObject
{
    public const string Section = "Deploy";

    /// <summary>
    /// Base URL of ingest-api as the nodes reach it, e.g. <c>https://ingest.example.com/</c>. When not set,
    /// ingest-api uses the URL the request came in on (scheme, host and path base): set it whenever a proxy in front
    /// of ingest-api terminates TLS or changes the host, or the instructions would point at the proxy's inside.
    /// </summary>
    public Uri? PublicIngestUrl { get; set; }

    /// <summary>
    /// The collector image the Kubernetes manifests run. When not set, <see cref="DefaultCollectorImage"/>:
    /// the collector and the backend are released together, under the same version.
    /// </summary>
    public string? CollectorImage { get; set; }

    /// <summary><c>ghcr.io/llmobserve/collector:&lt;this ingest-api's version&gt;</c>.</summary>
    public static string DefaultCollectorImage { get; } = "ghcr.io/llmobserve/collector:" + OwnVersion();

    /// <summary>The image to deploy: <see cref="CollectorImage"/> or the default.</summary>
    public string Image => CollectorImage ?? DefaultCollectorImage;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicIngestUrl is not null && IngestUrls.Problem(PublicIngestUrl) is { } problem)
        {
            yield return new ValidationResult($"{problem} (got '{PublicIngestUrl}')", [nameof(PublicIngestUrl)]);
        }

        if (CollectorImage is not null && (CollectorImage.Length > 255 || !ImageReference().IsMatch(CollectorImage)))
        {
            yield return new ValidationResult(
                $"must be an image reference such as registry.example.com/llmobserve/collector:1.2.3 (got '{CollectorImage}')",
                [nameof(CollectorImage)]);
        }
    }

    /// <summary>The version part of the informational version, as an image tag ("0.1.0" for "0.1.0+3f2c…").</summary>
    private static string OwnVersion()
    {
        var version = typeof(DeployOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var tag = version.Split('+')[0];
        return ImageTag().IsMatch(tag) ? tag : "latest";
    }

    // The grammar of github.com/distribution/reference: [domain[:port]/]path[:tag][@digest].
    [GeneratedRegex(
        @"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?"
        + @"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
        + @"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$",
        RegexOptions.NonBacktracking)]
    private static partial Regex ImageReference();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.NonBacktracking)]
    private static partial Regex ImageTag();
}
