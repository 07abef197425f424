using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace Heimdall.Testing.RtlTcp;

/// <summary>
/// An rtl_tcp server with an emulated dongle, written from the protocol, on a real 127.0.0.1 socket. Like rtl_tcp it
/// serves one client at a time (the next one completes its TCP connect in the listen backlog and gets no header until
/// the first leaves), sends the 12-byte header, then streams cu8 transfers at the dongle's current rate from the moment
/// it accepts, applies each 5-byte command when it arrives (after <see cref="RtlTcpEmulatorOptions.CommandLatency"/>),
/// ignores a rate librtlsdr refuses, and keeps the dongle's settings from one client to the next. Samples taken before
/// the client's own rate and frequency took effect are the marker pair (255, 0), which a tone in noise never produces,
/// so a test can tell whether any reached a capture. The faults of <see cref="RtlTcpEmulatorOptions"/> (stall, FIN,
/// RST, silent drops, split pairs, short or wrong header) are played as configured.
/// </summary>
public sealed class RtlTcpEmulator : IAsyncDisposable
{
    private const double Full = 127.5;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<RtlTcpEmulatedClient> _clients = [];
    private readonly Complex[] _noise;
    private readonly Lock _dongle = new();
    private readonly Task _serving;
    private uint _rateHz;
    private uint _frequencyHz;

    public RtlTcpEmulator(RtlTcpEmulatorOptions? options = null)
    {
        Options = options ?? new RtlTcpEmulatorOptions();
        _rateHz = Options.PreviousSampleRateHz;
        _frequencyHz = Options.PreviousFrequencyHz;
        _noise = Noise(Options.NoisePower);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(backlog: 8);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _serving = Task.Run(ServeAsync);
    }

    public RtlTcpEmulatorOptions Options { get; }
    public int Port { get; }
    public string Url => $"tcp://127.0.0.1:{Port}";

    /// <summary>Every client served so far (or being served), in order.</summary>
    public IReadOnlyList<RtlTcpEmulatedClient> Clients
    {
        get
        {
            lock (_clients)
            {
                return [.. _clients];
            }
        }
    }

    /// <summary>The dongle's current rate and frequency.</summary>
    public (uint RateHz, uint FrequencyHz) Dongle
    {
        get
        {
            lock (_dongle)
            {
                return (_rateHz, _frequencyHz);
            }
        }
    }

    /// <summary>The rate librtlsdr runs at for an accepted request (the resampler ratio of a 28.8 MHz crystal in units of 2⁻²²).</summary>
    public static double ExactRate(uint requestedHz)
    {
        const double Scaled = 28_800_000.0 * (1 << 22);
        var ratio = (uint)(Scaled / requestedHz) & ~3u & 0x0FFF_FFFFu;
        if ((ratio & (1u << 27)) != 0)
        {
            ratio |= 1u << 28;
        }

        return Scaled / ratio;
    }

    public static bool RateAccepted(uint hz) => hz is > 225_000 and <= 300_000 or > 900_000 and <= 3_200_000;

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var client = new RtlTcpEmulatedClient();
            lock (_clients)
            {
                _clients.Add(client);
            }

            using var refusing = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var refuser = Options.CloseOtherClients ? CloseOtherClientsAsync(refusing.Token) : Task.CompletedTask;
            try
            {
                await ServeClientAsync(socket, client);
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client left (or the emulator is stopping): serve the next one, like rtl_tcp.
            }
            finally
            {
                socket.Dispose();
                await refusing.CancelAsync();
                await refuser;
                client.Done.TrySetResult();
            }
        }
    }

    /// <summary>Connections closed at once because another client was being served (<see cref="RtlTcpEmulatorOptions.CloseOtherClients"/>).</summary>
    public int ClosedOtherClients => Volatile.Read(ref _closedOtherClients);

    private int _closedOtherClients;

    private async Task CloseOtherClientsAsync(CancellationToken busy)
    {
        while (!busy.IsCancellationRequested)
        {
            try
            {
                using var other = await _listener.AcceptSocketAsync(busy);
                // Counted before the close, so that a client which sees the close also sees the count.
                Interlocked.Increment(ref _closedOtherClients);
                other.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private async Task ServeClientAsync(Socket socket, RtlTcpEmulatedClient client)
    {
        socket.NoDelay = true;
        using var session = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var header = Options.Header ?? HeaderBytes();
        if (Options.HeaderBytes is { } partial)
        {
            await socket.SendAsync(header.AsMemory(0, partial), SocketFlags.None, session.Token);
            socket.Shutdown(SocketShutdown.Both);
            return;
        }

        await socket.SendAsync(header, SocketFlags.None, session.Token);
        var ownSettings = new OwnSettings();
        var commands = ReadCommandsAsync(socket, client, ownSettings, session);
        try
        {
            await StreamAsync(socket, client, ownSettings, commands, session.Token);
        }
        finally
        {
            await session.CancelAsync();
            await commands;
        }
    }

    private byte[] HeaderBytes()
    {
        var header = new byte[12];
        "RTL0"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), Options.TunerType);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), Options.GainCount);
        return header;
    }

    /// <summary>Which of the dongle's settings this client has set (the rest are the previous client's).</summary>
    private sealed class OwnSettings
    {
        public volatile bool Rate;
        public volatile bool Frequency;
    }

    private async Task ReadCommandsAsync(Socket socket, RtlTcpEmulatedClient client, OwnSettings own, CancellationTokenSource session)
    {
        var command = new byte[5];
        try
        {
            while (true)
            {
                var filled = 0;
                while (filled < command.Length)
                {
                    var read = await socket.ReceiveAsync(command.AsMemory(filled), SocketFlags.None, session.Token);
                    if (read == 0)
                    {
                        return; // the client left
                    }

                    filled += read;
                }

                var (code, parameter) = (command[0], BinaryPrimitives.ReadUInt32BigEndian(command.AsSpan(1)));
                client.Add(code, parameter);
                await Task.Delay(Options.CommandLatency, session.Token);
                lock (_dongle)
                {
                    switch (code)
                    {
                        case 0x01:
                            _frequencyHz = parameter;
                            own.Frequency = true;
                            break;
                        case 0x02 when RateAccepted(parameter):
                            _rateHz = parameter;
                            own.Rate = true;
                            break;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            await session.CancelAsync();
        }
    }

    private async Task StreamAsync(Socket socket, RtlTcpEmulatedClient client, OwnSettings own, Task clientGone, CancellationToken cancellationToken)
    {
        var transfer = new byte[Options.TransferBytes];
        var clock = Stopwatch.StartNew();
        var due = 0.0;
        var phase = Complex.One;
        var noiseIndex = 0;
        long transfers = 0;
        (uint Rate, uint Frequency, bool Stale)? generated = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            uint rate;
            uint frequency;
            lock (_dongle)
            {
                (rate, frequency) = (_rateHz, _frequencyHz);
            }

            var stale = !(own.Rate && own.Frequency);
            var exact = ExactRate(rate);
            if (Options.RealTime)
            {
                due += transfer.Length / 2 / exact;
                var wait = TimeSpan.FromSeconds(due) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }
            }

            if (Options.RealTime || generated != (rate, frequency, stale))
            {
                Fill(transfer, stale, exact, Options.ToneFrequencyHz - frequency, ref phase, ref noiseIndex);
                generated = (rate, frequency, stale);
            }

            transfers++;
            if (Options.DropEveryNthTransfer > 0 && transfers % Options.DropEveryNthTransfer == 0)
            {
                continue;
            }

            var limit = Math.Min(Options.StallAfterBytes ?? long.MaxValue, Math.Min(Options.CloseAfterBytes ?? long.MaxValue, Options.ResetAfterBytes ?? long.MaxValue));
            var count = (int)Math.Min(transfer.Length, limit - client.BytesSent);
            await SendAsync(socket, transfer.AsMemory(0, count), cancellationToken);
            client.BytesSent += count;
            if (stale)
            {
                client.StaleBytes += count;
            }

            if (client.BytesSent < limit)
            {
                continue;
            }

            if (client.BytesSent == Options.ResetAfterBytes)
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
                return;
            }

            if (client.BytesSent == Options.StallAfterBytes)
            {
                await Task.Delay(Options.StallCloseDelay, cancellationToken);
            }

            // A graceful close (FIN): stop sending, keep reading until the client leaves, so no unread command turns it into a reset.
            socket.Shutdown(SocketShutdown.Send);
            await Task.WhenAny(clientGone, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
            return;
        }
    }

    private async Task SendAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (Options.SplitPairs && bytes.Length > 1)
        {
            await socket.SendAsync(bytes[..1], SocketFlags.None, cancellationToken);
            await Task.Delay(1, cancellationToken);
            bytes = bytes[1..];
        }

        while (bytes.Length > 0)
        {
            var sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
            bytes = bytes[sent..];
        }
    }

    /// <summary>One transfer: the marker pair while stale, otherwise the tone at <paramref name="offsetHz"/> in noise, as cu8.</summary>
    private void Fill(byte[] transfer, bool stale, double rateHz, double offsetHz, ref Complex phase, ref int noiseIndex)
    {
        if (stale)
        {
            for (var i = 0; i < transfer.Length; i += 2)
            {
                transfer[i] = 255;
                transfer[i + 1] = 0;
            }

            return;
        }

        var step = Complex.FromPolarCoordinates(1, 2 * Math.PI * offsetHz / rateHz);
        var amplitude = Options.ToneAmplitude;
        for (var i = 0; i < transfer.Length; i += 2)
        {
            var x = (amplitude * phase) + _noise[noiseIndex];
            noiseIndex = (noiseIndex + 1) & (_noise.Length - 1);
            phase *= step;
            transfer[i] = Quantize(x.Real);
            transfer[i + 1] = Quantize(x.Imaginary);
        }

        phase /= phase.Magnitude;
    }

    private static byte Quantize(double x) => (byte)Math.Clamp((int)Math.Floor((x * Full) + Full + 0.5), 0, 255);

    /// <summary>
    /// 2¹⁸ complex Gaussian values whose power plus the cu8 rounding noise (q²/12 per component, q = 1/127.5) is <paramref name="power"/>.
    /// </summary>
    private static Complex[] Noise(double power)
    {
        var step = 1 / Full;
        var sigma = Math.Sqrt(Math.Max(0, (power / 2) - (step * step / 12)));
        var random = new Random(1234);
        var noise = new Complex[1 << 18];
        for (var n = 0; n < noise.Length; n++)
        {
            var radius = sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            var angle = 2 * Math.PI * random.NextDouble();
            noise[n] = Complex.FromPolarCoordinates(radius, angle);
        }

        return noise;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }
}
