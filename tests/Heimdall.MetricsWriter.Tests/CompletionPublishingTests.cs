using Heimdall.MetricsWriter.Lifecycle;

namespace Heimdall.MetricsWriter.Tests;

[TestFixture]
public sealed class CompletionPublishingTests
{
    [Test]
    public void A_name_based_id_Should_match_the_RFC_9562_version_5_example() =>
        Assert.That(CompletionPublishing.NameBasedId(Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"),
            Is.EqualTo(Guid.Parse("2ed6657d-e927-568b-95e1-2665a8aea6a2")));

    /// <summary>Pinned (computed with Python's uuid.uuid5): consumers may have stored these ids in their inboxes.</summary>
    [Test]
    public void The_completion_MessageId_Should_be_the_version_5_id_of_the_acquisition_in_the_completions_namespace() =>
        Assert.That(CompletionPublishing.MessageId(Guid.Parse("f840036a-c206-4bfb-96c7-1e6b158cf1fb")),
            Is.EqualTo(Guid.Parse("a1c288db-56d1-5219-9073-7f2f93b511be")));
}
