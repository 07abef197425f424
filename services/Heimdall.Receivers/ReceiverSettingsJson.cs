using System.Globalization;
using System.Text.Json;

namespace Heimdall.Receivers;

/// <summary>
/// Reads a receiver's <c>settings</c> object (<c>receivers.settings</c>) key by key, collecting one sentence per problem
/// that names the key (<c>settings.gainDb must be …</c>). A key that is absent or JSON null gives the caller's default;
/// <see cref="UnknownKeys"/> reports every key the driver does not know, so a misspelt setting is not silently ignored.
/// </summary>
public sealed class ReceiverSettingsJson : IDisposable
{
    private readonly JsonDocument? _document;
    private readonly List<string> _problems;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private ReceiverSettingsJson(JsonDocument? document, List<string> problems)
    {
        _document = document;
        _problems = problems;
    }

    /// <summary>Opens <paramref name="json"/>; a text that is not a JSON object is one problem and reads as empty.</summary>
    public static ReceiverSettingsJson Open(string? json, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        try
        {
            var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return new ReceiverSettingsJson(document, problems);
            }

            problems.Add($"settings must be a JSON object (got {document.RootElement.ValueKind.ToString().ToLowerInvariant()}).");
            document.Dispose();
        }
        catch (JsonException ex)
        {
            problems.Add($"settings is not valid JSON: {ex.Message}");
        }

        return new ReceiverSettingsJson(null, problems);
    }

    private bool TryGet(string key, out JsonElement value)
    {
        _read.Add(key);
        if (_document is not null && _document.RootElement.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    private void Problem(string key, string rule, JsonElement got) =>
        _problems.Add($"settings.{key} must be {rule} (got {got.GetRawText()}).");

    public bool Boolean(string key, bool fallback)
    {
        if (!TryGet(key, out var value))
        {
            return fallback;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Problem(key, "true or false", value);
        return fallback;
    }

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="unit"/> is said in the message.</summary>
    public double Number(string key, double fallback, double min, double max, string unit) =>
        OptionalNumber(key, min, max, unit) ?? fallback;

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>], or null when absent (or wrong: a problem).</summary>
    public double? OptionalNumber(string key, double min, double max, string unit)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number >= min && number <= max)
        {
            return number;
        }

        Problem(key, Range("a number of " + unit, min, max), value);
        return null;
    }

    public long WholeNumber(string key, long fallback, long min, long max, string unit) =>
        OptionalWholeNumber(key, min, max, unit) ?? fallback;

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], or null when absent (or wrong: a problem).</summary>
    public long? OptionalWholeNumber(string key, long min, long max, string unit)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= min && number <= max)
        {
            return number;
        }

        Problem(key, string.Create(CultureInfo.InvariantCulture, $"a whole number of {unit} from {min} to {max}"), value);
        return null;
    }

    /// <summary>A string, or null when absent.</summary>
    public string? Text(string key)
    {
        if (!TryGet(key, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }

        Problem(key, "a non-empty string", value);
        return null;
    }

    /// <summary>The raw value, for settings that take several shapes (a number or a word); null when absent.</summary>
    public JsonElement? Raw(string key) => TryGet(key, out var value) ? value.Clone() : null;

    /// <summary>Reports a value that matched none of the shapes the caller accepts.</summary>
    public void Refuse(string key, string rule, JsonElement got) => Problem(key, rule, got);

    /// <summary>One problem for every key that was never read.</summary>
    public void UnknownKeys()
    {
        if (_document is null)
        {
            return;
        }

        foreach (var property in _document.RootElement.EnumerateObject().Where(p => !_read.Contains(p.Name)))
        {
            _problems.Add($"settings.{property.Name} is not a setting of this kind (known: {string.Join(", ", _read.Order(StringComparer.Ordinal))}).");
        }
    }

    public void Dispose() => _document?.Dispose();

    private static string Range(string what, double min, double max) =>
        string.Create(CultureInfo.InvariantCulture, $"{what} from {min} to {max}");
}
