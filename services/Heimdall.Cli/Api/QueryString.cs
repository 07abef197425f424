using System.Globalization;

namespace Heimdall.Cli.Api;

/// <summary>Builds <c>?a=1&amp;b=x</c> from the options given, leaving out those absent.</summary>
internal sealed class QueryString
{
    private readonly List<string> _parts = [];

    public QueryString Add(string name, object? value)
    {
        if (value is not null)
        {
            var text = value switch
            {
                bool b => b ? "true" : "false",
                DateTimeOffset t => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString()!,
            };
            _parts.Add($"{name}={Uri.EscapeDataString(text)}");
        }

        return this;
    }

    public override string ToString() => _parts.Count == 0 ? "" : "?" + string.Join('&', _parts);
}
