using LlmObserve.Testing;

namespace LlmObserve.Deploy.Tests;

/// <summary>
/// Replays the stage of a Dockerfile that runs <c>dotnet publish</c> on this machine, without Docker:
/// the build context is the repository less what .dockerignore excludes, each COPY from it lands
/// under a directory standing in for the stage's root, and each <c>dotnet</c> command of its RUN
/// instructions runs there, in order (so the restore sees only what was copied before it). Package
/// installs are not replayed: this machine has the tools (deploy/local/lib.sh installs them), and
/// the SDK the image would copy in. A <c>test -s FILE</c> in a RUN is checked.
/// </summary>
internal static class DockerBuildStage
{
    /// <summary>MSBuild and compiler servers would outlive the command and hold its output open.</summary>
    private static readonly Dictionary<string, string> NoBuildServers = new(StringComparer.Ordinal)
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["UseSharedCompilation"] = "false",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    /// <summary>Debian packages a stage installs for its build, and the command each stands for on this machine.</summary>
    private static readonly (string Package, string Command)[] ToolsOfPackages = [("make", "make"), ("clang", "clang"), ("llvm", "llvm-strip"), ("bpftool", "bpftool")];

    /// <summary>Runs the stage under <paramref name="work"/>; returns the directory its publish wrote.</summary>
    public static async Task<string> PublishAsync(Dockerfile dockerfile, string work)
    {
        var stage = Assert.Single(dockerfile.Stages, s => s.Dotnet("publish").Count > 0);
        RequireTools(stage);
        var context = Path.Combine(work, "context");
        CopyContext(context);
        var root = Path.Combine(work, "stage");
        string Map(string path) => Path.Combine(root, Path.GetFullPath(Path.Combine(stage.WorkDir, path)).TrimStart('/'));
        Directory.CreateDirectory(Map("."));

        foreach (var instruction in stage.Instructions)
        {
            if (instruction.Keyword == "COPY" && !instruction.Words.Any(w => w.StartsWith("--from=", StringComparison.Ordinal)))
            {
                var copy = stage.Copies.Single(c => c.Line == instruction.Line);
                foreach (var source in copy.Sources)
                {
                    CopyInto(Path.Combine(context, source), Map(copy.Destination));
                }
            }
            else if (instruction.Keyword == "RUN")
            {
                foreach (var command in instruction.Commands)
                {
                    await RunAsync(command, Map, $"{Path.GetFileName(dockerfile.Path)}:{instruction.Line}");
                }
            }
        }

        return Map(stage.Dotnet("publish")[0].Output ?? throw new InvalidOperationException("dotnet publish has no -o"));
    }

    private static async Task RunAsync(string[] command, Func<string, string> map, string where)
    {
        if (command is ["test", "-s", var file])
        {
            Assert.True(File.Exists(map(file)) && new FileInfo(map(file)).Length > 0, $"{where}: test -s {file} fails: it is missing or empty.");
        }
        else if (command[0] == "dotnet")
        {
            // The project (right after the verb, as our Dockerfiles write it) and the output are paths in the stage.
            var args = command[1..].ToArray();
            args[1] = map(args[1]);
            for (var i = 2; i < args.Length; i++)
            {
                args[i] = args[i - 1] is "-o" or "--output" ? map(args[i]) : args[i];
            }

            var (exitCode, output) = await InstallCommand.RunAsync("dotnet", args, NoBuildServers, TimeSpan.FromMinutes(8));
            Assert.True(exitCode == 0, $"{where}: dotnet {string.Join(' ', command[1..])} failed:\n{output}");
        }
    }

    /// <summary>The tools the stage installs for its build (bpf/Makefile's), which this machine must have instead.</summary>
    private static void RequireTools(DockerStage stage)
    {
        var packages = stage.AptInstalled;
        var missing = ToolsOfPackages.Where(t => packages.Contains(t.Package, StringComparer.Ordinal) && !OnPath(t.Command)).Select(t => t.Command).ToList();
        if (missing.Count > 0)
        {
            TestEnvironment.Unavailable($"the build needs {string.Join(", ", missing)} (deploy/local/lib.sh installs them)");
        }
    }

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Any(dir => File.Exists(Path.Combine(dir, command)));

    /// <summary>The repository's files that .dockerignore lets into the build context.</summary>
    private static void CopyContext(string context)
    {
        var ignore = DockerIgnore.Load(Path.Combine(TestEnvironment.RepositoryRoot, ".dockerignore"));
        var pending = new Stack<string>([TestEnvironment.RepositoryRoot]);
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(TestEnvironment.RepositoryRoot, entry.FullName);
                if (ignore.Excludes(relative) || entry.LinkTarget is not null)
                {
                    continue;
                }

                if (entry is DirectoryInfo)
                {
                    pending.Push(entry.FullName);
                }
                else
                {
                    var target = Path.Combine(context, relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(entry.FullName, target);
                }
            }
        }
    }

    /// <summary>COPY's rules for our cases: a file into a directory, a directory's contents (not the directory) into a directory.</summary>
    private static void CopyInto(string source, string destination)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(destination);
            File.Copy(source, Path.Combine(destination, Path.GetFileName(source)), overwrite: true);
            return;
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
        }
    }
}
