using System.Net;
using System.Security.Cryptography;
using Heimdall.Storage;
using static Heimdall.Api.Tests.SeededMeasurements;

namespace Heimdall.Api.Tests;

/// <summary>A recording fetched through the API, streamed from the real S3, byte for byte.</summary>
[TestFixture]
public sealed class When_a_recording_is_fetched
{
    private ApiHost _api = null!;
    private byte[] _data = null!;
    private const string Meta = "{\"global\":{\"core:datatype\":\"ci16_le\",\"core:sample_rate\":12000}}";

    [OneTimeSetUp]
    public async Task Archive()
    {
        _api = await ApiHost.StartAsync(T0.AddHours(4), anonymousReads: true);
        var store = _api.Stack.CreateObjectStore();
        await store.EnsureBucketAsync(store.Bucket, CancellationToken.None);
        _data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(_data);
        await store.PutAsync(store.Bucket, $"acquisitions/{A0}/1.sigmf-data", _data, "application/octet-stream", CancellationToken.None);
        await store.PutAsync(store.Bucket, $"acquisitions/{A0}/1.sigmf-meta", System.Text.Encoding.UTF8.GetBytes(Meta), "application/json", CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _api.DisposeAsync();

    [Test]
    public async Task The_data_Should_arrive_whole_with_its_length_and_name()
    {
        using var client = _api.Client(null);
        using var response = await client.GetAsync($"/api/acquisitions/{A0}/recordings/1.sigmf-data", HttpCompletionOption.ResponseHeadersRead);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(_data.Length));
            Assert.That(response.Content.Headers.ContentDisposition?.FileName, Is.EqualTo("1.sigmf-data"));
            Assert.That(SHA256.HashData(bytes), Is.EqualTo(SHA256.HashData(_data)));
        }
    }

    [Test]
    public async Task The_metadata_Should_be_the_stored_JSON()
    {
        using var client = _api.Client(null);
        using var response = await client.GetAsync($"/api/acquisitions/{A0}/recordings/1.sigmf-meta");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(Meta));
    }

    [Test]
    public async Task A_missing_recording_Should_be_404_and_an_anonymous_write_still_401()
    {
        using var client = _api.Client(null);
        await (await client.GetAsync($"/api/acquisitions/{A0}/recordings/2.sigmf-data")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync("/api/receivers/1/disable", null)).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(await _api.Stack.Database.ScalarAsync<bool>("select enabled from receivers where receiver_id = 1"), Is.True);
    }
}
