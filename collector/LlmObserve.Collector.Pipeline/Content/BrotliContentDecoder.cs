using System.Buffers;
using System.IO.Compression;

namespace LlmObserve.Collector.Pipeline.Content;

/// <summary>Brotli ("br"), through the runtime's push-based <see cref="BrotliDecoder"/>.</summary>
internal sealed class BrotliContentDecoder(BodyCollector output, long maxDecodedBytes) : ContentDecoder(output, maxDecodedBytes)
{
    // A mutable struct holding native state: kept in this one field and never copied.
    private BrotliDecoder _decoder;
    private bool _finished;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decoder.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override void Decode(ReadOnlySpan<byte> encoded)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(ScratchSize);
        try
        {
            while (!_finished && !encoded.IsEmpty)
            {
                var status = _decoder.Decompress(encoded, scratch, out var consumed, out var written);
                encoded = encoded[consumed..];
                if (written > 0 && !Emit(scratch.AsSpan(0, written)))
                {
                    return;
                }

                switch (status)
                {
                    case OperationStatus.InvalidData:
                        Stop(DecodeErrors.InvalidBrotli);
                        return;
                    case OperationStatus.Done:
                        _finished = true; // anything after the end of the stream is ignored
                        return;
                    case OperationStatus.NeedMoreData when consumed == 0 && written == 0:
                        return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
