using Heimdall.Receivers.KiwiSdr;
using Heimdall.Receivers.Replay;
using Heimdall.Receivers.RtlTcp;
using Heimdall.Receivers.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Heimdall.Receivers;

public static class ReceiverRegistration
{
    /// <summary>Every receiver driver of this build and their options.</summary>
    public static IHostApplicationBuilder AddReceiverDrivers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SimulationOptions>().BindConfiguration(SimulationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IReceiverDriver, SimulatedReceiverDriver>();
        builder.Services.AddSingleton<IReceiverDriver, KiwiSdrDriver>();
        builder.Services.AddSingleton<IReceiverDriver, RtlTcpDriver>();
        builder.Services.AddSingleton<IReceiverDriver, SigMfReplayDriver>();
        builder.Services.AddSingleton<ReceiverDrivers>();
        return builder;
    }
}
