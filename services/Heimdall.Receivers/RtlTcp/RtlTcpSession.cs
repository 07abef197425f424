using System.Diagnostics;
using System.Net.Sockets;

namespace Heimdall.Receivers.RtlTcp;

/// <summary>
/// One TCP conversation with an rtl_tcp server: connect, read the header, send commands, read the sample stream with a
/// stall watchdog. Every failure is an exception whose message starts with the server's url and says what happened
/// (refused, no header, wrong magic, closed, reset, silent); the caller adds where in the capture it happened.
/// </summary>
public sealed class RtlTcpSession : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _watchdog;
    private readonly CancellationToken _cancellation;

    private RtlTcpSession(Socket socket, string url, TimeSpan roundTrip, CancellationToken cancellationToken)
    {
        _socket = socket;
        Url = url;
        RoundTrip = roundTrip;
        _cancellation = cancellationToken;
        _watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public string Url { get; }

    /// <summary>How long the TCP connect took: one network round trip.</summary>
    public TimeSpan RoundTrip { get; }

    /// <summary>Bytes of the stream (after the header) received so far.</summary>
    public long Position { get; private set; }

    /// <exception cref="IOException">The server could not be reached in time, or refused the connection.</exception>
    public static async Task<RtlTcpSession> ConnectAsync(RtlTcpSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.ConnectTimeoutSeconds));
        var started = Stopwatch.GetTimestamp();
        try
        {
            await socket.ConnectAsync(settings.Host, settings.Port, timeout.Token);
            return new RtlTcpSession(socket, settings.Url, Stopwatch.GetElapsedTime(started), cancellationToken);
        }
        catch (Exception ex)
        {
            socket.Dispose();
            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new IOException($"could not connect to {settings.Url} within {settings.ConnectTimeoutSeconds} s (settings.connectTimeoutSeconds).", ex);
            }

            if (ex is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                throw new IOException($"{settings.Url} refused the connection: nothing listens there (is rtl_tcp running, and started with -a to listen beyond localhost?).", ex);
            }

            if (ex is SocketException socketError)
            {
                throw new IOException($"could not connect to {settings.Url}: {socketError.Message}.", ex);
            }

            throw;
        }
    }

    /// <summary>Reads the 12-byte header.</summary>
    /// <exception cref="ReceiverRefusedException">No header in time, or the connection closed before any header byte (the server is busy with another client), or not rtl_tcp's magic.</exception>
    /// <exception cref="IOException">The server closed or reset the connection inside the header.</exception>
    public async Task<RtlTcpHeader> ReadHeaderAsync(TimeSpan timeout)
    {
        var bytes = new byte[RtlTcpHeader.Size];
        var filled = 0;
        try
        {
            while (filled < bytes.Length)
            {
                var read = await ReceiveCoreAsync(bytes.AsMemory(filled), timeout);
                if (read == 0 && filled == 0)
                {
                    // rtl_tcp builds that refuse a second client accept it and close it at once.
                    throw new ReceiverRefusedException(
                        $"{Url} accepted the connection and closed it before sending any header byte: the server is busy or refuses this client "
                        + "(rtl_tcp serves one client at a time, so another client is probably connected).");
                }

                if (read == 0)
                {
                    throw new IOException($"{Url} closed the connection after {filled} of the {RtlTcpHeader.Size} header bytes: not a working rtl_tcp server.");
                }

                filled += read;
            }
        }
        catch (TimeoutException) when (filled == 0)
        {
            throw new ReceiverRefusedException(
                $"{Url} accepted the connection but sent no header within {timeout.TotalSeconds:0.###} s: rtl_tcp serves one client at a time, "
                + "so another client is probably connected (settings.headerTimeoutSeconds).");
        }
        catch (TimeoutException)
        {
            throw new IOException($"{Url} sent {filled} of the {RtlTcpHeader.Size} header bytes, then nothing for {timeout.TotalSeconds:0.###} s: not a working rtl_tcp server.");
        }

        return RtlTcpHeader.TryParse(bytes, out var problem) is { } header
            ? header
            : throw new ReceiverRefusedException($"{Url} is not an rtl_tcp server: it sent {problem}.");
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            while (bytes.Length > 0)
            {
                var sent = await _socket.SendAsync(bytes, SocketFlags.None, _cancellation);
                bytes = bytes[sent..];
            }
        }
        catch (SocketException ex)
        {
            throw new IOException($"{Url} could not be sent the commands: {ex.Message}.", ex);
        }
    }

    /// <summary>
    /// Receives stream bytes into <paramref name="buffer"/>: how many (0 at the end of the stream).
    /// </summary>
    /// <exception cref="TimeoutException">Nothing arrived for <paramref name="silence"/> (the stall watchdog).</exception>
    /// <exception cref="IOException">The server reset the connection.</exception>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, TimeSpan silence)
    {
        var read = await ReceiveCoreAsync(buffer, silence);
        Position += read;
        return read;
    }

    private async ValueTask<int> ReceiveCoreAsync(Memory<byte> buffer, TimeSpan silence)
    {
        _watchdog.CancelAfter(silence);
        try
        {
            return await _socket.ReceiveAsync(buffer, SocketFlags.None, _watchdog.Token);
        }
        catch (OperationCanceledException) when (!_cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"{Url} sent nothing for {silence.TotalSeconds:0.###} s.");
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown)
        {
            throw new IOException($"{Url} reset the connection (TCP RST)", ex);
        }
        catch (SocketException ex)
        {
            throw new IOException($"{Url}: {ex.Message}", ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        _watchdog.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
