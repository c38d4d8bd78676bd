namespace LlmObserve.IngestApi.Cli;

/// <summary>The KEY=value files deploy/local writes (.llmobserve/local.env, .llmobserve/test.env).</summary>
public static class EnvFile
{
    /// <summary>The file's values; empty when it does not exist. Lines starting with # are comments.</summary>
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return values;
        }

        foreach (var line in File.ReadLines(path))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && !line.StartsWith('#'))
            {
                values[line[..eq].Trim()] = line[(eq + 1)..].Trim();
            }
        }

        return values;
    }
}
