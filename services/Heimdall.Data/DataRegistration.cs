using Heimdall.Data.Acquisitions;
using Heimdall.Data.Measurements;
using Heimdall.Data.Receivers;
using Heimdall.Persistence;
using Microsoft.Extensions.DependencyInjection;
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
        return builder;
    }
}
