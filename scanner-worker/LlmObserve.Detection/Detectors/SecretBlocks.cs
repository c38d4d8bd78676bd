using System.Buffers;

namespace LlmObserve.Detection.Detectors;

/// <summary>Secrets with structure: PEM private keys, JWTs and Google Cloud service-account files.</summary>
public sealed partial class SecretDetector
{
    // A PEM body is a few kilobytes at most (an RSA-8192 key is about 6 KB); beyond that the END line is not this key's.
    private const int MaxBlock = 16 * 1024;

    private static readonly SearchValues<char> PemLabelChars = SearchValues.Create(" ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static int PrivateKey(string text, int at, Findings found)
    {
        // -----BEGIN [RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP ]PRIVATE KEY[ BLOCK]-----
        var labelStart = at + 11;
        var window = text.AsSpan(labelStart, Math.Min(text.Length - labelStart, 40));
        var close = window.IndexOf("-----", StringComparison.Ordinal);
        if (close < 0)
        {
            return -1;
        }

        var label = window[..close];
        if (label.ContainsAnyExcept(PemLabelChars)
            || !(label.EndsWith("PRIVATE KEY", StringComparison.Ordinal) || label.EndsWith("PRIVATE KEY BLOCK", StringComparison.Ordinal)))
        {
            return -1;
        }

        var headerEnd = labelStart + close + 5;
        var end = headerEnd;
        var body = text.AsSpan(headerEnd, Math.Min(text.Length - headerEnd, MaxBlock));
        if (!StartsWithKeyBody(body))
        {
            return -1; // a header alone names a format (parsers, documentation), it leaks nothing
        }

        // The first dashes after the body are its END line or the next block's BEGIN: searching no further keeps a
        // text of many headers linear.
        var endLine = body.IndexOf("-----", StringComparison.Ordinal);
        if (endLine >= 0 && body[endLine..].StartsWith("-----END ", StringComparison.Ordinal))
        {
            var endClose = body[(endLine + 9)..].IndexOf("-----", StringComparison.Ordinal);
            if (endClose is >= 0 and <= 40)
            {
                end = headerEnd + endLine + 9 + endClose + 5;
            }
        }

        // The header says what the block is; nothing of the key itself goes into evidence.
        return found.Add(SecretKinds.PrivateKey, 0.99, at, end - at, text[at..headerEnd]) ? end : -1;
    }

    private static int Jwt(string text, int at, Findings found)
    {
        // header.payload.signature, each base64url; the header must decode to JSON naming an algorithm.
        var header = Run(text, at, Base64UrlChars, 1024);
        if (header is < 10 or > 1024 || !Dot(text, at + header))
        {
            return -1;
        }

        var payloadStart = at + header + 1;
        var payload = Run(text, payloadStart, Base64UrlChars, 16 * 1024);
        if (payload is < 2 or > 16 * 1024 || !Dot(text, payloadStart + payload))
        {
            return -1;
        }

        var signatureStart = payloadStart + payload + 1;
        var signature = Run(text, signatureStart, Base64UrlChars, 1024);
        if (signature is < 1 or > 1024 || !HeaderNamesAlgorithm(text.AsSpan(at, header)))
        {
            return -1;
        }

        var end = signatureStart + signature;
        return found.AddMasked(SecretKinds.Jwt, 0.97, text, at, end - at) ? end : -1;
    }

    /// <summary>
    /// Whether a PEM body follows its header: after line breaks (real or escaped as \n in JSON), armor headers
    /// (Proc-Type:, Version:, Comment:) or at least 8 base64 characters.
    /// </summary>
    private static bool StartsWithKeyBody(ReadOnlySpan<char> body)
    {
        var i = 0;
        while (i < body.Length && i < 8)
        {
            if (body[i] is '\r' or '\n' or ' ')
            {
                i++;
            }
            else if (body[i] == '\\' && i + 1 < body.Length && body[i + 1] is 'n' or 'r')
            {
                i += 2;
            }
            else
            {
                break;
            }
        }

        var rest = body[i..];
        return rest.StartsWith("Proc-Type:", StringComparison.Ordinal) || rest.StartsWith("Version:", StringComparison.Ordinal)
            || rest.StartsWith("Comment:", StringComparison.Ordinal) || (rest.IndexOfAnyExcept(Base64Chars) is var run && (run < 0 ? rest.Length : run) >= 8);
    }

    private static bool Dot(string text, int index) => index < text.Length && text[index] == '.';

    private static bool HeaderNamesAlgorithm(ReadOnlySpan<char> header)
    {
        Span<char> base64 = stackalloc char[header.Length + 3];
        for (var i = 0; i < header.Length; i++)
        {
            base64[i] = header[i] switch
            {
                '-' => '+',
                '_' => '/',
                var c => c,
            };
        }

        var padded = (header.Length + 3) / 4 * 4;
        base64[header.Length..padded].Fill('=');
        Span<byte> json = stackalloc byte[padded / 4 * 3];
        if (!Convert.TryFromBase64Chars(base64[..padded], json, out var written))
        {
            return false;
        }

        json = json[..written].TrimStart(" \t\r\n"u8);
        return json.Length > 0 && json[0] == (byte)'{' && json.IndexOf("\"alg\""u8) >= 0;
    }

    /// <summary>
    /// A service-account key file: <c>"type": "service_account"</c> with a <c>private_key</c> in the same object.
    /// Runs before the token pass so the key file is one finding, not a file plus the private key inside it. The
    /// JSON may be escaped (inside a tool call's arguments), so quotes are matched with or without a backslash.
    /// </summary>
    private static void FindServiceAccounts(string text, Findings found)
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var hit = text.AsSpan(pos).IndexOf("service_account", StringComparison.Ordinal);
            if (hit < 0)
            {
                return;
            }

            var at = pos + hit;
            pos = at + 15;
            var before = text.AsSpan(Math.Max(0, at - 24), Math.Min(at, 24));
            if (at == 0 || text[at - 1] != '"' || pos >= text.Length || text[pos] is not ('"' or '\\')
                || before.IndexOf("type", StringComparison.Ordinal) < 0)
            {
                continue;
            }

            var open = text.AsSpan(Math.Max(0, at - 4096), Math.Min(at, 4096)).LastIndexOf('{');
            if (open < 0)
            {
                continue;
            }

            var start = Math.Max(0, at - 4096) + open;
            var objectText = text.AsSpan(start, Math.Min(text.Length - start, MaxBlock));
            var key = PrivateKeyField(objectText);
            if (key < 0)
            {
                continue;
            }

            var endMarker = objectText[key..].IndexOf("-----END", StringComparison.Ordinal);
            var from = endMarker >= 0 ? key + endMarker : key;
            var close = objectText[from..].IndexOf('}');
            var end = close >= 0 ? start + from + close + 1 : start + objectText.Length;
            if (found.Add(SecretKinds.GcpServiceAccount, 0.99, start, end - start, ServiceAccountEvidence(objectText[..(end - start)])))
            {
                pos = end;
            }
        }
    }

    /// <summary>Where the <c>private_key</c> field (not <c>private_key_id</c>) is, or -1.</summary>
    private static int PrivateKeyField(ReadOnlySpan<char> json)
    {
        var offset = 0;
        while (offset < json.Length)
        {
            var hit = json[offset..].IndexOf("private_key", StringComparison.Ordinal);
            if (hit < 0)
            {
                return -1;
            }

            var after = offset + hit + 11;
            if (after < json.Length && json[after] is '"' or '\\')
            {
                return offset + hit;
            }

            offset = after;
        }

        return -1;
    }

    /// <summary>Which key it is (the masked private_key_id), not the key.</summary>
    private static string ServiceAccountEvidence(ReadOnlySpan<char> json)
    {
        var id = json.IndexOf("private_key_id", StringComparison.Ordinal);
        if (id >= 0)
        {
            var rest = json[(id + 14)..];
            var valueStart = rest.IndexOfAny(AlnumChars);
            if (valueStart is >= 0 and < 8)
            {
                var value = rest[valueStart..];
                var length = value.IndexOfAnyExcept(AlnumChars);
                return "service_account private_key_id=" + SecretMask.Token(length < 0 ? value : value[..length]);
            }
        }

        return "service_account";
    }
}
