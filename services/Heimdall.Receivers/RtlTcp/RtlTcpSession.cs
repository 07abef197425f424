namespace Heimdall.Receivers.RtlTcp;

/// <summary>
/// One TCP conversation with an rtl_tcp server: connect, read the header, send commands, read the sample stream with a
/// stall watchdog (<see cref="ReceiverTcpConnection"/>). Every failure is an exception whose message starts with the
/// server's url and says what happened (refused, no header, wrong magic, closed, reset, silent); the caller adds where in
/// the capture it happened.
/// </summary>
public sealed class RtlTcpSession : IAsyncDisposable
{
    private readonly ReceiverTcpConnection _connection;

    private RtlTcpSession(ReceiverTcpConnection connection) => _connection = connection;

    public string Url => _connection.Url;

    /// <summary>How long the TCP connect took: one network round trip.</summary>
    public TimeSpan RoundTrip => _connection.RoundTrip;

    /// <summary>Bytes of the stream (after the header) received so far.</summary>
    public long Position { get; private set; }

    /// <exception cref="IOException">The server could not be reached in time, or refused the connection.</exception>
    public static async Task<RtlTcpSession> ConnectAsync(RtlTcpSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new RtlTcpSession(await ReceiverTcpConnection.ConnectAsync(settings.Host, settings.Port, settings.Url, settings.ConnectTimeoutSeconds,
            "(is rtl_tcp running, and started with -a to listen beyond localhost?)", cancellationToken));
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
                var read = await _connection.ReceiveAsync(bytes.AsMemory(filled), timeout);
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

    public Task SendAsync(ReadOnlyMemory<byte> bytes) => _connection.SendAsync(bytes);

    /// <summary>
    /// Receives stream bytes into <paramref name="buffer"/>: how many (0 at the end of the stream).
    /// </summary>
    /// <exception cref="TimeoutException">Nothing arrived for <paramref name="silence"/> (the stall watchdog).</exception>
    /// <exception cref="IOException">The server reset the connection.</exception>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, TimeSpan silence)
    {
        var read = await _connection.ReceiveAsync(buffer, silence);
        Position += read;
        return read;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
