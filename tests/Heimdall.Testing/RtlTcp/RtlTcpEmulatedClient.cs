namespace Heimdall.Testing.RtlTcp;

/// <summary>What the emulator saw of one client: the commands it sent, and what the stream held.</summary>
public sealed class RtlTcpEmulatedClient
{
    private readonly List<(byte Code, uint Parameter)> _commands = [];

    /// <summary>The commands in order of arrival.</summary>
    public IReadOnlyList<(byte Code, uint Parameter)> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    /// <summary>Stream bytes sent (after the header).</summary>
    public long BytesSent { get; internal set; }

    /// <summary>Stream bytes sampled before this client's rate and frequency took effect (sent as the marker pair 255, 0).</summary>
    public long StaleBytes { get; internal set; }

    /// <summary>When the client disconnected or was disconnected.</summary>
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal void Add(byte code, uint parameter)
    {
        lock (_commands)
        {
            _commands.Add((code, parameter));
        }
    }
}
