using System.Diagnostics;
using System.Net.Sockets;

namespace Heimdall.Receivers.SpyServer;

/// <summary>
/// One TCP conversation with a SpyServer: connect, send commands, read whole messages (header and body) with a stall
/// watchdog. Every failure is an exception whose message starts with the server's url and says what happened; the
/// caller adds where in the session it happened.
/// </summary>
public sealed class SpyServerSession : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _watchdog;
    private readonly CancellationToken _cancellation;
    private readonly byte[] _header = new byte[SpyServerProtocol.HeaderSize];
    private byte[] _body = new byte[64 * 1024];

    private SpyServerSession(Socket socket, string url, TimeSpan roundTrip, CancellationToken cancellationToken)
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

    /// <summary>Bytes received so far (headers and bodies): what the capture cost on the wire.</summary>
    public long BytesReceived { get; private set; }

    /// <exception cref="IOException">The server could not be reached in time, or refused the connection.</exception>
    public static async Task<SpyServerSession> ConnectAsync(SpyServerSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.ConnectTimeoutSeconds));
        var started = Stopwatch.GetTimestamp();
        try
        {
            await socket.ConnectAsync(settings.Host, settings.Port, timeout.Token);
            return new SpyServerSession(socket, settings.Url, Stopwatch.GetElapsedTime(started), cancellationToken);
        }
        catch (Exception ex)
        {
            socket.Dispose();
            throw ex switch
            {
                OperationCanceledException when !cancellationToken.IsCancellationRequested =>
                    new IOException($"could not connect to {settings.Url} within {settings.ConnectTimeoutSeconds} s (settings.connectTimeoutSeconds).", ex),
                SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
                    new IOException($"{settings.Url} refused the connection: nothing listens there (is spyserver running, and its bind_host and bind_port as configured?).", ex),
                SocketException socketError => new IOException($"could not connect to {settings.Url}: {socketError.Message}.", ex),
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

    /// <summary>
    /// The next whole message: its header and its body (valid until the next call). A body above the protocol's 1 MiB
    /// limit is a broken server.
    /// </summary>
    /// <exception cref="TimeoutException">Nothing arrived for <paramref name="silence"/> (the stall watchdog).</exception>
    /// <exception cref="SpyServerClosedException">The server closed the connection (FIN), between messages or inside one.</exception>
    /// <exception cref="IOException">The server reset the connection, or sent a message no SpyServer sends.</exception>
    public async Task<(SpyServerMessageHeader Header, ReadOnlyMemory<byte> Body)> ReceiveAsync(TimeSpan silence)
    {
        await FillAsync(_header, silence, "between messages");
        var header = SpyServerMessageHeader.Parse(_header);
        if (header.BodySize > SpyServerProtocol.MaxBodySize)
        {
            throw new IOException($"{Url} announced a message body of {header.BodySize} bytes, above the protocol's limit of {SpyServerProtocol.MaxBodySize}: not a working SpyServer (header hex {Convert.ToHexString(_header)}).");
        }

        if (_body.Length < header.BodySize)
        {
            Array.Resize(ref _body, (int)header.BodySize);
        }

        var body = _body.AsMemory(0, (int)header.BodySize);
        await FillAsync(body, silence, $"inside a message of type {header.MessageType} ({header.BodySize} bytes)");
        return (header, body);
    }

    private async Task FillAsync(Memory<byte> buffer, TimeSpan silence, string where)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            _watchdog.CancelAfter(silence);
            int read;
            try
            {
                read = await _socket.ReceiveAsync(buffer[filled..], SocketFlags.None, _watchdog.Token);
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

            if (read == 0)
            {
                throw new SpyServerClosedException($"{Url} closed the connection ({where}{(filled > 0 ? $", after {filled} of {buffer.Length} bytes" : "")})", BytesReceived);
            }

            filled += read;
            BytesReceived += read;
        }
    }

    public ValueTask DisposeAsync()
    {
        _watchdog.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The server closed the connection (TCP FIN); <see cref="BytesReceived"/> says how far the session had got.</summary>
public sealed class SpyServerClosedException(string message, long bytesReceived) : IOException(message)
{
    public long BytesReceived { get; } = bytesReceived;
}
