using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Faults.Tests.Security;

/// <summary>
/// `secret-env` and `secret-env-files` values reach the child, and nothing the WARDEN produces contains
/// them: events (file and live stream), status, `config print --effective`, its own log, /metrics, the
/// state folder, and the `started` event's args where a secret was expanded (masked as ****).
/// The child may print its own environment to its own log; that is the child's business.
/// </summary>
public sealed class SecretMaskingTests
{
    private const string DbPassword = "hunter2-secret";

    [Fact]
    public async Task Secret_values_appear_in_no_artifact_the_warden_produces()
    {
        var secrets = Directory.CreateTempSubdirectory("warden-sec-secrets-").FullName;
        var apiKey = "apikey-" + Guid.NewGuid().ToString("N");
        var keyFile = Path.Combine(secrets, "key.txt");
        File.WriteAllText(keyFile, apiKey + "\n");
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            var secretBlock = $$"""secret-env { DB_PASSWORD = "{{DbPassword}}" }, secret-env-files { API_KEY = "{{keyFile}}" }""";
            await using var warden = RunningWarden.Start($$"""
                    app {
                      command = /bin/sh
                      args = ["-c", "echo started \"$0\" \"$1\"; env | sort; exec sleep 1000", "${DB_PASSWORD}", "${API_KEY}"]
                      start-seconds = 100ms
                      {{secretBlock}}
                      health { type = exec, command = /bin/sh, args = ["-c", "exit 1", "${DB_PASSWORD}", "${API_KEY}"], interval = 200ms, timeout = 1s, failures = 100000, start-period = 0s }
                    }
                    crashy {
                      command = /bin/sh
                      args = ["-c", "echo crash \"$0\"; exit 3", "${DB_PASSWORD}", "--key=${API_KEY}"]
                      start-seconds = 50ms, start-retries = 1000, max-restarts = 1000, within = 1s
                      backoff { min = 200ms, max = 200ms, jitter = 0 }
                      {{secretBlock}}
                    }
                """);
            await warden.WaitForAsync(s => SecurityHarness.IsRunning(s, "app"), SecurityHarness.Patience, "app running");
            var token = SecurityHarness.TokenOf(warden);
            using var http = SecurityHarness.Client(warden, token);

            // Live event stream, subscribed before a restart so it sees a fresh `started` with expanded args.
            using var streamCancel = new CancellationTokenSource(SecurityHarness.Patience);
            var live = new StringBuilder();
            var sawStarted = new TaskCompletionSource();
            var reader = ReadEventsAsync(warden, token, live, sawStarted, streamCancel.Token);
            await WaitForConnectedAsync(live);
            (await warden.CliAsync("restart", "app")).ExitCode.Should().Be(0);
            await sawStarted.Task.WaitAsync(SecurityHarness.Patience);
            await warden.WaitForAsync(s => SecurityHarness.IsRunning(s, "app"), SecurityHarness.Patience, "app running again");
            await Eventually.True(
                () => warden.Events().Count(e => Name(e) == "exited" && e.GetProperty("instance").GetString() == "crashy") >= 3,
                "crashy exited a few times (exit and directive events written)");

            // Positive control: the child really got both secrets, so the absence checks below are meaningful.
            var appLog = Path.Combine(warden.Directory, "logs", "app", "app.out.log");
            await Eventually.True(() => File.Exists(appLog) && File.ReadAllText(appLog).Contains($"started {DbPassword} {apiKey}", StringComparison.Ordinal), "the child printing its secret args");
            File.ReadAllText(appLog).Should().Contain("DB_PASSWORD=" + DbPassword).And.Contain("API_KEY=" + apiKey);

            var artifacts = new Dictionary<string, string>
            {
                ["warden status --json"] = (await warden.CliAsync("status", "--json")).Stdout,
                ["warden status"] = (await warden.CliAsync("status")).Stdout,
                ["warden config print --effective"] = await MustSucceed(WardenBinary.RunAsync(warden.Directory, TimeSpan.FromSeconds(60), "config", "print", "--effective", warden.ConfigPath)),
                ["GET /metrics"] = await http.GetStringAsync("/metrics"),
                ["GET /v1/status"] = await http.GetStringAsync("/v1/status"),
                ["GET /v1/services/app"] = await http.GetStringAsync("/v1/services/app"),
            };
            streamCancel.Cancel();
            await reader;
            artifacts["GET /v1/events (live stream)"] = live.ToString();
            artifacts["the warden's own stdout/stderr"] = warden.Output;
            foreach (var file in WardenFiles(warden.Directory))
            {
                // cat, not FileStream: .NET's advisory locks would refuse files the warden holds open (the state lock, a .tmp being renamed).
                var (code, text) = SecurityHarness.Run("cat", file);
                if (code == 0 || File.Exists(file))
                {
                    code.Should().Be(0, $"cat {file}: {text}");
                    artifacts[file] = text;
                }
            }

            artifacts.Keys.Should().Contain(Path.Combine(warden.Directory, "logs", "events.jsonl"));
            foreach (var (name, text) in artifacts)
            {
                text.Should().NotContain(DbPassword, $"{name} is produced by the warden and must mask secret-env values").And.NotContain(apiKey, $"{name} must mask secret-env-files values");
            }

            var written = await warden.WaitForEventsAsync(
                events => events.Count(e => Name(e) == "started" && e.GetProperty("instance").GetString() == "app") >= 2,
                SecurityHarness.Patience,
                "app's start and its restart written");
            var started = written.Where(e => Name(e) == "started" && e.GetProperty("instance").GetString() == "app").ToList();
            foreach (var e in started)
            {
                var args = e.GetProperty("args").EnumerateArray().Select(a => a.GetString()).ToList();
                args.Should().Equal(["-c", "echo started \"$0\" \"$1\"; env | sort; exec sleep 1000", "****", "****"], "expanded secrets in args are masked as ****");
            }

            var crashyStarted = warden.Events().First(e => Name(e) == "started" && e.GetProperty("instance").GetString() == "crashy");
            crashyStarted.GetProperty("args").EnumerateArray().Select(a => a.GetString()).Should().Equal(["-c", "echo crash \"$0\"; exit 3", "****", "--key=****"]);
            live.ToString().Should().Contain("\"****\"", "the live stream carries the masked args too");
        }
        finally
        {
            Directory.Delete(secrets, recursive: true);
        }
    }

    private static string? Name(JsonElement e) => e.GetProperty("event").GetString();

    private static async Task<string> MustSucceed(Task<CliResult> run)
    {
        var result = await run;
        result.ExitCode.Should().Be(0, result.Stderr);
        return result.Stdout + result.Stderr;
    }

    /// <summary>Every file under the warden's folder except what the children wrote themselves (logs/SERVICE/*.log) and the test's own config.</summary>
    private static IEnumerable<string> WardenFiles(string directory)
    {
        var logs = Path.Combine(directory, "logs");
        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => !(Path.GetDirectoryName(f) != logs && f.StartsWith(logs + "/", StringComparison.Ordinal) && f.Contains(".log", StringComparison.Ordinal)))
            .Where(f => Path.GetFileName(f) != "warden.conf");
    }

    private static async Task WaitForConnectedAsync(StringBuilder live)
    {
        await Eventually.True(
            () =>
            {
                lock (live)
                {
                    return live.ToString().Contains(": connected", StringComparison.Ordinal);
                }
            },
            "the event stream to connect");
    }

    private static async Task ReadEventsAsync(RunningWarden warden, string token, StringBuilder live, TaskCompletionSource sawStarted, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{warden.Port}/"), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.GetAsync("/v1/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                lock (live)
                {
                    live.AppendLine(line);
                }

                if (line.Contains("\"event\":\"started\"", StringComparison.Ordinal) && line.Contains("\"instance\":\"app\"", StringComparison.Ordinal))
                {
                    sawStarted.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
