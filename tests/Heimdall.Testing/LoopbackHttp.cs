using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace Heimdall.Testing;

/// <summary>
/// The HTTP an in-test server on 127.0.0.1 needs: one request head read from a connection, a response written, and the
/// WebSocket upgrade answered (RFC 6455: 101 with the accept key), on a raw socket so that a test controls every byte.
/// </summary>
public static class LoopbackHttp
{
    /// <summary>A request's path (with its query) and its headers, names lower-cased.</summary>
    public sealed record RequestHead(string Method, string Path, IReadOnlyDictionary<string, string> Headers);

    /// <summary>The request head, or null when the client closed or sent more than 8 KiB without one (within 10 s).</summary>
    public static async Task<RequestHead?> ReadRequestHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[8192];
        var length = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (length < buffer.Length)
        {
            // One byte at a time: nothing after the head (a WebSocket's first frame) may be consumed here.
            var read = await stream.ReadAsync(buffer.AsMemory(length, 1), timeout.Token);
            if (read == 0)
            {
                return null;
            }

            length += read;
            if (length >= 4 && buffer.AsSpan(length - 4, 4).SequenceEqual("\r\n\r\n"u8))
            {
                var lines = Encoding.ASCII.GetString(buffer, 0, length - 4).Split("\r\n");
                var parts = lines[0].Split(' ');
                var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
                    .GroupBy(p => p[0].Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First()[1].Trim());
                return new RequestHead(parts[0], parts.Length > 1 ? parts[1] : "/", headers);
            }
        }

        return null;
    }

    /// <summary>Writes a response; a body is sent with its length and <c>Connection: close</c>.</summary>
    public static async Task WriteResponseAsync(NetworkStream stream, int status, string reason, IEnumerable<(string Name, string Value)> headers, string? body, string contentType = "text/plain; charset=utf-8")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(headers);
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        var payload = body is null ? null : Encoding.UTF8.GetBytes(body);
        if (payload is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        if (payload is not null)
        {
            await stream.WriteAsync(payload);
        }

        await stream.FlushAsync();
    }

    /// <summary>Answers the upgrade of <paramref name="request"/> with 101 and returns the server end of the WebSocket; null when it is not an upgrade.</summary>
    public static async Task<WebSocket?> AcceptWebSocketAsync(NetworkStream stream, RequestHead request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Headers.TryGetValue("sec-websocket-key", out var key))
        {
            return null;
        }

#pragma warning disable CA5350 // RFC 6455 prescribes SHA-1 for Sec-WebSocket-Accept
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        await WriteResponseAsync(stream, 101, "Switching Protocols", [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", accept)], null);
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
    }
}
