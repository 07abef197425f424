using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Heimdall.Persistence;

public static class DatabaseRegistration
{
    /// <summary>
    /// One <see cref="NpgsqlDataSource"/> for the service, its readiness check, the retry pipeline, and PostgreSQL as a
    /// dependency whose outages the bus waits out.
    /// </summary>
    public static IHostApplicationBuilder AddHeimdallDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure(o => o.ConnectionString = builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName) ?? "")
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var dataSource = new NpgsqlDataSourceBuilder(options.ConnectionString)
                .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());
            dataSource.ConnectionStringBuilder.ApplicationName ??= builder.Environment.ApplicationName;
            return dataSource.Build();
        });
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return new DatabaseRetry(sp.GetRequiredService<ILogger<DatabaseRetry>>(), options.RetryAttempts, TimeSpan.FromMilliseconds(options.RetryBaseDelayMs));
        });
        builder.Services.AddSingleton(DatabaseFaults.Dependency);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("postgres");
        return builder;
    }
}
