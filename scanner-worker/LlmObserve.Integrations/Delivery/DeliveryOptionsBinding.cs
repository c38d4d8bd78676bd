using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LlmObserve.Integrations.Delivery;

/// <summary>
/// Reads <see cref="DeliveryOptions"/> from configuration and checks it at start-up, naming the
/// key in every error (<c>Delivery:MaxAttempts: …</c>). Written out because this library does not
/// reference the configuration binder; the section has a handful of scalar keys and one list.
/// </summary>
internal sealed class DeliveryOptionsBinding(IConfiguration configuration) : IConfigureOptions<DeliveryOptions>, IValidateOptions<DeliveryOptions>
{
    public void Configure(DeliveryOptions options) => Bind(configuration.GetSection(DeliveryOptions.Section), options, []);

    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        // Values that did not parse were left at their defaults by Configure; read again to name them.
        var failures = new List<string>();
        Bind(configuration.GetSection(DeliveryOptions.Section), new DeliveryOptions(), failures);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        failures.AddRange(results.Select(r => $"{DeliveryOptions.Section}:{string.Join(',', r.MemberNames)}: {r.ErrorMessage}"));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private delegate bool Parser<T>(string text, out T value);

    private static void Bind(IConfigurationSection section, DeliveryOptions options, List<string> errors)
    {
        options.Enabled = Read(section, nameof(options.Enabled), options.Enabled, bool.TryParse, errors);
        options.PollInterval = Read(section, nameof(options.PollInterval), options.PollInterval, TryParseTime, errors);
        options.MaxAttempts = Read(section, nameof(options.MaxAttempts), options.MaxAttempts, TryParseInt, errors);
        options.InitialBackoff = Read(section, nameof(options.InitialBackoff), options.InitialBackoff, TryParseTime, errors);
        options.MaxBackoff = Read(section, nameof(options.MaxBackoff), options.MaxBackoff, TryParseTime, errors);
        options.Timeout = Read(section, nameof(options.Timeout), options.Timeout, TryParseTime, errors);
        options.MaxConcurrentDestinations = Read(section, nameof(options.MaxConcurrentDestinations), options.MaxConcurrentDestinations, TryParseInt, errors);
        options.BatchSize = Read(section, nameof(options.BatchSize), options.BatchSize, TryParseInt, errors);
        ReadNetworks(section.GetSection(nameof(options.AllowedNetworks)), options.AllowedNetworks, errors);
    }

    /// <summary>
    /// A list (<c>AllowedNetworks:0</c>, <c>:1</c> …) and, for environment variables, a comma-separated
    /// value (<c>Delivery__AllowedNetworks=10.0.0.0/8,192.168.0.0/16</c>). Empty entries are skipped.
    /// </summary>
    private static void ReadNetworks(IConfigurationSection section, IList<IPNetwork> networks, List<string> errors)
    {
        var entries = section.GetChildren().Select(c => (c.Path, c.Value))
            .Concat((section.Value ?? "").Split(',').Select(v => (section.Path, (string?)v)));
        foreach (var (path, value) in entries)
        {
            var text = value?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            if (IPNetwork.TryParse(text, out var network))
            {
                networks.Add(network);
            }
            else
            {
                errors.Add($"{path}: '{text}' is not a network in CIDR notation (such as 10.20.0.0/16, 127.0.0.0/8 or fd00::/8).");
            }
        }
    }

    private static T Read<T>(IConfigurationSection section, string key, T fallback, Parser<T> parse, List<string> errors)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (parse(text.Trim(), out var value))
        {
            return value;
        }

        errors.Add($"{section.Path}:{key}: '{text}' is not a valid {(typeof(T) == typeof(TimeSpan) ? "time span (hh:mm:ss.fff)" : typeof(T).Name)}.");
        return fallback;
    }

    private static bool TryParseTime(string text, out TimeSpan value) => TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);

    private static bool TryParseInt(string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
}
