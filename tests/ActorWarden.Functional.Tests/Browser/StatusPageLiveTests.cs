using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using ActorWarden.ControlPlane.Tests.Browser;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests.Browser;

/// <summary>
/// The status page in headless Chromium against a real warden with real children (issue 11, item 2):
/// after a crash the rows must equal what `warden status --json` says, field for field, within 2 s —
/// not after the page's 60 s safety re-read.
/// </summary>
public sealed class StatusPageLiveTests
{
    private const string Token = "status-page-live-test-token-7f3a9c";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(2);

    private const string PageRows =
        "JSON.stringify([...document.querySelectorAll('tr[data-instance]')].map(r => [r.dataset.instance, r.querySelector('.state').textContent, r.querySelector('.pid').textContent, r.querySelector('.restarts').textContent, r.querySelector('.health').textContent].join('|')))";

    [Fact]
    public async Task After_a_health_change_and_a_kill_9_every_row_equals_the_status_within_2_s_and_the_crash_shows_in_the_events_and_the_history()
    {
        // worker turns healthy when the test creates the flag file, after the page is up.
        using var flags = new ActorWarden.ControlPlane.Tests.Infrastructure.TempDirectory();
        var healthy = flags.File("healthy");
        await using var warden = RunningWarden.Start(
            $$"""
                web { command = /bin/sleep, args = ["1000"], instances = 3, start-seconds = 200ms, backoff { min = 100ms, max = 100ms, jitter = 0 } }
                worker { command = /bin/sleep, args = ["1000"], start-seconds = 200ms, health { type = exec, command = /bin/test, args = ["-e", "{{healthy}}"], interval = 200ms, start-period = 10m } }
            """,
            $"control.http.token = \"{Token}\"");
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 4), Patience, "four running instances");
        var origin = new Uri($"http://127.0.0.1:{warden.Port}/");
        using var api = new HttpClient { BaseAddress = origin, Timeout = TimeSpan.FromSeconds(10) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        await using var browser = await HeadlessChromium.LaunchAsync(new Uri(origin, "/#token=" + Token));
        await using var page = await browser.ConnectToPageAsync(origin);
        await page.WaitForAsync(
            "document.getElementById('connection').textContent === 'live' && document.querySelectorAll('tr[data-instance]').length === 4",
            "the page to show the four instances and follow the event stream");
        (await PageRowsAsync(page)).Should().Equal(StatusRows(await StatusAsync(api)), "the page starts from the status");
        await page.WaitForAsync(
            "document.querySelectorAll('#events li[data-event=\"started\"]').length === 4 && document.querySelectorAll('tr[data-instance] .history .mark-start').length === 4",
            "the starts that happened before the page opened, in the events pane and the history strips");

        await File.WriteAllTextAsync(healthy, "");
        var victim = Pid(await StatusAsync(api), "web-2");
        Native.Kill(victim, 9);
        await warden.WaitForAsync(
            s => RunningWarden.AllIn(s, "running", 4) && Pid(s, "web-2") != victim && Health(s, "worker") == "healthy",
            Patience,
            "the warden to restart web-2 and to find worker healthy");

        var clock = Stopwatch.StartNew();
        IReadOnlyList<string> shown, status;
        do
        {
            shown = await PageRowsAsync(page);
            status = StatusRows(await StatusAsync(api));
            if (shown.SequenceEqual(status))
            {
                break;
            }

            await Task.Delay(100);
        }
        while (clock.Elapsed < Promise);

        shown.Should().Equal(status, "within 2 s of the restart every row equals /v1/status (name|state|pid|restarts|health)");
        status.Should().Contain(r => r.StartsWith("web-2|running|", StringComparison.Ordinal) && r.EndsWith("|1|", StringComparison.Ordinal), "web-2 was restarted once");
        var uptime = await page.EvaluateAsync("document.querySelector('tr[data-instance=\"web-2\"] .uptime').textContent");
        uptime.GetString().Should().MatchRegex("^00:00:0[0-9]$", "the restarted instance's uptime starts again from zero");
        (await page.EvaluateAsync("[...document.querySelectorAll('#events li[data-instance=\"web-2\"]')].map(li => li.dataset.event)"))
            .EnumerateArray().Select(e => e.GetString()).Should().Contain(new[] { "exited", "started" }, "the recent events show the crash and the restart");
        (await page.EvaluateAsync("[...document.querySelectorAll('tr[data-instance=\"web-2\"] .history .mark')].map(m => m.dataset.kind)"))
            .EnumerateArray().Select(e => e.GetString()).Should().ContainInOrder(new[] { "exit", "start" }, "the history strip marks the crash, then the new start");
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts"));
        await File.WriteAllBytesAsync(Path.Combine(artifacts.FullName, "status-page-live.png"), await page.CaptureScreenshotAsync());
    }

    private static async Task<IReadOnlyList<string>> PageRowsAsync(DevToolsSession page) =>
        JsonSerializer.Deserialize<string[]>((await page.EvaluateAsync(PageRows)).GetString()!)!;

    private static async Task<JsonElement> StatusAsync(HttpClient api) =>
        JsonDocument.Parse(await api.GetStringAsync("v1/status")).RootElement.Clone();

    /// <summary>The fields the page shows, as the page shows them: no pid and no health text when there is none.</summary>
    private static IReadOnlyList<string> StatusRows(JsonElement status) =>
        RunningWarden.Instances(status).Select(i => string.Join(
            "|",
            i.GetProperty("name").GetString(),
            i.GetProperty("state").GetString(),
            i.GetProperty("pid").ValueKind == JsonValueKind.Number ? i.GetProperty("pid").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
            i.GetProperty("restarts").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            i.GetProperty("health").GetString() is "none" or null ? "" : i.GetProperty("health").GetString())).ToList();

    private static string? Health(JsonElement status, string name) =>
        RunningWarden.Instances(status).Single(i => i.GetProperty("name").GetString() == name).GetProperty("health").GetString();

    private static int Pid(JsonElement status, string name) =>
        RunningWarden.Instances(status).Single(i => i.GetProperty("name").GetString() == name).GetProperty("pid").GetInt32();
}
