using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Heimdall.Api.Http;

/// <summary>
/// The operator console: static files embedded in this assembly (<c>Console/</c>: the page, its ES modules and styles, the
/// vendored libraries and the Natural Earth map data), served at <c>/</c> with ETags before authentication (they hold no
/// data: the pages read <c>/api</c> with the operator's key). Nothing is fetched from elsewhere; deep links are hash
/// routes (<c>/#/receivers/3</c>), so every page is <c>/</c>. Headers per part: <see cref="HeaderPolicyOptions"/>.
/// </summary>
internal static class ConsoleAssets
{
    /// <summary>The embedded folder, relative to the project.</summary>
    public const string Root = "Console";

    /// <summary>The vendored libraries and data, under a folder per pinned version: cached for a year.</summary>
    public const string VendorPath = "/vendor";

    public static WebApplication UseConsole(this WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(ConsoleAssets).Assembly, Root);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".js"] = "text/javascript";
        types.Mappings[".json"] = "application/json";
        types.Mappings[".txt"] = "text/plain; charset=utf-8";
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        // Only the embedded files exist here; the licences are named LICENSE, as their packages ship them: plain text.
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files, ContentTypeProvider = types, ServeUnknownFileTypes = true, DefaultContentType = "text/plain; charset=utf-8",
        });
        return app;
    }
}
