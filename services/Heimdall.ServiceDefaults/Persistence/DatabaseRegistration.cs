using Heimdall.ServiceDefaults.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Heimdall.ServiceDefaults.Persistence;

public static class DatabaseRegistration
{
    /// <summary>One <see cref="NpgsqlDataSource"/> for the service, its readiness check and the retry pipeline.</summary>
    public static IHostApplicationBuilder AddHeimdallDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration("Database")
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
        builder.Services.AddSingleton<Messaging.OutageRequeue>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("postgres", tags: [HealthTags.Ready]);
        return builder;
    }
}
