using System.Text.Encodings.Web;
using System.Text.Json;

namespace Heimdall.IqArchiver.SigMf;

/// <summary>
/// The default JSON escaping except for the apostrophe, which is written as it is: the default encoder writes
/// <c>'</c> as <c>\u0027</c> (an HTML-embedding precaution), which every JSON reader decodes but which makes receiver
/// names and descriptions unreadable to a person opening the file. Everything else the default escapes stays escaped:
/// control characters, <c>"</c> and <c>\</c>, the HTML-sensitive <c>&lt; &gt; &amp; + `</c>, non-ASCII (as <c>\uXXXX</c>,
/// so the files stay ASCII), U+2028/U+2029 and lone surrogates.
/// </summary>
public sealed class SigMfJsonEncoder : JavaScriptEncoder
{
    private const char Apostrophe = '\'';
    private static readonly JavaScriptEncoder Inner = Default;

    private SigMfJsonEncoder()
    {
    }

    public static SigMfJsonEncoder Instance { get; } = new();

    /// <summary>Indented, with this encoder: what every .sigmf-meta and .sigmf-collection is written with.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Indented = true, Encoder = Instance };

    public override int MaxOutputCharactersPerInputCharacter => Inner.MaxOutputCharactersPerInputCharacter;

    public override bool WillEncode(int unicodeScalar) => unicodeScalar != Apostrophe && Inner.WillEncode(unicodeScalar);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var start = 0;
        while (start < textLength)
        {
            var found = Inner.FindFirstCharacterToEncode(text + start, textLength - start);
            if (found < 0)
            {
                return -1;
            }

            if (text[start + found] != Apostrophe)
            {
                return start + found;
            }

            start += found + 1;
        }

        return -1;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var start = 0;
        while (start < utf8Text.Length)
        {
            var found = Inner.FindFirstCharacterToEncodeUtf8(utf8Text[start..]);
            if (found < 0)
            {
                return -1;
            }

            if (utf8Text[start + found] != (byte)Apostrophe)
            {
                return start + found;
            }

            start += found + 1;
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (unicodeScalar != Apostrophe)
        {
            return Inner.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
        }

        if (bufferLength < 1)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        buffer[0] = Apostrophe;
        numberOfCharactersWritten = 1;
        return true;
    }
}
