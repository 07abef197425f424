namespace Heimdall.Signal.Tests;

public class SampleFormatsTests
{
    [TestCase(SampleFormat.Ci16Le, "ci16_le", 4)]
    [TestCase(SampleFormat.Cu8, "cu8", 2)]
    [TestCase(SampleFormat.Cf32Le, "cf32_le", 8)]
    public void Each_format_Should_map_to_its_SigMf_name_and_size(SampleFormat format, string sigMf, int bytes)
    {
        Assert.Multiple(() =>
        {
            Assert.That(format.ToSigMf(), Is.EqualTo(sigMf));
            Assert.That(SampleFormats.TryParse(sigMf, out var parsed), Is.True);
            Assert.That(parsed, Is.EqualTo(format));
            Assert.That(format.BytesPerSample(), Is.EqualTo(bytes));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("ci16_be")]
    [TestCase("CU8")]
    [TestCase("rf32_le")]
    public void When_datatype_is_unknown_TryParse_Should_return_false(string? sigMf)
    {
        Assert.That(SampleFormats.TryParse(sigMf, out _), Is.False);
    }
}
