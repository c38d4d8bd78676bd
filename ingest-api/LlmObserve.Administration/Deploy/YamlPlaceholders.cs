using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LlmObserve.Administration.Deploy;

/// <summary>
/// Fills placeholders into YAML text without re-emitting it: every scalar that is a mapping VALUE or a
/// sequence item (never a key) and equals a placeholder is replaced, in place, by the value as a
/// double-quoted scalar. Comments, layout and every other scalar stay exactly as written, so the objects
/// are those of the file with only the placeholders changed.
/// </summary>
internal static class YamlPlaceholders
{
    /// <summary>
    /// The text with placeholders filled; <paramref name="found"/> counts each placeholder replaced, so the
    /// caller can insist that each occurs exactly once across its files.
    /// </summary>
    public static string Fill(string yaml, IReadOnlyDictionary<string, string> values, IDictionary<string, int> found)
    {
        var spans = new List<(int Start, int End, string Value)>();
        var frames = new Stack<Frame>();
        var parser = new Parser(new StringReader(yaml));
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case Scalar scalar:
                    if (!TakeSlotIsKey(frames) && values.TryGetValue(scalar.Value, out var value))
                    {
                        spans.Add((checked((int)scalar.Start.Index), checked((int)scalar.End.Index), value));
                        found[scalar.Value] = found.TryGetValue(scalar.Value, out var n) ? n + 1 : 1;
                    }

                    break;
                case AnchorAlias:
                    TakeSlotIsKey(frames);
                    break;
                case MappingStart:
                    TakeSlotIsKey(frames);
                    frames.Push(new Frame(IsMapping: true));
                    break;
                case SequenceStart:
                    TakeSlotIsKey(frames);
                    frames.Push(new Frame(IsMapping: false));
                    break;
                case MappingEnd or SequenceEnd:
                    frames.Pop();
                    break;
            }
        }

        var result = new StringBuilder(yaml.Length + 64);
        var at = 0;
        foreach (var (start, end, value) in spans)
        {
            result.Append(yaml, at, start - at).Append(DeployQuoting.Yaml(value));
            at = end;
        }

        return result.Append(yaml, at, yaml.Length - at).ToString();
    }

    /// <summary>A node takes the next slot of its parent: in a mapping, keys and values alternate.</summary>
    private static bool TakeSlotIsKey(Stack<Frame> frames)
    {
        if (frames.Count == 0 || !frames.Peek().IsMapping)
        {
            return false;
        }

        var frame = frames.Peek();
        var isKey = frame.NextIsKey;
        frame.NextIsKey = !isKey;
        return isKey;
    }

    private sealed class Frame(bool IsMapping)
    {
        public bool IsMapping { get; } = IsMapping;

        public bool NextIsKey { get; set; } = true;
    }
}
