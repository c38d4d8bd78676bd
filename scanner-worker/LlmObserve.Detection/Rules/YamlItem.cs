using YamlDotNet.RepresentationModel;

namespace LlmObserve.Detection.Rules;

/// <summary>
/// Typed reads of one YAML mapping of a rule file (a rule, an exception, an example). Every wrong type or
/// unknown key is added to the error list, at the key or value it is about, and the read goes on, so one pass
/// over a file reports all its problems.
/// </summary>
internal sealed class YamlItem(RuleFileText file, YamlMappingNode map, string what, ICollection<RuleError> errors)
{
    public RuleFileText File => file;

    public YamlMappingNode Map => map;

    /// <summary>How the item is named in messages, e.g. <c>rule 'secret.github_token'</c>.</summary>
    public string What => what;

    public ICollection<RuleError> Errors => errors;

    public bool Has(string key) => Node(key) is not null;

    public YamlNode? Node(string key)
    {
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: var name } && name == key)
            {
                return v;
            }
        }

        return null;
    }

    public YamlScalarNode? KeyNode(string key) =>
        map.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value == key);

    public void Error(YamlNode at, string message) => errors.Add(file.Error(at, message));

    /// <summary>Reports every key not in <paramref name="allowed"/>, with the closest allowed key as a hint.</summary>
    public void CheckKeys(IReadOnlyCollection<string> allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                Error(key, $"{what} has a key that is not a plain name");
            }
            else if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                Error(key, $"{what} has unknown key '{name}'{Suggestions.DidYouMean(name, allowed)}; expected one of {string.Join(", ", allowed)}");
            }
        }
    }

    public YamlScalarNode? Scalar(string key, bool required = false)
    {
        var node = Node(key);
        if (node is null || node is YamlScalarNode { Value: null or "" or "~" or "null", Style: YamlDotNet.Core.ScalarStyle.Plain })
        {
            if (required)
            {
                Error(node ?? map, $"{what} is missing required key '{key}'");
            }

            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar;
        }

        Error(node, $"{what}: '{key}' must be a single value, not a {Describe(node)}");
        return null;
    }

    public string? String(string key, bool required = false) => Scalar(key, required)?.Value;

    public bool? Bool(string key)
    {
        var scalar = Scalar(key);
        if (scalar is null)
        {
            return null;
        }

        if (bool.TryParse(scalar.Value, out var value) && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain)
        {
            return value;
        }

        Error(scalar, $"{what}: '{key}' must be true or false, but is '{scalar.Value}'");
        return null;
    }

    public YamlSequenceNode? Sequence(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null or YamlScalarNode { Value: null or "" or "~", Style: YamlDotNet.Core.ScalarStyle.Plain }:
                return null;
            case YamlSequenceNode sequence:
                return sequence;
            default:
                Error(node, $"{what}: '{key}' must be a list, not a {Describe(node)}");
                return null;
        }
    }

    /// <summary>A list of plain strings; a nested list or mapping inside is an error.</summary>
    public List<string>? Strings(string key) => Sequence(key) is { } sequence ? Strings(sequence, key) : null;

    public List<string> Strings(YamlSequenceNode sequence, string key)
    {
        var values = new List<string>();
        foreach (var item in sequence)
        {
            if (item is YamlScalarNode { Value: { } value })
            {
                values.Add(value);
            }
            else
            {
                Error(item, $"{what}: every item of '{key}' must be a single value, not a {Describe(item)}");
            }
        }

        return values;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "value",
    };
}
