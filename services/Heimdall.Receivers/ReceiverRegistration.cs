using Heimdall.Domain.Receivers;
using Heimdall.Receivers.KiwiSdr;
using Heimdall.Receivers.OpenWebRx;
using Heimdall.Receivers.Replay;
using Heimdall.Receivers.RtlTcp;
using Heimdall.Receivers.Simulation;
using Heimdall.Receivers.SpyServer;
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
        AddDriver<SimulatedReceiverDriver>(builder.Services);
        AddDriver<KiwiSdrDriver>(builder.Services);
        AddDriver<RtlTcpDriver>(builder.Services);
        AddDriver<SigMfReplayDriver>(builder.Services);
        AddDriver<SpyServerDriver>(builder.Services);
        AddDriver<OpenWebRxDriver>(builder.Services);
        builder.Services.AddSingleton<ReceiverDrivers>();
        return builder;
    }

    /// <summary>The driver, and its validation as the receiver registry's rules for its kind.</summary>
    private static void AddDriver<TDriver>(IServiceCollection services)
        where TDriver : class, IReceiverDriver
    {
        services.AddSingleton<TDriver>();
        services.AddSingleton<IReceiverDriver>(sp => sp.GetRequiredService<TDriver>());
        services.AddSingleton<IReceiverKindValidator>(sp => new DriverKindValidator(sp.GetRequiredService<TDriver>()));
    }
}
