using System.Collections.Concurrent;

namespace Heimdall.Testing.OpenWebRx;

/// <summary>What one receiver-socket client of the emulated OpenWebRX said and was sent.</summary>
public sealed class OpenWebRxEmulatedClient
{
    private readonly ConcurrentQueue<string> _messages = new();

    /// <summary>The client's handshake line (<c>SERVER DE CLIENT …</c>).</summary>
    public string? Handshake { get; internal set; }

    /// <summary>Every text message after the handshake, in order.</summary>
    public IReadOnlyList<string> Messages => [.. _messages];

    /// <summary>The backoff reason the client was turned away with; null when admitted.</summary>
    public string? Backoff { get; internal set; }

    /// <summary>True once <c>dspcontrol</c> <c>start</c> came.</summary>
    public bool Started { get; internal set; }

    /// <summary>The robot score after its last profile change (OpenWebRX+).</summary>
    public double RobotAlert { get; internal set; }

    /// <summary>Closed by a ban of its address.</summary>
    public bool BannedWhileConnected { get; internal set; }

    public int FftLines { get; internal set; }
    public long AudioSamples { get; internal set; }

    /// <summary>Every byte of every message sent to the client (text and binary, without WebSocket framing).</summary>
    public long BytesSent { get; internal set; }

    internal void Add(string message) => _messages.Enqueue(message);
}
