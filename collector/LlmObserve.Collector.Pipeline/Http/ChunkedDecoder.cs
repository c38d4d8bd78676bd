using LlmObserve.Collector.Pipeline.Content;

namespace LlmObserve.Collector.Pipeline.Http;

/// <summary>
/// Undoes chunked transfer coding (RFC 9112 section 7.1) byte by byte in the size lines and trailers, and
/// a slice at a time in chunk data, so a chunk boundary may fall anywhere, including inside a size line.
/// Chunk data goes to the content decoder: chunks are removed before decompressing.
/// </summary>
/// <remarks>Not thread-safe: used by the pipeline thread only.</remarks>
internal sealed class ChunkedDecoder
{
    // Extensions and trailers are metadata nobody sends much of: longer lines are garbage, not HTTP.
    private const int MaxExtensionBytes = 4096;
    private const int MaxTrailerBytes = 16 * 1024;
    private const int MaxSizeDigits = 15; // 15 hex digits cannot overflow a long

    private State _state = State.Size;
    private long _size;
    private int _digits;
    private int _metadataBytes;
    private long _remaining;

    private enum State
    {
        Size,
        Extension,
        SizeLf,
        Data,
        DataCr,
        DataLf,
        TrailerStart,
        Trailer,
        TrailerLf,
        Done,
    }

    public bool IsDone => _state == State.Done;

    public bool IsMalformed { get; private set; }

    /// <summary>Reads up to the end of the body; returns how many bytes of <paramref name="data"/> belong to it.</summary>
    public int Feed(ReadOnlySpan<byte> data, ContentDecoder output)
    {
        var i = 0;
        while (i < data.Length && _state != State.Done && !IsMalformed)
        {
            if (_state == State.Data)
            {
                var count = (int)Math.Min(_remaining, data.Length - i);
                output.Write(data.Slice(i, count));
                i += count;
                _remaining -= count;
                _state = _remaining == 0 ? State.DataCr : State.Data;
                continue;
            }

            Step(data[i++]);
        }

        return i;
    }

    /// <summary>Lost bytes are survivable only inside one chunk's data: the framing is intact around them.</summary>
    public bool TrySkip(long lost)
    {
        if (_state != State.Data || lost > _remaining)
        {
            return false;
        }

        _remaining -= lost;
        _state = _remaining == 0 ? State.DataCr : State.Data;
        return true;
    }

    private void Step(byte b)
    {
        switch (_state)
        {
            case State.Size when HexValue(b) is var digit and >= 0:
                IsMalformed = ++_digits > MaxSizeDigits;
                _size = (_size * 16) + digit;
                break;
            case State.Size when _digits > 0 && b is (byte)';' or (byte)' ' or (byte)'\t':
                _state = State.Extension;
                break;
            case State.Size when _digits > 0 && b == '\r':
                _state = State.SizeLf;
                break;
            case State.Size or State.SizeLf or State.Extension when b == '\n' && _digits > 0:
                EndSizeLine();
                break;
            case State.Extension:
                IsMalformed = ++_metadataBytes > MaxExtensionBytes;
                break;
            case State.DataCr when b == '\r':
                _state = State.DataLf;
                break;
            case State.DataCr or State.DataLf when b == '\n':
                _state = State.Size;
                break;
            case State.TrailerStart when b == '\r':
                _state = State.TrailerLf;
                break;
            case State.TrailerStart or State.TrailerLf when b == '\n':
                _state = State.Done;
                break;
            case State.TrailerStart or State.Trailer when b != '\n':
                _state = State.Trailer;
                IsMalformed = ++_metadataBytes > MaxTrailerBytes;
                break;
            case State.Trailer:
                _state = State.TrailerStart;
                break;
            default:
                IsMalformed = true;
                break;
        }
    }

    private void EndSizeLine()
    {
        _state = _size == 0 ? State.TrailerStart : State.Data;
        _remaining = _size;
        _size = 0;
        _digits = 0;
        _metadataBytes = 0;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
