namespace Heimdall.Receivers.SpyServer;

/// <summary>
/// One TCP conversation with a SpyServer: connect, send commands, read whole messages (header and body) with a stall
/// watchdog. Every failure is an exception whose message starts with the server's url and says what happened; the
/// caller adds where in the session it happened.
/// </summary>
public sealed class SpyServerSession : IAsyncDisposable
{
    private readonly ReceiverTcpConnection _connection;
    private readonly byte[] _header = new byte[SpyServerProtocol.HeaderSize];
    private byte[] _body = new byte[64 * 1024];

    private SpyServerSession(ReceiverTcpConnection connection) => _connection = connection;

    public string Url => _connection.Url;

    /// <summary>Bytes received so far (headers and bodies): what the capture cost on the wire.</summary>
    public long BytesReceived { get; private set; }

    /// <exception cref="IOException">The server could not be reached in time, or refused the connection.</exception>
    public static async Task<SpyServerSession> ConnectAsync(SpyServerSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new SpyServerSession(await ReceiverTcpConnection.ConnectAsync(settings.Host, settings.Port, settings.Url, settings.ConnectTimeoutSeconds,
            "(is spyserver running, and its bind_host and bind_port as configured?)", cancellationToken));
    }

    public Task SendAsync(ReadOnlyMemory<byte> bytes) => _connection.SendAsync(bytes);

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
            var read = await _connection.ReceiveAsync(buffer[filled..], silence);
            if (read == 0)
            {
                throw new SpyServerClosedException($"{Url} closed the connection ({where}{(filled > 0 ? $", after {filled} of {buffer.Length} bytes" : "")})", BytesReceived);
            }

            filled += read;
            BytesReceived += read;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}

/// <summary>The server closed the connection (TCP FIN); <see cref="BytesReceived"/> says how far the session had got.</summary>
public sealed class SpyServerClosedException(string message, long bytesReceived) : IOException(message)
{
    public long BytesReceived { get; } = bytesReceived;
}
