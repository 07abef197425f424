using System.Globalization;

namespace Heimdall.Cli;

/// <summary>
/// Shows the percentage of a file read on one terminal line (<c>\r</c>-rewritten, only when the percentage changes),
/// removed by <see cref="Clear"/>. Fed the bytes read so far by <see cref="Heimdall.Signal.SignalAnalyzer.MeasureAsync(Stream, Heimdall.Signal.SampleFormat, double, Heimdall.Signal.SpectrumOptions?, IProgress{long}?, CancellationToken)"/>.
/// </summary>
public sealed class TerminalProgress(long length, TextWriter terminal, string label) : IProgress<long>
{
    private int _shownPercent = -1;
    private int _shownWidth;

    public void Report(long value)
    {
        var percent = length > 0 ? (int)Math.Min(100, value * 100 / length) : 100;
        if (percent == _shownPercent)
        {
            return;
        }

        _shownPercent = percent;
        var text = string.Create(CultureInfo.InvariantCulture, $"{label}: {percent,3} % of {length / 1048576.0:0.0} MiB read");
        terminal.Write("\r" + text);
        terminal.Flush();
        _shownWidth = text.Length;
    }

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
}
