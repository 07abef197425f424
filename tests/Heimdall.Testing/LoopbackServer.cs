using System.Net;
using System.Net.Sockets;

namespace Heimdall.Testing;

/// <summary>
/// An in-test server on a real 127.0.0.1 socket that serves each connection at once, concurrently: it accepts, counts
/// the TCP connections, runs <see cref="ServeAsync"/> for each, and on dispose stops accepting and waits for them all.
/// A derived server calls <see cref="Start"/> once its own state is ready.
/// </summary>
public abstract class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private Task _accepting = Task.CompletedTask;
    private int _tcpConnections;

    protected LoopbackServer(int backlog = 16)
    {
        _listener.Start(backlog);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary>TCP connections accepted, for any request.</summary>
    public int TcpConnections => Volatile.Read(ref _tcpConnections);

    /// <summary>Cancelled when the server is disposed.</summary>
    protected CancellationToken Stopping => _stop.Token;

    protected void Start() => _accepting = Task.Run(AcceptAsync);

    /// <summary>Serves one connection; the socket is disposed after it returns.</summary>
    protected abstract Task ServeAsync(Socket socket);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _tcpConnections);
            lock (_connections)
            {
                _connections.Add(Task.Run(async () =>
                {
                    try
                    {
                        await ServeAsync(socket);
                    }
                    finally
                    {
                        socket.Dispose();
                    }
                }));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
