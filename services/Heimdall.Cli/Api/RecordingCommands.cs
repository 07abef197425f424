using System.CommandLine;
using System.Text.Json.Nodes;
using Heimdall.Cli.CommandLine;

namespace Heimdall.Cli.Api;

/// <summary>
/// <c>heimdall recording get ID RECEIVER -o DIR [--force]</c>: the SigMF pair through the API, ready for
/// <c>heimdall analyze</c>. A file already there is left alone unless <c>--force</c>; <c>--json</c> lists what was written.
/// </summary>
internal static class RecordingCommands
{
    private static readonly string[] Extensions = [".sigmf-meta", ".sigmf-data"];

    public static Command Create(CliContext context)
    {
        var group = ApiCommand.Group("recording", "Archived SigMF recordings.");
        var id = new Argument<Guid>("ID") { Description = "The acquisition id." };
        var receiver = new Argument<int>("RECEIVER") { Description = "The receiver id." };
        var directory = new Option<DirectoryInfo>("--output", "-o") { Description = "Folder to write RECEIVER.sigmf-meta and .sigmf-data into (created if missing).", HelpName = "DIR", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite RECEIVER.sigmf-meta and .sigmf-data when they exist (otherwise nothing is written)." };
        var get = new Command("get", "Download a receiver's recording (meta and data) without S3 credentials.") { id, receiver, directory, force };
        ApiCommand.SetAction(get, context, async (result, api, ct) =>
        {
            var folder = result.GetValue(directory)!;
            var targets = Extensions.Select(e => Path.Combine(folder.FullName, $"{result.GetValue(receiver)}{e}")).ToList();
            if (!result.GetValue(force) && targets.FirstOrDefault(File.Exists) is { } existing)
            {
                await context.Error.WriteLineAsync($"error: {existing} exists: give --force to overwrite it (nothing was written)");
                return ExitCodes.Failed;
            }

            folder.Create();
            var written = new JsonArray();
            foreach (var (extension, target) in Extensions.Zip(targets))
            {
                var partial = target + ".partial";
                try
                {
                    long bytes;
                    await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                    {
                        bytes = await api.DownloadAsync($"/api/acquisitions/{result.GetValue(id)}/recordings/{result.GetValue(receiver)}{extension}", file, ct);
                    }

                    File.Move(partial, target, overwrite: true);
                    written.Add(new JsonObject { ["path"] = target, ["bytes"] = bytes });
                }
                finally
                {
                    File.Delete(partial);
                }
            }

            var report = new JsonObject
            {
                ["acquisitionId"] = result.GetValue(id).ToString(), ["receiverId"] = result.GetValue(receiver), ["files"] = written,
            };
            return await ApiCommand.PrintAsync(result, context, report, (output, node) =>
            {
                foreach (var file in node["files"]!.AsArray())
                {
                    output.WriteLine($"{file!["path"]} ({file["bytes"]} bytes)");
                }

                output.WriteLine($"analyse it: heimdall analyze {targets[0]}");
            });
        });
        group.Add(get);
        return group;
    }
}
