using System.Text;

namespace Heimdall.Receivers.KiwiSdr;

/// <summary>
/// A <c>MSG</c> frame: ASCII <c>MSG name=value name=value …</c>, values percent-encoded where they may hold spaces or
/// JSON. <see cref="Text"/> is the frame as received (for quoting the server in an error).
/// </summary>
public sealed class KiwiMessage
{
    private KiwiMessage(string text, IReadOnlyList<KeyValuePair<string, string?>> parameters)
    {
        Text = text;
        Parameters = parameters;
    }

    /// <summary>The frame's text without the tag, e.g. <c>too_busy=4</c>.</summary>
    public string Text { get; }

    /// <summary>Name and percent-decoded value of each parameter, in order; the value is null for a bare name.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    public static KiwiMessage Parse(ReadOnlySpan<byte> frame)
    {
        var text = Encoding.ASCII.GetString(frame[Math.Min(frame.Length, 3)..]).Trim();
        var parameters = new List<KeyValuePair<string, string?>>();
        foreach (var pair in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            parameters.Add(equals < 0
                ? new(pair, null)
                : new(pair[..equals], Decode(pair[(equals + 1)..])));
        }

        return new KiwiMessage(text, parameters);
    }

    public string? this[string name] => Parameters.FirstOrDefault(p => p.Key == name).Value;

    public bool Has(string name) => Parameters.Any(p => p.Key == name);

    /// <summary>Quotes at most 200 characters of the message (load_cfg carries kilobytes of JSON).</summary>
    public string Quote() => Text.Length <= 200 ? $"'MSG {Text}'" : $"'MSG {Text[..200]}…'";

    private static string Decode(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return value;
        }
    }
}
