using System.Text.Json;
using System.Text.RegularExpressions;
using LlmObserve.Testing;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// deploy/docker/*.Dockerfile, checked against the repository without Docker: every path they copy is
/// in the build context, the restore layer holds every project the publish needs, the entry point is
/// the assembly the published project builds, base images are pinned, backend images run as a
/// non-root user, and the collector image carries libbpf and the eBPF object its build compiles.
/// </summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string> Files => new(Dockerfile.FileNames);

    public static TheoryData<string> BackendFiles => new(BackendFileNames);

    /// <summary>The images that run on ASP.NET Core: ingest-api, scanner-worker, web.</summary>
    private static IEnumerable<string> BackendFileNames =>
        Dockerfile.FileNames.Where(f => Dockerfile.Load(f).Final.Image.Contains("/dotnet/aspnet:", StringComparison.Ordinal));

    [Fact]
    public void Directory_HoldsAnImagePerService()
    {
        Assert.Equal(["collector.Dockerfile", "ingest-api.Dockerfile", "scanner-worker.Dockerfile", "web.Dockerfile"], Dockerfile.FileNames);
        Assert.Equal(["ingest-api.Dockerfile", "scanner-worker.Dockerfile", "web.Dockerfile"], BackendFileNames);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Copy_FromTheContext_NamesPathsThatExistAndAreNotIgnored(string file)
    {
        var ignore = DockerIgnore.Load(Path.Combine(TestEnvironment.RepositoryRoot, ".dockerignore"));
        var copies = Dockerfile.Load(file).Stages.SelectMany(s => s.Copies).Where(c => c.From is null).ToList();

        Assert.NotEmpty(copies);
        foreach (var (copy, source) in copies.SelectMany(c => c.Sources.Select(s => (c, s))).Where(x => x.s != "."))
        {
            var path = Path.Combine(TestEnvironment.RepositoryRoot, source);
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{file}:{copy.Line}: COPY {source}: no such path in the repository.");
            Assert.False(ignore.Excludes(source), $"{file}:{copy.Line}: COPY {source}: .dockerignore keeps it out of the build context.");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Restore_HasEveryProjectOfThePublishCopiedBeforeIt(string file)
    {
        var (stage, publish) = Publish(Dockerfile.Load(file));
        var restore = Assert.Single(stage.Dotnet("restore"));
        var project = DockerPublishedProject.Resolve(publish.Project, stage.WorkDir);
        Assert.Equal(project.RelativePath, DockerPublishedProject.Resolve(restore.Project, stage.WorkDir).RelativePath);

        // Where each file copied before the restore lands, relative to the sources' root (the WORKDIR).
        var before = stage.Copies.Where(c => c.From is null && c.Line < restore.Line).ToList();
        Assert.DoesNotContain(before, c => c.Sources.Contains("."));
        var placed = before.SelectMany(c => c.Sources.Where(s => Landing(c.Destination, s, stage.WorkDir) == s)).ToHashSet(StringComparer.Ordinal);

        foreach (var needed in project.Closure().SelectMany(p => BuildInputs(p.RelativePath)).Distinct(StringComparer.Ordinal))
        {
            Assert.True(placed.Contains(needed), $"{file}: `dotnet restore` at line {restore.Line} needs {needed}, copied to the same path before it.");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EntryPoint_RunsTheAssemblyThePublishedProjectBuilds(string file)
    {
        var dockerfile = Dockerfile.Load(file);
        var (stage, publish) = Publish(dockerfile);
        var project = DockerPublishedProject.Resolve(publish.Project, stage.WorkDir);
        var final = dockerfile.Final;

        Assert.Equal(["dotnet", project.AssemblyName + ".dll"], final.EntryPoint);
        Assert.NotNull(publish.Output);
        var copy = Assert.Single(final.Copies, c => c.From == stage.Name);
        Assert.Equal([Absolute(publish.Output, stage.WorkDir)], copy.Sources.Select(s => Absolute(s, stage.WorkDir)));
        Assert.Equal(final.WorkDir, Absolute(copy.Destination, final.WorkDir));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task BuildStage_ReplayedHere_PublishesWhatTheFinalStageRuns(string file)
    {
        var dockerfile = Dockerfile.Load(file);
        var (stage, publish) = Publish(dockerfile);
        var project = DockerPublishedProject.Resolve(publish.Project, stage.WorkDir);
        var work = Directory.CreateTempSubdirectory("llmobserve-docker-");
        try
        {
            var output = await DockerBuildStage.PublishAsync(dockerfile, work.FullName);

            Assert.True(File.Exists(Path.Combine(output, dockerfile.Final.EntryPoint![^1])), $"{file}: the publish wrote no {dockerfile.Final.EntryPoint[^1]}.");
            Assert.True(File.Exists(Path.Combine(output, project.AssemblyName + ".runtimeconfig.json")), $"{file}: {project.AssemblyName} is not an application.");
            var wwwroot = Path.Combine(TestEnvironment.RepositoryRoot, Path.GetDirectoryName(project.RelativePath)!, "wwwroot");
            if (Directory.Exists(wwwroot))
            {
                Assert.All(Directory.GetFiles(wwwroot, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(wwwroot, f)),
                    f => Assert.True(File.Exists(Path.Combine(output, "wwwroot", f)), $"{file}: wwwroot/{f} is not published next to the assembly."));
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void BaseImages_ArePinnedToAFullVersion(string file)
    {
        foreach (var stage in Dockerfile.Load(file).StagesFromImages)
        {
            var reference = stage.Image.Split('@')[0];
            var colon = reference.LastIndexOf(':');
            Assert.True(colon > reference.LastIndexOf('/'), $"{file}:{stage.Line}: {stage.Image} has no tag: it would float.");
            var tag = reference[(colon + 1)..];
            var version = VersionPrefix().Match(tag).Value;
            var parts = version.Length == 0 ? 0 : version.Split('.').Length;
            var needed = reference.StartsWith("mcr.microsoft.com/dotnet/", StringComparison.Ordinal) ? 3 : 2;
            Assert.True(parts >= needed, $"{file}:{stage.Line}: {stage.Image} should be pinned to a full version ({needed} parts), not '{tag}'.");
            Assert.DoesNotContain("latest", tag, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DotnetImages_ShareOneSdkOneRuntimeAndOneDistribution_MatchingGlobalJson()
    {
        var images = Dockerfile.FileNames.SelectMany(f => Dockerfile.Load(f).StagesFromImages)
            .Select(s => s.Image).Where(i => i.StartsWith("mcr.microsoft.com/dotnet/", StringComparison.Ordinal))
            .Select(i => (Repository: i[..i.LastIndexOf(':')], Tag: i[(i.LastIndexOf(':') + 1)..]))
            .Select(i => (i.Repository, Version: new Version(VersionPrefix().Match(i.Tag).Value), Flavour: i.Tag[VersionPrefix().Match(i.Tag).Length..]))
            .ToList();

        var sdk = Assert.Single(images.Where(i => i.Repository.EndsWith("/sdk", StringComparison.Ordinal)).Select(i => i.Version).Distinct());
        var runtime = Assert.Single(images.Where(i => !i.Repository.EndsWith("/sdk", StringComparison.Ordinal)).Select(i => i.Version).Distinct());
        Assert.Single(images.Select(i => i.Flavour).Distinct());
        Assert.Equal((sdk.Major, sdk.Minor), (runtime.Major, runtime.Minor));

        // global.json pins a minimum SDK with rollForward latestFeature: same major.minor, at least that feature band and patch.
        using var globalJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "global.json")));
        var pinned = new Version(globalJson.RootElement.GetProperty("sdk").GetProperty("version").GetString()!);
        Assert.Equal((pinned.Major, pinned.Minor), (sdk.Major, sdk.Minor));
        Assert.True(sdk >= pinned, $"The SDK image {sdk} is older than global.json's {pinned}.");
    }

    [Theory]
    [MemberData(nameof(BackendFiles))]
    public void BackendImage_RunsAsANumericNonRootUser_OnPort8080(string file)
    {
        var final = Dockerfile.Load(file).Final;

        Assert.True(int.TryParse(final.User, System.Globalization.CultureInfo.InvariantCulture, out var uid) && uid > 0,
            $"{file}: USER should be a numeric non-root id (runAsNonRoot can verify only numbers), not '{final.User}'.");
        Assert.Equal("http://+:8080", final.Env.GetValueOrDefault("ASPNETCORE_URLS"));
        Assert.Equal(["8080"], final.Exposed);
    }

    [Fact]
    public void CollectorImage_CarriesLibbpf_AndTheBpfObjectItsBuildCompiles()
    {
        var dockerfile = Dockerfile.Load("collector.Dockerfile");
        var (stage, publish) = Publish(dockerfile);
        var final = dockerfile.Final;

        // Runtime: libbpf.so.1 from the distribution, no leftovers; root, for the capabilities it is granted.
        Assert.Contains("/dotnet/runtime:", final.Image, StringComparison.Ordinal);
        var install = Assert.Single(final.Where("RUN"), r => r.Arguments.Contains("apt-get install", StringComparison.Ordinal));
        Assert.Contains("libbpf1", final.AptInstalled);
        Assert.Contains("--no-install-recommends", install.Arguments, StringComparison.Ordinal);
        Assert.Contains("rm -rf /var/lib/apt/lists/*", install.Arguments, StringComparison.Ordinal);
        Assert.True(final.User is null or "0" or "root", $"The collector runs as root with granted capabilities, not as '{final.User}'.");
        Assert.Equal(["run"], final.Cmd);

        // Build: the tools bpf/Makefile runs, in the stage that publishes.
        Assert.Subset(stage.AptInstalled.ToHashSet(StringComparer.Ordinal), new HashSet<string>(["make", "clang", "llvm", "bpftool", "libbpf-dev"], StringComparer.Ordinal));
        var makefile = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "bpf", "Makefile"));
        Assert.Contains("CLANG ?= clang", makefile, StringComparison.Ordinal);
        Assert.Contains("LLVM_STRIP ?= llvm-strip", makefile, StringComparison.Ordinal);

        // The published project's closure compiles the object with make and copies it next to the assembly;
        // the publish step proves it is there, and the final stage copies the whole publish output.
        var closure = DockerPublishedProject.Resolve(publish.Project, stage.WorkDir).Closure();
        Assert.Contains(closure.SelectMany(p => p.Document.Descendants("Exec")), e => ((string)e.Attribute("Command")!).StartsWith("make ", StringComparison.Ordinal));
        var link = Assert.Single(closure.SelectMany(p => p.Document.Descendants())
            .Where(e => ((string?)e.Attribute("Link"))?.EndsWith(".bpf.o", StringComparison.Ordinal) == true && (string?)e.Attribute("CopyToOutputDirectory") is "PreserveNewest" or "Always")
            .Select(e => (string)e.Attribute("Link")!));
        var run = Assert.Single(stage.Where("RUN"), r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains($"test -s {publish.Output}/{link}", run.Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputOut_AndTheSourcesIn()
    {
        var ignore = DockerIgnore.Load(Path.Combine(TestEnvironment.RepositoryRoot, ".dockerignore"));

        Assert.All(
            [".git/HEAD", ".llmobserve/test.env", "collector/LlmObserve.Collector/obj/project.assets.json", "web/LlmObserve.Web/bin/Release/net10.0/LlmObserve.Web.dll",
             "web/LlmObserve.Web/node_modules/chart.js/package.json", "bpf/build/vmlinux.h", "tests/LlmObserve.Deploy.Tests/ComposeTests.cs"],
            path => Assert.True(ignore.Excludes(path), $"{path} should stay out of the build context."));
        Assert.All(
            ["bpf/Makefile", "bpf/llmobserve.bpf.c", ".editorconfig", "Directory.Build.props", "deploy/k8s/collector/daemonset.yaml", "deploy/linux/install-collector.sh",
             "web/LlmObserve.Web/wwwroot/lib/chart.js/chart.umd.js", "scanner-worker/LlmObserve.Detection/Models/injection-classifier.bin"],
            path => Assert.False(ignore.Excludes(path), $"{path} is needed by a build and must be in the context."));
    }

    /// <summary>The one stage that runs <c>dotnet publish</c>, and that command.</summary>
    private static (DockerStage Stage, DotnetCommand Publish) Publish(Dockerfile dockerfile)
    {
        var stage = Assert.Single(dockerfile.Stages, s => s.Dotnet("publish").Count > 0);
        Assert.NotNull(stage.Name);
        return (stage, Assert.Single(stage.Dotnet("publish")));
    }

    /// <summary>The files restore reads for a project: the .csproj, the Directory.*.props above it, global.json and NuGet.config.</summary>
    private static IEnumerable<string> BuildInputs(string project)
    {
        yield return project;
        for (var dir = Path.GetDirectoryName(project); dir is not null; dir = dir.Length == 0 ? null : Path.GetDirectoryName(dir))
        {
            foreach (var name in (string[])["Directory.Build.props", "Directory.Packages.props", "Directory.Build.targets", "global.json", "NuGet.config", "nuget.config"])
            {
                var candidate = Path.Combine(dir, name).Replace('\\', '/');
                if (File.Exists(Path.Combine(TestEnvironment.RepositoryRoot, candidate)))
                {
                    yield return candidate;
                }
            }
        }
    }

    /// <summary>Where COPY puts <paramref name="source"/> into the directory <paramref name="destination"/>, relative to the WORKDIR.</summary>
    private static string Landing(string destination, string source, string workDir) =>
        Path.GetRelativePath(workDir, Path.Combine(Absolute(destination, workDir), Path.GetFileName(source))).Replace('\\', '/');

    private static string Absolute(string path, string workDir) => Path.GetFullPath(Path.Combine(workDir, path)).TrimEnd('/') is { Length: > 0 } p ? p : "/";

    [GeneratedRegex(@"^\d+(\.\d+)*", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex VersionPrefix();
}
