using Heimdall.IqArchiver;
using Heimdall.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIqArchiver();
var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
