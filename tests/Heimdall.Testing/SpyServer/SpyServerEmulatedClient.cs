using System.Collections.Concurrent;

namespace Heimdall.Testing.SpyServer;

/// <summary>What one client of the emulated SpyServer said and was sent.</summary>
public sealed class SpyServerEmulatedClient
{
    private readonly ConcurrentQueue<(uint Setting, uint Value)> _settings = new();

    /// <summary>The name after the protocol version in HELLO; null when no HELLO came.</summary>
    public string? Name { get; internal set; }

    public uint? ProtocolVersion { get; internal set; }

    /// <summary>True: turned away after HELLO (maximum_clients), without DEVICE_INFO.</summary>
    public bool TurnedAway { get; internal set; }

    /// <summary>True: this client could control the device.</summary>
    public bool Controlling { get; internal set; }

    /// <summary>Every SET_SETTING in order.</summary>
    public IReadOnlyList<(uint Setting, uint Value)> Settings => [.. _settings];

    public int Pings { get; internal set; }
    public int FramesSent { get; internal set; }

    /// <summary>Every byte written to this client (headers, status messages and IQ).</summary>
    public long BytesSent { get; internal set; }

    /// <summary>IQ frames skipped (their sequence numbers used).</summary>
    public int FramesDropped { get; internal set; }

    /// <summary>Set when the server has finished with the client.</summary>
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal void Add(uint setting, uint value) => _settings.Enqueue((setting, value));
}
