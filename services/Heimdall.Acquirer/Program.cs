using Heimdall.Acquirer;
using Heimdall.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAcquirer();
var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
