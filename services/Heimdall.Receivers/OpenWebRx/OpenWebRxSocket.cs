using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Heimdall.Receivers.OpenWebRx;

/// <summary>
/// The client end of an OpenWebRX receiver WebSocket: the upgrade (any status but 101 named), text messages out, whole
/// text or binary messages in with a deadline, and the bytes received (what a capture costs on the wire). Every way the
/// connection can end becomes an <see cref="IOException"/> saying which: a WebSocket close with its status, a TCP FIN
/// without one, a TCP RST, a message too large.
/// </summary>
public sealed class OpenWebRxSocket : IAsyncDisposable
{
    private const int MaxMessageBytes = 4 << 20;
    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker _invoker;
    private readonly WebSocketMessageReader _reader = new(MaxMessageBytes, "the server");

    private OpenWebRxSocket(ClientWebSocket socket, HttpMessageInvoker invoker, Uri uri)
    {
        _socket = socket;
        _invoker = invoker;
        Uri = uri;
    }

    public Uri Uri { get; }

    /// <summary>Payload bytes received so far (text and binary).</summary>
    public long BytesReceived => _reader.BytesReceived;

    public static async Task<OpenWebRxSocket> ConnectAsync(Uri uri, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // the server pings; the client answers
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = timeout });
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(uri, invoker, deadline.Token);
            return new OpenWebRxSocket(socket, invoker, uri);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            invoker.Dispose();
            if (ex is OperationCanceledException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw new IOException(Invariant($"{uri}: no WebSocket upgrade within {timeout.TotalSeconds:0.#} s (settings.handshakeTimeoutSeconds)."), ex);
            }

            throw status switch
            {
                0 => new IOException($"{uri}: could not connect: {Innermost(ex).Message}", ex),
                HttpStatusCode.NotFound => new IOException($"{uri}: HTTP 404 Not Found on the WebSocket upgrade: no OpenWebRX receiver socket at this address (is the url the page a browser opens?).", ex),
                _ => new IOException(Invariant($"{uri}: HTTP {(int)status} {status} on the WebSocket upgrade (OpenWebRX answers 101 Switching Protocols)."), ex),
            };
        }
        catch
        {
            socket.Dispose();
            invoker.Dispose();
            throw;
        }
    }

    public Task SendAsync(string text, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>
    /// The next whole message, valid until the next call; a <see cref="TimeoutException"/> when none arrives within
    /// <paramref name="timeout"/>.
    /// </summary>
    public Task<(WebSocketMessageType Type, ReadOnlyMemory<byte> Payload)> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _reader.ReceiveAsync(_socket, timeout, (sentence, cause) => new IOException($"{Uri}: {sentence}", cause),
            () => new TimeoutException(Invariant($"{Uri}: no message for {timeout.TotalSeconds:0.###} s.")), cancellationToken);

    private static Exception Innermost(Exception ex) => WebSocketMessageReader.Innermost(ex);

    /// <summary>
    /// Closes politely when the socket is still open: a close frame, then the server's own (at most 2 s). OpenWebRX sends
    /// it once it has taken the client out of its registry, so a session opened after this one returns is not counted
    /// with it (against max_clients_per_ip, or as a robot's second connection).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "capture done", timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
            {
                // the server is gone or slow: nothing more to say to it
            }
        }

        _socket.Dispose();
        _invoker.Dispose();
        _reader.Dispose();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
