using System.CommandLine;
using Heimdall.Cli.CommandLine;

namespace Heimdall.Cli.Api;

/// <summary><c>heimdall recording get ID RECEIVER -o DIR</c>: the SigMF pair through the API, ready for <c>heimdall analyze</c>.</summary>
internal static class RecordingCommands
{
    private static readonly string[] Extensions = [".sigmf-meta", ".sigmf-data"];

    public static Command Create(CliContext context)
    {
        var group = ApiCommand.Group("recording", "Archived SigMF recordings.");
        var id = new Argument<Guid>("ID") { Description = "The acquisition id." };
        var receiver = new Argument<int>("RECEIVER") { Description = "The receiver id." };
        var directory = new Option<DirectoryInfo>("--output", "-o") { Description = "Folder to write RECEIVER.sigmf-meta and .sigmf-data into (created if missing).", HelpName = "DIR", Required = true };
        var get = new Command("get", "Download a receiver's recording (meta and data) without S3 credentials.") { id, receiver, directory };
        ApiCommand.SetAction(get, context, async (result, api, ct) =>
        {
            var folder = result.GetValue(directory)!;
            folder.Create();
            var written = new List<string>();
            foreach (var extension in Extensions)
            {
                var target = Path.Combine(folder.FullName, $"{result.GetValue(receiver)}{extension}");
                var partial = target + ".partial";
                try
                {
                    long bytes;
                    await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                    {
                        bytes = await api.DownloadAsync($"/api/acquisitions/{result.GetValue(id)}/recordings/{result.GetValue(receiver)}{extension}", file, ct);
                    }

                    File.Move(partial, target, overwrite: true);
                    written.Add($"{target} ({bytes} bytes)");
                }
                finally
                {
                    File.Delete(partial);
                }
            }

            foreach (var line in written)
            {
                await context.Output.WriteLineAsync(line);
            }

            await context.Output.WriteLineAsync($"analyse it: heimdall analyze {Path.Combine(folder.FullName, $"{result.GetValue(receiver)}.sigmf-meta")}");
            return ExitCodes.Ok;
        });
        group.Add(get);
        return group;
    }
}
