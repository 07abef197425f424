using Heimdall.MetricsWriter;
using Heimdall.MetricsWriter.Migrations;
using Heimdall.ServiceDefaults;

// `Heimdall.MetricsWriter migrate` applies db/migrations and exits; without it the service runs.
var migrateOnly = args.Contains("migrate");
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args.Where(a => a != "migrate").ToArray(),
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddServiceDefaults();
builder.AddMetricsWriter();
var app = builder.Build();
if (migrateOnly)
{
    return await app.MigrateAsync();
}

app.MapDefaultEndpoints();
await app.RunAsync();
return 0;
