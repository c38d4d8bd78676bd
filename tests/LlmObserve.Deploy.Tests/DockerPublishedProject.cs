using System.Xml.Linq;
using LlmObserve.Testing;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// The project a Dockerfile publishes, read from its .csproj as MSBuild would see the parts that
/// matter to an image: the assembly it builds and every project it references, transitively.
/// </summary>
internal sealed class DockerPublishedProject
{
    private DockerPublishedProject(string relativePath, XDocument document) => (RelativePath, Document) = (relativePath, document);

    /// <summary>The .csproj, relative to the repository root, '/' separated.</summary>
    public string RelativePath { get; }

    public XDocument Document { get; }

    /// <summary>&lt;AssemblyName&gt; when the project sets it, else the project's file name.</summary>
    public string AssemblyName =>
        Document.Descendants("AssemblyName").Select(e => e.Value.Trim()).LastOrDefault(v => v.Length > 0)
        ?? Path.GetFileNameWithoutExtension(RelativePath);

    /// <summary>
    /// The project named by a <c>dotnet</c> command run in <paramref name="workDir"/> of a stage whose
    /// sources were copied there from the repository root: a .csproj, or a directory holding exactly one.
    /// </summary>
    public static DockerPublishedProject Resolve(string argument, string workDir)
    {
        var relative = Path.GetRelativePath(workDir, Path.IsPathRooted(argument) ? argument : Path.Combine(workDir, argument)).Replace('\\', '/');
        var full = Path.Combine(TestEnvironment.RepositoryRoot, relative);
        if (Directory.Exists(full))
        {
            var projects = Directory.GetFiles(full, "*.csproj");
            Assert.True(projects.Length == 1, $"'{argument}' should hold exactly one .csproj; it holds {projects.Length}.");
            full = projects[0];
        }

        Assert.True(File.Exists(full) && full.EndsWith(".csproj", StringComparison.Ordinal), $"'{argument}' is not a .csproj of the repository (looked for {full}).");
        return Load(Path.GetRelativePath(TestEnvironment.RepositoryRoot, full));
    }

    public static DockerPublishedProject Load(string relativePath) =>
        new(relativePath.Replace('\\', '/'), XDocument.Load(Path.Combine(TestEnvironment.RepositoryRoot, relativePath)));

    /// <summary>This project and every project it references, directly or not.</summary>
    public IReadOnlyList<DockerPublishedProject> Closure()
    {
        var seen = new Dictionary<string, DockerPublishedProject>(StringComparer.Ordinal) { [RelativePath] = this };
        var pending = new Queue<DockerPublishedProject>([this]);
        while (pending.TryDequeue(out var project))
        {
            foreach (var reference in project.Document.Descendants("ProjectReference").Select(e => (string)e.Attribute("Include")!))
            {
                var directory = Path.GetDirectoryName(Path.Combine(TestEnvironment.RepositoryRoot, project.RelativePath))!;
                var path = Path.GetRelativePath(TestEnvironment.RepositoryRoot, Path.GetFullPath(Path.Combine(directory, reference.Replace('\\', '/')))).Replace('\\', '/');
                if (!seen.ContainsKey(path))
                {
                    seen[path] = Load(path);
                    pending.Enqueue(seen[path]);
                }
            }
        }

        return [.. seen.Values];
    }
}
