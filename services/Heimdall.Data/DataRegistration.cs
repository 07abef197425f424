using Heimdall.Data.Acquisitions;
using Heimdall.Data.Locations;
using Heimdall.Data.Measurements;
using Heimdall.Data.Receivers;
using Heimdall.Domain.Receivers;
using Heimdall.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Heimdall.Data;

public static class DataRegistration
{
    /// <summary>The database (<see cref="DatabaseRegistration.AddHeimdallDatabase"/>) and every table's data access.</summary>
    public static IHostApplicationBuilder AddHeimdallData(this IHostApplicationBuilder builder)
    {
        builder.AddHeimdallDatabase();
        builder.Services.AddSingleton<AcquisitionClaims>();
        builder.Services.AddSingleton<AcquisitionLedger>();
        builder.Services.AddSingleton<AcquisitionRecordings>();
        builder.Services.AddSingleton<MeasurementWriter>();
        builder.Services.AddSingleton<MeasurementMaintenance>();
        builder.Services.AddSingleton<TimescaleJobs>();
        builder.Services.AddSingleton<ReceiverDirectory>();
        builder.Services.AddSingleton<ReceiverCoolDowns>();
        builder.Services.AddSingleton<ReceiverHealthLog>();
        builder.Services.AddSingleton<LocationStore>();
        return builder;
    }

    /// <summary>
    /// <see cref="AddHeimdallData"/> and the read side: measurement and acquisition queries, statistics, drift, the
    /// receiver registry (its writes checked by the domain's <see cref="ReceiverValidator"/>), retention on demand and the
    /// connection check.
    /// </summary>
    public static IHostApplicationBuilder AddHeimdallReadSide(this IHostApplicationBuilder builder)
    {
        builder.AddHeimdallData();
        builder.Services.AddSingleton<MeasurementQueries>();
        builder.Services.AddSingleton<AcquisitionQueries>();
        builder.Services.AddSingleton<AcquisitionRequests>();
        builder.Services.AddSingleton<LocationQueries>();
        builder.Services.AddSingleton<SnrStatisticsQuery>();
        builder.Services.AddSingleton<FrequencyDriftQuery>();
        builder.Services.AddSingleton<MeasurementRetention>();
        builder.Services.AddSingleton<ReceiverValidator>();
        builder.Services.AddSingleton<ReceiverRegistry>();
        builder.Services.TryAddSingleton<IReceiverHealthSource, ProbedReceiverHealth>();
        builder.Services.AddSingleton<DatabaseStatus>();
        return builder;
    }
}
