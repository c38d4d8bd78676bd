namespace LlmObserve.Collector.Pipeline.Content;

/// <summary>
/// Undoes one Content-Encoding as the body's bytes arrive (push, not pull: the pipeline never waits for
/// input) and hands the decoded bytes to a <see cref="BodyCollector"/>. Decoding stops for good at the hard
/// cap on decoded size, on invalid data or after lost bytes; the framing is still followed by the caller.
/// </summary>
/// <remarks>Not thread-safe: used by the pipeline thread only.</remarks>
internal abstract class ContentDecoder(BodyCollector output, long maxDecodedBytes) : IDisposable
{
    /// <summary>Size of the scratch buffer decoders write into before handing bytes on.</summary>
    protected const int ScratchSize = 16 * 1024;

    protected BodyCollector Output { get; } = output;

    public bool Stopped { get; private set; }

    /// <summary>
    /// The decoder for a body. Discarded bodies are never decompressed (only their wire size is counted);
    /// unknown encodings are kept as they came, with the error noted.
    /// </summary>
    public static ContentDecoder Create(string? encoding, BodyCollector output, long maxDecodedBytes, bool discard)
    {
        if (discard || encoding is null)
        {
            return new IdentityDecoder(output);
        }

        switch (encoding)
        {
            case "gzip" or "x-gzip":
                return new InflateDecoder(output, maxDecodedBytes, gzip: true);
            case "deflate":
                return new InflateDecoder(output, maxDecodedBytes, gzip: false);
            case "br":
                return new BrotliContentDecoder(output, maxDecodedBytes);
            default:
                output.Fail(DecodeErrors.UnsupportedEncoding, cut: false);
                return new IdentityDecoder(output);
        }
    }

    public void Write(ReadOnlySpan<byte> encoded)
    {
        if (!Stopped && !encoded.IsEmpty)
        {
            Decode(encoded);
        }
    }

    /// <summary>Encoded bytes were lost: identity bodies just miss them, compressed ones cannot go on.</summary>
    public virtual void OnLost(long bytes)
    {
        Output.AddLost(bytes);
        Stop(DecodeErrors.LostBytes);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the decoder's native state (zlib, brotli).</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    protected abstract void Decode(ReadOnlySpan<byte> encoded);

    /// <summary>Hands decoded bytes on; false once the hard cap is reached and decoding has stopped.</summary>
    protected bool Emit(ReadOnlySpan<byte> decoded)
    {
        Output.Append(decoded);
        if (Output.DecodedSize < maxDecodedBytes)
        {
            return true;
        }

        Stop(DecodeErrors.DecodedSizeCap);
        return false;
    }

    protected void Stop(string error)
    {
        if (!Stopped)
        {
            Stopped = true;
            Output.Fail(error, cut: true);
        }
    }

    /// <summary>No content coding: the wire bytes are the body; no cap beyond the collector's (there is no bomb).</summary>
    private sealed class IdentityDecoder(BodyCollector output) : ContentDecoder(output, long.MaxValue)
    {
        public override void OnLost(long bytes) => Output.AddLost(bytes);

        protected override void Decode(ReadOnlySpan<byte> encoded) => Output.Append(encoded);
    }
}
