using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Heimdall.Receivers.KiwiSdr;

/// <summary>
/// The client end of one Kiwi WebSocket: the upgrade (following one HTTP 301/302/307/308, a clear error for any other
/// status), text commands (serialised: the keepalive and the session share the socket), and whole binary frames with a
/// deadline. Every way the connection can end becomes an <see cref="IOException"/> saying which: a WebSocket close with
/// its status, a TCP FIN without one, a TCP RST, a frame too large.
/// </summary>
public sealed class KiwiWebSocket : IAsyncDisposable
{
    private const int MaxFrameBytes = 1 << 20;
    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker _invoker;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly WebSocketMessageReader _reader = new(MaxFrameBytes, "the Kiwi");

    private KiwiWebSocket(ClientWebSocket socket, HttpMessageInvoker invoker, Uri uri)
    {
        _socket = socket;
        _invoker = invoker;
        Uri = uri;
    }

    /// <summary>Where the socket is connected (after a redirect, the redirect's target).</summary>
    public Uri Uri { get; }

    /// <summary>The redirect that was followed, if any (for the log).</summary>
    public Uri? RedirectedFrom { get; private init; }

    public static async Task<KiwiWebSocket> ConnectAsync(Uri uri, TimeSpan timeout, long timestamp, CancellationToken cancellationToken)
    {
        Uri? redirectedFrom = null;
        while (true)
        {
            var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            socket.Options.KeepAliveInterval = TimeSpan.Zero; // the Kiwi's own SET keepalive keeps the session

            // Redirects are followed here, once, not by the handler (which would follow up to 50).
            var invoker = new HttpMessageInvoker(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = timeout });
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(uri, invoker, deadline.Token);
                return new KiwiWebSocket(socket, invoker, uri) { RedirectedFrom = redirectedFrom };
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                invoker.Dispose();
                throw new IOException(Invariant($"{uri}: no WebSocket upgrade within {timeout.TotalSeconds:0.#} s (settings.handshakeTimeoutSeconds)."));
            }
            catch (WebSocketException ex)
            {
                var status = socket.HttpStatusCode;
                var location = socket.HttpResponseHeaders?.TryGetValue("Location", out var values) == true ? values.FirstOrDefault() : null;
                socket.Dispose();
                invoker.Dispose();
                if (status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect
                    && location is not null && redirectedFrom is null && KiwiEndpoint.RedirectTarget(uri, location, timestamp) is { } target)
                {
                    redirectedFrom = uri;
                    uri = target;
                    continue;
                }

                throw Describe(uri, status, location, redirectedFrom, ex);
            }
            catch
            {
                socket.Dispose();
                invoker.Dispose();
                throw;
            }
        }
    }

    private static IOException Describe(Uri uri, HttpStatusCode status, string? location, Uri? redirectedFrom, WebSocketException ex)
    {
        var via = redirectedFrom is null ? "" : $" (redirected from {redirectedFrom})";
        return status switch
        {
            0 => new IOException($"{uri}{via}: could not connect: {Innermost(ex).Message}", ex),
            HttpStatusCode.NotFound => new IOException($"{uri}{via}: HTTP 404 Not Found on the WebSocket upgrade: the Kiwi is offline (the kiwisdr.com proxy answers 404 for a Kiwi that is not connected to it) or the address is wrong.", ex),
            HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect =>
                new IOException(Invariant($"{uri}{via}: HTTP {(int)status} redirect to '{location}' on the WebSocket upgrade, not followed ({(redirectedFrom is null ? "no usable Location" : "only one redirect is followed")})."), ex),
            _ => new IOException(Invariant($"{uri}{via}: HTTP {(int)status} {status} on the WebSocket upgrade (a Kiwi answers 101 Switching Protocols)."), ex),
        };
    }

    /// <summary>Sends one command as a text frame.</summary>
    public async Task SendAsync(string command, CancellationToken cancellationToken)
    {
        var bytes = Encoding.ASCII.GetBytes(command);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// The next whole frame, valid until the next call; a <see cref="KiwiReceiveTimeoutException"/> when none arrives
    /// within <paramref name="timeout"/>.
    /// </summary>
    public async Task<ReadOnlyMemory<byte>> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        (await _reader.ReceiveAsync(_socket, timeout, (sentence, cause) => new KiwiClosedException(sentence, cause), () => new KiwiReceiveTimeoutException(), cancellationToken)).Payload;

    private static Exception Innermost(Exception ex) => WebSocketMessageReader.Innermost(ex);

    /// <summary>Closes politely (a close frame, briefly awaited) when the socket is still open, then releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await _sendLock.WaitAsync(timeout.Token);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "capture done", timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
            {
                // the server is gone or slow: nothing more to say to it
            }
        }

        _socket.Dispose();
        _invoker.Dispose();
        _reader.Dispose();
        _sendLock.Dispose();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The connection ended; the message says how (close status, FIN, RST).</summary>
public sealed class KiwiClosedException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>No frame within the deadline.</summary>
public sealed class KiwiReceiveTimeoutException() : IOException("no frame within the deadline");
