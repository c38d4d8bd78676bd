using System.Security.Cryptography;
using LlmObserve.Testing;

namespace LlmObserve.Fuzzing.Harness;

/// <summary>
/// Problem inputs kept as regression tests: <c>tests/LlmObserve.Fuzzing/regressions/&lt;target&gt;/&lt;sha1&gt;.bin</c>
/// in the source tree, replayed by the test project.
/// </summary>
public static class RegressionStore
{
    /// <summary>The folder in the source tree.</summary>
    public static string SourceDirectory => Path.Combine(TestEnvironment.RepositoryRoot, "tests", "LlmObserve.Fuzzing", "regressions");

    /// <summary>Writes the input (named by its SHA-1, so a problem found twice is kept once); returns the path.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "SHA-1 names a file by its content; nothing depends on it resisting collisions.")]
    public static string Save(string directory, string target, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var folder = Path.Combine(directory, target);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, Convert.ToHexStringLower(SHA1.HashData(input)) + ".bin");
        File.WriteAllBytes(path, input);
        return path;
    }

    /// <summary>Every saved input: (target, path), in name order.</summary>
    public static IReadOnlyList<(string Target, string Path)> All(string? directory = null)
    {
        directory ??= SourceDirectory;
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(directory, "*.bin", SearchOption.AllDirectories)
            .Select(path => (Target: Path.GetFileName(Path.GetDirectoryName(path)!), Path: path))
            .OrderBy(p => p.Target, StringComparer.Ordinal)
            .ThenBy(p => p.Path, StringComparer.Ordinal)];
    }
}
