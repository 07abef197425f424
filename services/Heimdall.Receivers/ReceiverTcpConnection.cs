using System.Diagnostics;
using System.Net.Sockets;

namespace Heimdall.Receivers;

/// <summary>
/// A TCP connection to a receiver's server (rtl_tcp, SpyServer): the connect with its timeout and the time it took (one
/// round trip), whole writes, and reads with a stall watchdog. Failures are exceptions whose message starts with the
/// server's url: <see cref="IOException"/> for a refused or failed connect, a write that failed and a reset;
/// <see cref="TimeoutException"/> when nothing arrived within the silence allowed. The protocol's session adds what a
/// failure means where it happened.
/// </summary>
public sealed class ReceiverTcpConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _watchdog;
    private readonly CancellationToken _cancellation;

    private ReceiverTcpConnection(Socket socket, string url, TimeSpan roundTrip, CancellationToken cancellationToken)
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

    /// <param name="refusedHint">Said after "refused the connection: nothing listens there", e.g. "(is rtl_tcp running?)".</param>
    /// <exception cref="IOException">The server could not be reached in time, or refused the connection.</exception>
    public static async Task<ReceiverTcpConnection> ConnectAsync(string host, int port, string url, double timeoutSeconds, string refusedHint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        var started = Stopwatch.GetTimestamp();
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token);
            return new ReceiverTcpConnection(socket, url, Stopwatch.GetElapsedTime(started), cancellationToken);
        }
        catch (Exception ex)
        {
            socket.Dispose();
            throw ex switch
            {
                OperationCanceledException when !cancellationToken.IsCancellationRequested =>
                    new IOException($"could not connect to {url} within {timeoutSeconds} s (settings.connectTimeoutSeconds).", ex),
                SocketException { SocketErrorCode: SocketError.ConnectionRefused } => new IOException($"{url} refused the connection: nothing listens there {refusedHint}.", ex),
                SocketException socketError => new IOException($"could not connect to {url}: {socketError.Message}.", ex),
                _ => ex,
            };
        }
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

    /// <summary>Receives into <paramref name="buffer"/>: how many bytes (0 at the end of the stream).</summary>
    /// <exception cref="TimeoutException">Nothing arrived for <paramref name="silence"/> (the stall watchdog).</exception>
    /// <exception cref="IOException">The server reset the connection.</exception>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, TimeSpan silence)
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
