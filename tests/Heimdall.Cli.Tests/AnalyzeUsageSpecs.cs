namespace Heimdall.Cli.Tests;

/// <summary>A wrong command line: exit code 2, the problem and the usage text on stderr, nothing on stdout.</summary>
[TestFixture]
public sealed class When_the_analyze_command_line_is_wrong
{
    [TestCase(new string[0], "which recording? Give its .sigmf-meta path")]
    [TestCase(new[] { "a.sigmf-meta", "b.sigmf-meta" }, "one recording at a time (got 'a.sigmf-meta' and 'b.sigmf-meta')")]
    [TestCase(new[] { "a.sigmf-meta", "--frequency", "1" }, "unknown option --frequency")]
    [TestCase(new[] { "a.sigmf-meta", "--segment-length" }, "--segment-length needs a value")]
    [TestCase(new[] { "a.sigmf-meta", "--segment-length", "1000" }, "--segment-length must be a power of two from 16 to 1048576 (got '1000')")]
    [TestCase(new[] { "a.sigmf-meta", "--calibration-db", "minus sixty" }, "--calibration-db must be a number of dB (got 'minus sixty')")]
    public async Task Should_exit_2_with_the_problem_and_the_usage(string[] args, string problem)
    {
        var run = await AnalyzeRun.StartAsync(args);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Output, Is.Empty);
            Assert.That(run.Error, Does.StartWith("error: " + problem + "\n"));
            Assert.That(run.Error, Does.Contain("usage: " + AnalyzeArguments.Usage));
        }
    }

    [Test]
    public void Options_Should_reach_the_spectrum_settings()
    {
        var arguments = AnalyzeArguments.Parse(["rec", "--segment-length", "4096", "--remove-mean", "--calibration-db", "-60"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(arguments.Recording, Is.EqualTo("rec"));
            Assert.That(arguments.Spectrum.SegmentLength, Is.EqualTo(4096));
            Assert.That(arguments.Spectrum.RemoveMean, Is.True);
            Assert.That(arguments.CalibrationDb, Is.EqualTo(-60));
        }
    }
}
