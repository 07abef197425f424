using static Heimdall.Api.Tests.SeededMeasurements;

namespace Heimdall.Api.Tests;

/// <summary>
/// The API on Kestrel, as a client on another process meets it. A client generated from the live OpenAPI document by Kiota (Microsoft's generator, a pinned .NET tool), built and
/// run against the API as it is, with no hand edit: typed pages, a cursor, status enums (a query parameter and a field:
/// <c>Partial</c> is the generated enum's member), an acquisition by id, and the problems of a 400 and a 404 as typed
/// exceptions.
/// </summary>
[TestFixture]
public sealed class When_a_client_is_generated_from_the_document
{
    private const string KiotaVersion = "1.38.0";
    private const string KiotaPackages = "2.1.6";
    private ApiHost _api = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _api = await ApiHost.StartAsync(T0.AddHours(4), kestrel: true);
        await SeedAsync(_api.Stack.Database, _api.Stack.Bucket);
        _folder = Directory.CreateTempSubdirectory("heimdall-client-").FullName;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        Directory.Delete(_folder, recursive: true);
        await _api.DisposeAsync();
    }

    [Test]
    public async Task A_URL_longer_than_Kestrels_default_line_Should_still_be_a_414_problem()
    {
        // Kestrel's own limit (8 KiB by default) would answer a bare 414; it takes 1 MiB here, so the API's problem answers.
        using var http = _api.Client(ApiHost.ReadKey);
        using var response = await http.GetAsync("/api/measurements/recent?cursor=" + new string('A', 20_000));
        var problem = await response.ProblemAsync(System.Net.HttpStatusCode.RequestUriTooLong);
        Assert.That(problem["detail"]!.GetValue<string>(), Does.StartWith("The path and query hold 20032 characters; at most 8192 are read"));
    }

    [Test]
    public async Task A_Kiota_client_Should_build_and_call_the_API_without_edits()
    {
        using var http = _api.Client(null);
        var document = Path.Combine(_folder, "openapi.json");
        await File.WriteAllTextAsync(document, await http.GetStringAsync("/openapi/v1.json"));

        var kiota = await ExternalTools.DotnetToolAsync("Microsoft.OpenApi.Kiota", KiotaVersion, "kiota");
        var offline = new Dictionary<string, string> { ["KIOTA_OFFLINE_ENABLED"] = "true", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        var (generated, generatorOutput, generatorError) = await ExternalTools.RunAsync(kiota, _folder, offline,
            "generate", "-l", "CSharp", "-d", document, "-o", Path.Combine(_folder, "client"), "-c", "HeimdallClient", "-n", "Heimdall.Generated", "--exclude-backward-compatible", "--log-level", "Warning");
        Assert.That(generated, Is.Zero, generatorError);
        Assert.That(generatorOutput + generatorError, Does.Not.Contain("warn").IgnoreCase, "the generator found nothing to warn about");

        await File.WriteAllTextAsync(Path.Combine(_folder, "Check.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.Kiota.Abstractions" Version="{KiotaPackages}" />
                <PackageReference Include="Microsoft.Kiota.Http.HttpClientLibrary" Version="{KiotaPackages}" />
                <PackageReference Include="Microsoft.Kiota.Serialization.Json" Version="{KiotaPackages}" />
                <PackageReference Include="Microsoft.Kiota.Serialization.Text" Version="{KiotaPackages}" />
                <PackageReference Include="Microsoft.Kiota.Serialization.Form" Version="{KiotaPackages}" />
                <PackageReference Include="Microsoft.Kiota.Serialization.Multipart" Version="{KiotaPackages}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(_folder, "Program.cs"), """
            using Heimdall.Generated;
            using Heimdall.Generated.Api.Acquisitions;
            using Heimdall.Generated.Models;
            using Microsoft.Kiota.Abstractions.Authentication;
            using Microsoft.Kiota.Http.HttpClientLibrary;

            // Kiota's API-key provider insists on https; over the loopback's http the key goes in a default header.
            var http = KiotaClientFactory.Create();
            http.DefaultRequestHeaders.Add("X-Api-Key", args[1]);
            var client = new HeimdallClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = args[0] });
            var receivers = await client.Api.Receivers.GetAsync();
            Console.WriteLine($"receivers {receivers!.Count}");
            var first = await client.Api.Measurements.Recent.GetAsync(r => r.QueryParameters.Limit = 3);
            var second = await client.Api.Measurements.Recent.GetAsync(r => { r.QueryParameters.Limit = 3; r.QueryParameters.Cursor = first!.NextCursor; });
            Console.WriteLine($"pages {first!.Items!.Count} {second!.Items!.Count} {second.Items[0].CapturedAt:O}");
            var one = await client.Api.Acquisitions[Guid.Parse(args[2])].GetAsync();
            Console.WriteLine($"acquisition {one!.Acquisition!.Status} {one.Receivers!.Count}");
            var partial = await client.Api.Acquisitions.GetAsync(r => r.QueryParameters.Status = GetStatusQueryParameterType.Partial);
            Console.WriteLine($"partial {partial!.Count}");
            try
            {
                await client.Api.Measurements.Recent.GetAsync(r => r.QueryParameters.Limit = 0);
            }
            catch (HttpValidationProblemDetails problem)
            {
                Console.WriteLine($"400 {problem.ResponseStatusCode} {string.Join(",", problem.Errors!.AdditionalData.Keys)}");
            }

            try
            {
                await client.Api.Receivers[99].GetAsync();
            }
            catch (ProblemDetails problem)
            {
                Console.WriteLine($"404 {problem.ResponseStatusCode} {problem.Detail}");
            }
            """);
        var (built, buildOutput, _) = await ExternalTools.RunAsync("dotnet", _folder, offline, "build", "-c", "Release", "-nologo", "-v", "q");
        Assert.That(built, Is.Zero, buildOutput);
        Assert.That(buildOutput, Does.Contain(" 0 Warning(s)"), buildOutput);

        var (ran, output, error) = await ExternalTools.RunAsync("dotnet", _folder, offline,
            Path.Combine(_folder, "bin", "Release", "net10.0", "Check.dll"), _api.Listening!.ToString().TrimEnd('/'), ApiHost.ReadKey, A3.ToString());
        Assert.That(ran, Is.Zero, error);
        Assert.That(output.ReplaceLineEndings("\n"), Is.EqualTo($"""
            receivers 7
            pages 3 3 2026-11-20T01:30:00.0000000+00:00
            acquisition Partial 2
            partial 1
            400 400 limit
            404 404 No receiver 99 is registered.

            """));
    }
}
