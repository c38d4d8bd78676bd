using System.Globalization;
using System.Text;

namespace LlmObserve.Administration.Deploy;

/// <summary>
/// Quoting of user-supplied values (a cluster's name) for the files we render, so that a value is always
/// one string and never code: a YAML double-quoted scalar and a shell single-quoted word.
/// </summary>
internal static class DeployQuoting
{
    /// <summary>
    /// A YAML double-quoted scalar holding exactly <paramref name="value"/>. Quote and backslash are escaped,
    /// and so is every character YAML does not allow printed or may read as a line break (C0 and C1 controls,
    /// DEL, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF), with JSON-compatible escapes every YAML parser reads.
    /// </summary>
    public static string Yaml(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case < ' ' or (>= '\u007f' and <= '\u009f') or '\u2028' or '\u2029' or '\ufeff' or '\ufffe' or '\uffff':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: builder.Append(c); break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>
    /// A shell word holding exactly <paramref name="value"/>: single quotes, inside which nothing is special,
    /// with each single quote written as <c>'\''</c>. NUL cannot be in a shell word at all, so it is refused.
    /// </summary>
    public static string Shell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A shell word cannot hold NUL.", nameof(value));
        }

        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
