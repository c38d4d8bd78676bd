using System.Text;
using System.Text.RegularExpressions;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// The repository's .dockerignore, matched as Docker matches it: patterns relative to the context
/// root, <c>*</c> and <c>?</c> within one path segment, <c>**</c> across any number of them, a
/// pattern that matches a directory excludes everything under it, and a later <c>!pattern</c>
/// brings matching paths back.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude)> _rules;

    private DockerIgnore(List<(Regex Pattern, bool Exclude)> rules) => _rules = rules;

    public static DockerIgnore Load(string file)
    {
        var rules = new List<(Regex, bool)>();
        foreach (var raw in File.ReadLines(file))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exclude = !line.StartsWith('!');
            var pattern = (exclude ? line : line[1..]).Trim().Trim('/');
            rules.Add((ToRegex(pattern), exclude));
        }

        return new DockerIgnore(rules);
    }

    /// <summary>Whether the path (relative to the context root, '/' separated) stays out of the build context.</summary>
    public bool Excludes(string relativePath)
    {
        var path = relativePath.Replace('\\', '/').Trim('/');
        var excluded = false;
        foreach (var (pattern, exclude) in _rules)
        {
            if (SelfAndParents(path).Any(pattern.IsMatch))
            {
                excluded = exclude;
            }
        }

        return excluded;
    }

    private static IEnumerable<string> SelfAndParents(string path)
    {
        for (var p = path; p.Length > 0; p = p.LastIndexOf('/') is var i and >= 0 ? p[..i] : "")
        {
            yield return p;
        }
    }

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" is any number of leading segments, none included; a trailing "**" is anything.
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(new string(c, 1)),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
