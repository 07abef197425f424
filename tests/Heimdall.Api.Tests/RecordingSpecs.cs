using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Heimdall.Storage;
using static Heimdall.Api.Tests.SeededMeasurements;

namespace Heimdall.Api.Tests;

/// <summary>
/// A recording fetched through the API, streamed from the real S3, byte for byte; with its ETag (304), one byte range
/// (206, 416), HEAD, and never compressed.
/// </summary>
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

    private static string Data => $"/api/acquisitions/{A0}/recordings/1.sigmf-data";

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, Action<HttpRequestMessage> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        headers(request);
        return await client.SendAsync(request);
    }

    [Test]
    public async Task Its_ETag_Should_answer_If_None_Match_with_a_304_and_no_body()
    {
        using var client = _api.Client(null);
        using var whole = await client.GetAsync(Data, HttpCompletionOption.ResponseHeadersRead);
        var etag = whole.Headers.ETag!;
        using var unchanged = await GetAsync(client, Data, r => r.Headers.IfNoneMatch.Add(etag));
        using var other = await GetAsync(client, Data, r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"not-it\"")));
#pragma warning disable CA5351 // S3's ETag of a single-part upload is the MD5 of its bytes: a checksum, not a security use.
        var md5 = Convert.ToHexStringLower(MD5.HashData(_data));
#pragma warning restore CA5351
        using (Assert.EnterMultipleScope())
        {
            Assert.That(etag.Tag, Is.EqualTo($"\"{md5}\""), "the object's ETag (MD5 of a single-part upload)");
            Assert.That((whole.Headers.CacheControl?.Private, whole.Headers.CacheControl?.NoCache), Is.EqualTo((true, true)), "private, no-cache");
            Assert.That(whole.Headers.AcceptRanges, Is.EqualTo(new[] { "bytes" }));
            Assert.That(unchanged.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(unchanged.Headers.ETag, Is.EqualTo(etag));
            Assert.That(await unchanged.Content.ReadAsByteArrayAsync(), Is.Empty);
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(other.Content.Headers.ContentLength, Is.EqualTo(_data.Length));
        }
    }

    [TestCase("bytes=0-1023", 0, 1024)]
    [TestCase("bytes=1000000-1000099", 1_000_000, 100)]
    [TestCase("bytes=3145700-", 3_145_700, 3 * 1024 * 1024 + 17 - 3_145_700)]
    [TestCase("bytes=-17", 3 * 1024 * 1024, 17)]
    [TestCase("bytes=3145000-99999999", 3_145_000, 3 * 1024 * 1024 + 17 - 3_145_000)]
    public async Task A_byte_range_Should_be_a_206_of_exactly_those_bytes(string range, int from, int length)
    {
        using var client = _api.Client(null);
        using var response = await GetAsync(client, Data, r => r.Headers.TryAddWithoutValidation("Range", range));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(response.Content.Headers.ContentRange?.ToString(), Is.EqualTo($"bytes {from}-{from + length - 1}/{_data.Length}"));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(length));
            Assert.That(bytes, Is.EqualTo(_data.AsSpan(from, length).ToArray()));
        }
    }

    [Test]
    public async Task A_range_beyond_the_end_Should_be_a_416_and_other_ranges_the_whole()
    {
        using var client = _api.Client(null);
        var etag = (await client.GetAsync(Data, HttpCompletionOption.ResponseHeadersRead)).Headers.ETag!;
        using var beyond = await GetAsync(client, Data, r => r.Headers.TryAddWithoutValidation("Range", $"bytes={_data.Length}-"));
        using var several = await GetAsync(client, Data, r => r.Headers.TryAddWithoutValidation("Range", "bytes=0-9,20-29"));
        using var stale = await GetAsync(client, Data, r =>
        {
            r.Headers.TryAddWithoutValidation("Range", "bytes=0-9");
            r.Headers.TryAddWithoutValidation("If-Range", "\"an-older-etag\"");
        });
        using var current = await GetAsync(client, Data, r =>
        {
            r.Headers.TryAddWithoutValidation("Range", "bytes=0-9");
            r.Headers.TryAddWithoutValidation("If-Range", etag.Tag);
        });
        var problem = await beyond.ProblemAsync(HttpStatusCode.RequestedRangeNotSatisfiable);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(beyond.Content.Headers.ContentRange?.ToString(), Is.EqualTo($"bytes */{_data.Length}"));
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain($"holds {_data.Length} bytes"));
            Assert.That((several.StatusCode, several.Content.Headers.ContentLength), Is.EqualTo((HttpStatusCode.OK, (long?)_data.Length)), "several ranges: the whole");
            Assert.That((stale.StatusCode, stale.Content.Headers.ContentLength), Is.EqualTo((HttpStatusCode.OK, (long?)_data.Length)), "If-Range of another version: the whole");
            Assert.That((current.StatusCode, current.Content.Headers.ContentLength), Is.EqualTo((HttpStatusCode.PartialContent, (long?)10)));
        }
    }

    [Test]
    public async Task HEAD_Should_answer_the_headers_without_the_body()
    {
        using var client = _api.Client(null);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Data));
        using var missing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/acquisitions/{A0}/recordings/2.sigmf-meta"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(head.Content.Headers.ContentLength, Is.EqualTo(_data.Length));
            Assert.That(head.Headers.ETag, Is.Not.Null);
            Assert.That(head.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/octet-stream"));
            Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public async Task A_recording_Should_never_be_compressed()
    {
        using var client = _api.Client(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/acquisitions/{A0}/recordings/1.sigmf-meta");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var response = await client.SendAsync(request);
        Assert.That(response.Content.Headers.ContentEncoding, Is.Empty);
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
