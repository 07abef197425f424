using System.Globalization;

namespace Heimdall.Cli;

/// <summary>
/// Reads through to another stream of known length and shows the percentage read on a terminal line
/// (<c>\r</c>-rewritten, cleared by <see cref="Clear"/>). Does not own the inner stream.
/// </summary>
public sealed class ProgressStream(Stream inner, long length, TextWriter terminal, string label) : Stream
{
    private long _read;
    private int _shownPercent = -1;
    private int _shownWidth;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Advance(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Advance(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Advance(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Advance(await inner.ReadAsync(buffer, cancellationToken));

    /// <summary>Removes the progress line, leaving the cursor at the start of an empty line.</summary>
    public void Clear()
    {
        if (_shownWidth > 0)
        {
            terminal.Write("\r" + new string(' ', _shownWidth) + "\r");
            terminal.Flush();
            _shownWidth = 0;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Advance(int read)
    {
        _read += read;
        var percent = length > 0 ? (int)Math.Min(100, _read * 100 / length) : 100;
        if (percent != _shownPercent)
        {
            _shownPercent = percent;
            var text = string.Create(CultureInfo.InvariantCulture, $"{label}: {percent,3} % of {length / 1048576.0:0.0} MiB read");
            terminal.Write("\r" + text);
            terminal.Flush();
            _shownWidth = text.Length;
        }

        return read;
    }
}
