namespace Heimdall.Receivers.OpenWebRx;

/// <summary>
/// The IMA ADPCM decoder OpenWebRX's streams use (4 bits a sample, low nibble first), and its two framings:
/// <list type="bullet">
/// <item>audio: one continuous stream per connection; OpenWebRX+ and later OpenWebRX put a sync block before every
/// 1000 bytes (<c>"SYNC"</c>, the encoder's step index and predictor as two little-endian int16), older servers none;</item>
/// <item>FFT lines: each line coded on its own from a reset state, led by 10 padding values (the codec's warm-up), the
/// values in hundredths of a dB.</item>
/// </list>
/// </summary>
public sealed class ImaAdpcm
{
    /// <summary>Values that lead every ADPCM-coded FFT line and are dropped (csdr's COMPRESS_FFT_PAD_N).</summary>
    public const int FftPadding = 10;

    /// <summary>Coded bytes between two sync blocks of the audio stream.</summary>
    public const int SyncInterval = 1000;

    private static readonly int[] IndexAdjust = [-1, -1, -1, -1, 2, 4, 6, 8, -1, -1, -1, -1, 2, 4, 6, 8];

    private static readonly int[] StepSize =
    [
        7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 23, 25, 28, 31, 34, 37, 41, 45, 50, 55, 60, 66, 73, 80, 88, 97, 107, 118,
        130, 143, 157, 173, 190, 209, 230, 253, 279, 307, 337, 371, 408, 449, 494, 544, 598, 658, 724, 796, 876, 963, 1060,
        1166, 1282, 1411, 1552, 1707, 1878, 2066, 2272, 2499, 2749, 3024, 3327, 3660, 4026, 4428, 4871, 5358, 5894, 6484,
        7132, 7845, 8630, 9493, 10442, 11487, 12635, 13899, 15289, 16818, 18500, 20350, 22385, 24623, 27086, 29794, 32767,
    ];

    private int _index;
    private int _predictor;


    public void Reset(int index = 0, int predictor = 0)
    {
        _index = Math.Clamp(index, 0, StepSize.Length - 1);
        _predictor = Math.Clamp(predictor, short.MinValue, short.MaxValue);
    }

    public short Decode(int nibble)
    {
        var step = StepSize[_index];
        var difference = step >> 3;
        if ((nibble & 1) != 0)
        {
            difference += step >> 2;
        }

        if ((nibble & 2) != 0)
        {
            difference += step >> 1;
        }

        if ((nibble & 4) != 0)
        {
            difference += step;
        }

        if ((nibble & 8) != 0)
        {
            difference = -difference;
        }

        _predictor = Math.Clamp(_predictor + difference, short.MinValue, short.MaxValue);
        _index = Math.Clamp(_index + IndexAdjust[nibble & 15], 0, StepSize.Length - 1);
        return (short)_predictor;
    }

    /// <summary>Decodes one ADPCM-coded FFT line into dB values (the padding dropped).</summary>
    public static float[] DecodeFftLine(ReadOnlySpan<byte> coded)
    {
        var codec = new ImaAdpcm();
        var values = new float[Math.Max(0, (coded.Length * 2) - FftPadding)];
        var k = -FftPadding;
        foreach (var b in coded)
        {
            foreach (var nibble in (ReadOnlySpan<int>)[b & 15, b >> 4])
            {
                var value = codec.Decode(nibble);
                if (k >= 0)
                {
                    values[k] = value / 100f;
                }

                k++;
            }
        }

        return values;
    }
}

/// <summary>
/// The audio stream's decoder: continuous across messages, with or without sync blocks (decided by the first four
/// bytes). A sync block where one is due but missing, or bytes that are not one, are counted as a loss of sync.
/// </summary>
public sealed class AdpcmAudioDecoder
{
    private static readonly byte[] SyncWord = "SYNC"u8.ToArray();
    private readonly ImaAdpcm _codec = new();
    private readonly byte[] _block = new byte[8];
    private int _blockFilled;
    private bool? _synced;
    private int _untilSync;
    private bool _searching;

    /// <summary>True once the stream is known to carry sync blocks.</summary>
    public bool WithSync => _synced == true;


    /// <summary>Times a sync block was expected and not found (the decoder then searched for the next one).</summary>
    public int SyncLosses { get; private set; }

    /// <summary>Bytes skipped while searching for a sync block.</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>Decodes one message's bytes, appending the samples to <paramref name="output"/>.</summary>
    public void Decode(ReadOnlySpan<byte> data, List<short> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var b in data)
        {
            if (_synced is null)
            {
                _block[_blockFilled++] = b;
                if (_blockFilled < SyncWord.Length && b == SyncWord[_blockFilled - 1])
                {
                    continue;
                }

                if (_blockFilled == SyncWord.Length && b == SyncWord[^1])
                {
                    _synced = true;
                    continue;
                }

                // Not a sync word: an older server's plain stream; decode what was held back.
                _synced = false;
                foreach (var held in _block.AsSpan(0, _blockFilled))
                {
                    Decode(held, output);
                }

                _blockFilled = 0;
                continue;
            }

            if (_synced == false)
            {
                Decode(b, output);
                continue;
            }

            if (_untilSync > 0)
            {
                Decode(b, output);
                _untilSync--;
                continue;
            }

            // A sync block is due: "SYNC", then the state (two int16). Anything else is skipped until the next one.
            if (_blockFilled < SyncWord.Length && b != SyncWord[_blockFilled])
            {
                if (!_searching)
                {
                    SyncLosses++;
                    _searching = true;
                }

                var restart = b == SyncWord[0];
                SkippedBytes += _blockFilled + (restart ? 0 : 1);
                _blockFilled = restart ? 1 : 0;
                continue;
            }

            _block[_blockFilled++] = b;
            if (_blockFilled == _block.Length)
            {
                _codec.Reset(BitConverter.ToInt16(_block, 4), BitConverter.ToInt16(_block, 6));
                _blockFilled = 0;
                _untilSync = ImaAdpcm.SyncInterval;
                _searching = false;
            }
        }
    }

    private void Decode(byte b, List<short> output)
    {
        output.Add(_codec.Decode(b & 15));
        output.Add(_codec.Decode(b >> 4));
    }
}
