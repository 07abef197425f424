using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Heimdall.Testing;

/// <summary>
/// The running total of one <c>long</c> counter (by its instrument name) in this process, from now until disposed. A
/// counter that is observed rather than counted (an <see cref="ObservableCounter{T}"/>, which reports its total) counts
/// by how much its totals grew since then: each series is read when <see cref="Value"/> is, less what it held when this
/// object was made (a series born later started at 0). With a tag, only the measurements that carry it with that value.
/// </summary>
public sealed class CounterTotal : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(Instrument Instrument, string Tags), (long First, long Last)> _observed = new();
    private long _total;
    private bool _baseline = true;

    public CounterTotal(string instrumentName)
        : this(instrumentName, null)
    {
    }

    /// <summary>Only the measurements tagged <paramref name="tag"/> (its key with an equal value).</summary>
    public CounterTotal(string instrumentName, KeyValuePair<string, object?>? tag)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (tag is { } wanted && !Carries(tags, wanted))
            {
                return;
            }

            if (instrument.IsObservable)
            {
                var key = (instrument, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")));
                _observed.AddOrUpdate(key, (_baseline ? value : 0, value), (_, seen) => (seen.First, value));
            }
            else
            {
                Interlocked.Add(ref _total, value);
            }
        });
        _listener.Start();
        _listener.RecordObservableInstruments();
        _baseline = false;
    }

    public long Value
    {
        get
        {
            _listener.RecordObservableInstruments();
            return Interlocked.Read(ref _total) + _observed.Values.Sum(o => o.Last - o.First);
        }
    }

    public void Dispose() => _listener.Dispose();

    private static bool Carries(ReadOnlySpan<KeyValuePair<string, object?>> tags, KeyValuePair<string, object?> wanted)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == wanted.Key && Equals(tag.Value, wanted.Value))
            {
                return true;
            }
        }

        return false;
    }
}
