using System.Diagnostics;
using System.Net.Http.Headers;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Faults.Tests.Security;

/// <summary>Small helpers the security tests share on top of the real-binary harness (<see cref="RunningWarden"/>).</summary>
internal static class SecurityHarness
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The generated token of a warden started with the default token file (state/token next to the config).</summary>
    public static string TokenOf(RunningWarden warden)
    {
        var path = Path.Combine(warden.Directory, "state", "token");
        File.Exists(path).Should().BeTrue($"the warden must create its token file at {path}");
        return File.ReadAllText(path).Trim();
    }

    /// <summary>An HTTP client on the warden's API; with <paramref name="token"/> null it sends no Authorization header.</summary>
    public static HttpClient Client(RunningWarden warden, string? token)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{warden.Port}/"), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    /// <summary>Runs a program to completion (useradd, id, ...) and returns its exit code and output; a missing program fails the test with a clear message.</summary>
    public static (int ExitCode, string Output) Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"prerequisite missing: cannot run {program} ({ex.Message}); the security suite needs it (Debian: passwd/coreutils)", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(30_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within 30 s");
            }

            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }

    public static string InstanceField(System.Text.Json.JsonElement status, string instance, string field) =>
        RunningWarden.Instances(status).Single(i => i.GetProperty("name").GetString() == instance).GetProperty(field).ToString();

    public static bool IsRunning(System.Text.Json.JsonElement status, string instance) =>
        RunningWarden.Instances(status).Any(i => i.GetProperty("name").GetString() == instance && i.GetProperty("state").GetString() == "running");
}
