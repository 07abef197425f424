using Heimdall.Locator;
using Heimdall.ServiceDefaults;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddLocator();
var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
