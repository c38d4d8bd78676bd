using System.Diagnostics;
using System.Globalization;
using System.Text;
using LlmObserve.Testing.Results;

namespace LlmObserve.Benchmarks.Reporting;

/// <summary>
/// Draws the report's charts as PNG with gnuplot (Debian's gnuplot-nox; pngcairo when it has it, else png): a line
/// chart per <see cref="Series"/>, and bar charts of figures against a target. Data files go to a temporary folder,
/// PNGs to <c>docs/charts</c>. Without gnuplot nothing is drawn and <see cref="Missing"/> says why.
/// </summary>
internal sealed class Charts : IDisposable
{
    private const string Size = "800,400";
    private readonly string _output;
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("llmo-charts-");
    private readonly string? _terminal;

    /// <summary>Charts drawn into <paramref name="outputDirectory"/>, which is emptied of earlier PNGs first.</summary>
    public Charts(string outputDirectory)
    {
        _output = outputDirectory;
        Directory.CreateDirectory(_output);
        foreach (var old in Directory.EnumerateFiles(_output, "*.png"))
        {
            File.Delete(old);
        }

        var terminals = Gnuplot("set terminal", out var error);
        _terminal = terminals is null ? null : terminals.Contains("pngcairo", StringComparison.Ordinal) ? "pngcairo" : "png";
        Missing = _terminal is null ? $"gnuplot could not be run ({error}); install Debian's gnuplot-nox to draw the charts." : null;
    }

    /// <summary>Why no charts are drawn, or null when gnuplot works.</summary>
    public string? Missing { get; }

    /// <summary>A line chart of <paramref name="series"/>; returns the PNG's file name, or null when none was drawn.</summary>
    public string? Lines(string name, Series series)
    {
        var plots = series.Lines.Select((line, i) =>
        {
            var data = Path.Combine(_work.FullName, $"{name}-{i}.dat");
            File.WriteAllLines(data, line.X.Zip(line.Y, (x, y) => Invariant($"{x} {y}")));
            var style = line.Label.StartsWith("target", StringComparison.OrdinalIgnoreCase)
                ? "with lines dashtype 2 linewidth 2 linecolor rgb '#c0392b'"
                : $"with linespoints pointtype 7 pointsize 0.6 linewidth 2 linecolor {i + 1}";
            return $"{Quote(data)} using 1:2 {style} title {Quote(line.Label)}";
        });
        // Latencies with a long tail: a log scale keeps the body of the distribution readable.
        var positive = series.Lines.SelectMany(l => l.Y).Where(y => y > 0).ToList();
        var log = positive.Count > 0 && positive.Max() / positive.Min() > 100 ? "set logscale y\nset yrange [*:*]\n" : "";
        return Draw(name, series.Name, series.XLabel, series.YLabel, log + "set key outside bottom center horizontal", "plot " + string.Join(", ", plots));
    }

    /// <summary>A bar per figure, with the target as a dashed line when it has one; returns the PNG's file name, or null.</summary>
    public string? Bars(string name, string title, string yLabel, IReadOnlyList<(string Label, double Value)> bars, double? target)
    {
        var data = Path.Combine(_work.FullName, name + ".dat");
        File.WriteAllLines(data, bars.Select(b => Invariant($"\"{b.Label.Replace("\"", "'", StringComparison.Ordinal)}\" {b.Value}")));
        var plot = $"plot {Quote(data)} using 0:2:xtic(1) with boxes linecolor rgb '#2e86c1' notitle";
        if (target is { } t)
        {
            plot += Invariant($", {t} with lines dashtype 2 linewidth 2 linecolor rgb '#c0392b' title 'target {t:0.###} {yLabel}'");
        }

        return Draw(name, title, "", yLabel,
            "set style fill solid 0.7 border -1\nset boxwidth 0.6\nset xtics rotate by 25 right font ',8'\nset bmargin 9\nset lmargin 16\nset rmargin 3\nset key top left\n" + Invariant($"set xrange [-0.6:{bars.Count - 0.4}]"),
            plot);
    }

    public void Dispose() => _work.Delete(recursive: true);

    private string? Draw(string name, string title, string xLabel, string yLabel, string settings, string plot)
    {
        if (_terminal is null)
        {
            return null;
        }

        var file = name + ".png";
        var script = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"set terminal {_terminal} noenhanced size {Size} font 'sans,10'")
            .AppendLine(CultureInfo.InvariantCulture, $"set output {Quote(Path.Combine(_output, file))}")
            .AppendLine(CultureInfo.InvariantCulture, $"set title {Quote(title)}")
            .AppendLine(CultureInfo.InvariantCulture, $"set xlabel {Quote(xLabel)}")
            .AppendLine(CultureInfo.InvariantCulture, $"set ylabel {Quote(yLabel)}")
            .AppendLine("set grid ytics\nset yrange [0:*]\nset border 3\nset tics nomirror")
            .AppendLine(settings)
            .AppendLine(plot)
            .ToString();
        var path = Path.Combine(_work.FullName, name + ".gp");
        File.WriteAllText(path, script);
        return Gnuplot(path, out var error, asFile: true) is null
            ? throw new InvalidOperationException($"gnuplot failed on {name}: {error}")
            : file;
    }

    /// <summary>Runs gnuplot on a script file or a command; returns what it printed, or null (with the error) when it failed.</summary>
    private static string? Gnuplot(string scriptOrCommand, out string error, bool asFile = false)
    {
        var info = new ProcessStartInfo("gnuplot") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (!asFile)
        {
            info.ArgumentList.Add("-e");
        }

        info.ArgumentList.Add(scriptOrCommand);
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            error = stderr.Trim();
            return process.ExitCode == 0 ? stdout.Result + stderr : null;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>A gnuplot single-quoted string: a quote inside is doubled.</summary>
    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
