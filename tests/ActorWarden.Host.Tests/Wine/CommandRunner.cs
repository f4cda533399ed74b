using System.Diagnostics;

namespace ActorWarden.Host.Tests.Wine;

/// <summary>
/// Runs a command to completion with a deadline; on timeout the whole tree is killed and the test fails
/// naming it. Output goes to files, never pipes: the first wine command starts wineserver and
/// services.exe, which inherit its standard handles and would hold a pipe open for as long as they live.
/// </summary>
internal static class CommandRunner
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string Both => Output + Error;
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var outputFile = Path.GetTempFileName();
        var errorFile = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec \"$0\" \"$@\" <$AW_IN >\"$AW_OUT\" 2>\"$AW_ERR\"");
            start.ArgumentList.Add(fileName);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            start.Environment["AW_IN"] = "/dev/null";
            start.Environment["AW_OUT"] = outputFile;
            start.Environment["AW_ERR"] = errorFile;
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + fileName);
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {timeout.TotalSeconds:0} s; output: {Read(outputFile)}{Read(errorFile)}");
            }

            return new Result(process.ExitCode, Read(outputFile), Read(errorFile));
        }
        finally
        {
            File.Delete(outputFile);
            File.Delete(errorFile);
        }
    }

    /// <summary>Finds an executable on PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    private static string Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }
}
