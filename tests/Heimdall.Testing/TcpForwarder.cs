using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Heimdall.Testing;

/// <summary>
/// A TCP port on 127.0.0.1 that forwards to a real service, so a test can take that service away from one client (stop
/// listening and cut every connection: connection refused, as in an outage) and give it back, without touching the
/// shared service. With a server certificate it terminates TLS in front of a plain-text service.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly X509Certificate2? _certificate;
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private CancellationTokenSource _stop = new();

    private TcpForwarder(string targetHost, int targetPort, X509Certificate2? certificate, int port)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _certificate = certificate;
        Port = port;
    }

    public int Port { get; }

    public static TcpForwarder Start(string targetHost, int targetPort, X509Certificate2? tlsCertificate = null)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var forwarder = new TcpForwarder(targetHost, targetPort, tlsCertificate, port);
        forwarder.Resume();
        return forwarder;
    }

    /// <summary>Refuses new connections and cuts the open ones.</summary>
    public void Pause()
    {
        _stop.Cancel();
        _listener?.Stop();
        _listener = null;
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
            _connections.Clear();
        }
    }

    /// <summary>Listens (again) on <see cref="Port"/>.</summary>
    public void Resume()
    {
        _stop = new CancellationTokenSource();
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener, _stop.Token);
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client, cancellationToken);
        }
    }

    private async Task ForwardAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var target = new TcpClient();
        lock (_connections)
        {
            _connections.Add(client);
            _connections.Add(target);
        }

        try
        {
            await target.ConnectAsync(_targetHost, _targetPort, cancellationToken);
            Stream inbound = client.GetStream();
            if (_certificate is not null)
            {
                var tls = new SslStream(inbound);
                await tls.AuthenticateAsServerAsync(_certificate, clientCertificateRequired: false, checkCertificateRevocation: false);
                inbound = tls;
            }

            var outbound = target.GetStream();
            await Task.WhenAny(inbound.CopyToAsync(outbound, cancellationToken), outbound.CopyToAsync(inbound, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away, the test cut the connection, or the client refused our certificate.
        }
        finally
        {
            client.Dispose();
            target.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Pause();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
