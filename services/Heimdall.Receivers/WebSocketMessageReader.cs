using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace Heimdall.Receivers;

/// <summary>
/// Reads whole WebSocket messages from a receiver's server into one growing buffer, each within a deadline, and says how
/// the connection ended when it did: a WebSocket close with its status, a TCP FIN without one, a TCP RST, a failure, or
/// a message above the size a server of that kind sends. The caller turns those sentences into its own exceptions.
/// </summary>
internal sealed class WebSocketMessageReader(int maxMessageBytes, string serverNoun) : IDisposable
{
    private readonly CancellationTokenSource _timeout = new();
    private byte[] _buffer = new byte[16 * 1024];

    /// <summary>Payload bytes received so far.</summary>
    public long BytesReceived { get; private set; }

    /// <param name="ended">Makes the exception for an ended connection from its sentence and cause.</param>
    /// <param name="silent">Makes the exception for no message within <paramref name="timeout"/>.</param>
    public async Task<(WebSocketMessageType Type, ReadOnlyMemory<byte> Payload)> ReceiveAsync(
        WebSocket socket, TimeSpan timeout, Func<string, Exception?, Exception> ended, Func<Exception> silent, CancellationToken cancellationToken)
    {
        if (!_timeout.TryReset())
        {
            throw new InvalidOperationException("the socket was aborted by an earlier timeout");
        }

        _timeout.CancelAfter(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == _buffer.Length)
                {
                    if (_buffer.Length >= maxMessageBytes)
                    {
                        throw new IOException(string.Create(CultureInfo.InvariantCulture, $"a message of more than {maxMessageBytes} bytes: not {serverNoun}'s."));
                    }

                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                var result = await socket.ReceiveAsync(_buffer.AsMemory(length), linked.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw ended(string.Create(CultureInfo.InvariantCulture,
                        $"{serverNoun} closed the WebSocket ({(int?)socket.CloseStatus ?? 0} {socket.CloseStatus}{(string.IsNullOrEmpty(socket.CloseStatusDescription) ? "" : $" '{socket.CloseStatusDescription}'")})"), null);
                }

                length += result.Count;
                BytesReceived += result.Count;
                if (result.EndOfMessage)
                {
                    return (result.MessageType, _buffer.AsMemory(0, length));
                }
            }
        }
        catch (OperationCanceledException) when (_timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw silent();
        }
        catch (WebSocketException ex)
        {
            throw Innermost(ex) is SocketException { SocketErrorCode: SocketError.ConnectionReset } reset
                ? ended("the connection was reset (TCP RST)", reset)
                : ex.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely
                    ? ended("the connection was closed without a WebSocket close (TCP FIN)", ex)
                    : ended($"the WebSocket failed: {Innermost(ex).Message}", ex);
        }
        catch (IOException ex) when (Innermost(ex) is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            throw ended("the connection was reset (TCP RST)", ex);
        }
    }

    public static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    public void Dispose() => _timeout.Dispose();
}
