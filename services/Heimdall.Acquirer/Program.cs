using Heimdall.Acquirer;
using Heimdall.ServiceDefaults;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddAcquirer();
var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
