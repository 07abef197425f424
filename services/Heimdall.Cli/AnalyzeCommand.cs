using System.CommandLine;
using System.Text.Json;
using Heimdall.Cli.CommandLine;
using Heimdall.Signal;

namespace Heimdall.Cli;

/// <summary>
/// <c>heimdall analyze RECORDING</c>: reads a SigMF recording from disk, streams its samples through
/// <see cref="SignalAnalyzer.MeasureAsync"/> and writes one JSON object (<see cref="AnalysisReport"/>) to <paramref name="output"/>.
/// Problems go to <paramref name="error"/> as one <c>error: </c> line. Exit codes: 0 measured, 1 error, 2 usage, 130 cancelled (<see cref="ExitCodes"/>).
/// </summary>
/// <param name="output">Standard output: the JSON report and nothing else.</param>
/// <param name="error">Standard error: errors, usage and progress.</param>
/// <param name="showProgress">True when <paramref name="error"/> is a terminal: data files above <paramref name="progressThresholdBytes"/> show the percentage read.</param>
/// <param name="progressThresholdBytes">Smallest data file that shows progress.</param>
public sealed class AnalyzeCommand(
    TextWriter output, TextWriter error, bool showProgress = false, long progressThresholdBytes = AnalyzeCommand.ProgressThresholdBytes)
{
    /// <summary>64 MiB: smaller files are read in moments.</summary>
    public const long ProgressThresholdBytes = 64L << 20;

    /// <summary>Parses <paramref name="args"/> (the words after <c>analyze</c>) and runs the command.</summary>
    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var context = new CliContext { Output = output, Error = error, ErrorIsTerminal = showProgress, ProgressThresholdBytes = progressThresholdBytes };
        var command = Create(context);
        return HeimdallCommandLine.InvokeAsync(command.Parse(args), context, cancellationToken);
    }

    /// <summary><c>heimdall analyze</c>.</summary>
    public static Command Create(CliContext context)
    {
        var symbols = new AnalyzeArguments.Symbols();
        var command = new Command("analyze", "Measure a SigMF or kiwi-wav recording on disk; one JSON object on stdout (needs no services).");
        symbols.AddTo(command);
        command.SetAction((result, ct) =>
            new AnalyzeCommand(context.Output, context.Error, context.ErrorIsTerminal, context.ProgressThresholdBytes)
                .MeasureAndReportAsync(symbols.Read(result), ct));
        return command;
    }

    private async Task<int> MeasureAndReportAsync(AnalyzeArguments arguments, CancellationToken cancellationToken)
    {
        try
        {
            AnalysisReport report;
            if (arguments.Recording.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            {
                report = await KiwiWavAnalysis.MeasureAsync(arguments.Recording, arguments.Spectrum, arguments.CalibrationDb, cancellationToken);
            }
            else
            {
                var recording = await SigMfRecording.ReadAsync(arguments.Recording, cancellationToken);
                // Inside the band the recording's receiver passed, when its metadata says (heimdall:passband).
                var measurements = await MeasureAsync(recording, arguments.Spectrum with { Passband = recording.Passband }, cancellationToken);
                report = AnalysisReport.Create(recording, measurements, arguments.CalibrationDb);
            }

            await output.WriteLineAsync(JsonSerializer.Serialize(report, AnalysisReportJsonContext.Default.AnalysisReport));
            await output.FlushAsync(cancellationToken);
            return 0;
        }
        catch (CommandFailedException ex)
        {
            await error.WriteLineAsync("error: " + OneLine(ex.Message));
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"error: analysis of {arguments.Recording} cancelled");
            return 130;
        }
        catch (Exception ex)
        {
            // A fault inside the analyzer that it does not describe itself: still one line, never a stack trace.
            await error.WriteLineAsync($"error: analysis of {arguments.Recording} failed: {ex.GetType().Name}: {OneLine(ex.Message)}");
            return 1;
        }
    }

    /// <summary>One pass over the data file, each span's bytes fed to that span's analyzer: one measurement per span.</summary>
    private async Task<IReadOnlyList<SignalMeasurement>> MeasureAsync(SigMfRecording recording, SpectrumOptions spectrum, CancellationToken cancellationToken)
    {
        TerminalProgress? progress = null;
        var spans = recording.Spans;
        var span = 0;
        try
        {
            await using var data = new FileStream(
                recording.DataPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            if (showProgress && data.Length > progressThresholdBytes)
            {
                progress = new TerminalProgress(data.Length, error, Path.GetFileName(recording.DataPath));
            }

            if (spans.Count == 1)
            {
                return [await SignalAnalyzer.MeasureAsync(data, recording.Format, recording.SampleRateHz, spectrum, progress, cancellationToken)];
            }

            var bytesPerSample = recording.Format.BytesPerSample();
            var analyzers = spans.Select(_ => new CaptureAnalyzer(recording.Format, recording.SampleRateHz, spectrum)).ToArray();
            var buffer = new byte[1 << 16];
            long position = 0;
            int read;
            while ((read = await data.ReadAsync(buffer, cancellationToken)) > 0)
            {
                var block = buffer.AsSpan(0, read);
                while (block.Length > 0)
                {
                    var spanEnd = span + 1 < spans.Count ? spans[span + 1].SampleStart * bytesPerSample : long.MaxValue;
                    var take = (int)Math.Min(block.Length, spanEnd - position);
                    analyzers[span].Append(block[..take]);
                    block = block[take..];
                    position += take;
                    if (position == spanEnd)
                    {
                        span++;
                    }
                }

                progress?.Report(position);
            }

            if (span < spans.Count - 1)
            {
                throw new CommandFailedException(
                    $"{recording.MetaPath}: captures[{spans[span + 1].CaptureIndex}].core:sample_start ({spans[span + 1].SampleStart}) is beyond the end of "
                    + $"the data ({position / bytesPerSample} samples in {recording.DataPath})");
            }

            var measurements = new List<SignalMeasurement>(spans.Count);
            for (span = 0; span < spans.Count; span++)
            {
                measurements.Add(analyzers[span].Complete());
            }

            return measurements;
        }
        catch (Exception ex) when (ex is IqDataException or ArgumentException)
        {
            var which = spans.Count > 1 && span < spans.Count
                ? $" (captures[{spans[span].CaptureIndex}] from sample {spans[span].SampleStart})"
                : "";
            throw new CommandFailedException(
                $"{recording.DataPath}{which}: cannot be measured as {recording.Datatype} samples: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"cannot read {recording.DataPath}: {ex.Message}", ex);
        }
        finally
        {
            progress?.Clear();
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
