namespace Heimdall.Domain.Receivers;

/// <summary>The words of <c>receivers.kind</c>, exactly those of the column's check constraint (001_receivers.sql; spyserver since 016).</summary>
public static class ReceiverKinds
{
    public const string Simulated = "simulated";
    public const string KiwiSdr = "kiwisdr";
    public const string OpenWebRx = "openwebrx";
    public const string RtlTcp = "rtl_tcp";
    public const string File = "file";
    public const string SpyServer = "spyserver";

    public static IReadOnlyList<string> All { get; } = [Simulated, KiwiSdr, OpenWebRx, RtlTcp, File, SpyServer];
}
