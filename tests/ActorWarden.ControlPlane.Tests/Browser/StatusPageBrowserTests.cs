using System.Text.Json;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts;
using ActorWarden.ControlPlane.Tests.Fakes;
using ActorWarden.ControlPlane.Tests.Infrastructure;

namespace ActorWarden.ControlPlane.Tests.Browser;

/// <summary>
/// Drives the real status page in headless Chromium against a real server and a fake tree: the DOM
/// must show the fake's instances after the page's script ran, live events must change a state and a
/// health (each in its own column) and be listed, and a button must reach the tree.
/// </summary>
public sealed class StatusPageBrowserTests
{
    private const string Web2State = "document.querySelector('tr[data-instance=\"web-2\"] .state')";

    [Fact]
    public async Task The_page_renders_the_tree_follows_live_events_and_sends_commands()
    {
        await using var server = await RunningServer.StartAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(new Uri(server.BaseAddress, "/#token=" + server.Token));
        await using var page = await browser.ConnectToPageAsync(server.BaseAddress);

        await page.WaitForAsync("document.querySelectorAll('tr[data-instance]').length === 3", "the three instances to render");
        var rows = await page.EvaluateAsync(
            "[...document.querySelectorAll('tr[data-instance]')].map(r => [r.dataset.instance, r.querySelector('.state').textContent, r.querySelector('.pid').textContent])");
        rows.EnumerateArray().Select(r => string.Join("|", r.EnumerateArray().Select(c => c.GetString()))).Should().Equal(
            "web-1|running|4101", "web-2|running|4102", "worker|stopped|");
        (await page.EvaluateAsync("[...document.querySelectorAll('section.group h2')].map(h => h.firstChild.textContent)"))
            .EnumerateArray().Select(e => e.GetString()).Should().Equal("web", "worker");
        (await page.EvaluateAsync("location.hash")).GetString().Should().BeEmpty("the token is taken out of the address bar");
        (await page.EvaluateAsync("document.getElementById('login').offsetParent === null")).ValueKind.Should().Be(JsonValueKind.True, "the login box is not displayed once a token is known");

        await page.WaitForAsync("document.getElementById('connection').textContent === 'live'", "the event stream to connect");
        await Eventually.True(() => server.Control.SubscriberCount == 2, "the page's event subscription (beside the server's recent-events recorder)");
        server.Control.SetState("web-2", ProcessState.Backoff);
        server.Control.Publish(new WardenEvent(
            DateTimeOffset.UtcNow, "state", "web", "web-2", new Dictionary<string, object?> { ["from"] = "running", ["to"] = "backoff", ["reason"] = "exited too quickly" }));

        await page.WaitForAsync($"{Web2State}.textContent === 'backoff'", "the live event to update web-2");
        (await page.EvaluateAsync($"{Web2State}.className")).GetString().Should().Be("state state-backoff");
        await page.WaitForAsync("document.querySelector('#events li[data-event=\"state\"]') !== null", "the event to be listed");

        server.Control.SetHealth("web-1", "unhealthy");
        server.Control.Publish(new WardenEvent(
            DateTimeOffset.UtcNow, "health", "web", "web-1", new Dictionary<string, object?> { ["state"] = "unhealthy", ["detail"] = "HTTP 503" }));
        await page.WaitForAsync("document.querySelector('tr[data-instance=\"web-1\"] .health').textContent === 'unhealthy'", "the health event to update web-1's health");
        (await page.EvaluateAsync("document.querySelector('tr[data-instance=\"web-1\"] .state').textContent")).GetString()
            .Should().Be("running", "a health event's state is the health verdict, not the instance state");

        await page.EvaluateAsync("document.querySelector('tr[data-instance=\"web-2\"] button[data-action=\"restart\"]').click()");
        await Eventually.True(() => server.Control.Calls.Contains("restart web-2"), "the restart button to call the API");
        await page.WaitForAsync("!document.getElementById('toast').hidden", "the command's result to show");
        (await page.EvaluateAsync("document.getElementById('toast').textContent")).GetString().Should().Be("restart web-2: 1 instance(s)");

        await page.EvaluateAsync("document.querySelector('tr[data-service-row=\"worker\"] button[data-action=\"start\"]').click()");
        await Eventually.True(() => server.Control.Calls.Contains("start worker"), "the service's start button to call the API");

        var png = await page.CaptureScreenshotAsync();
        png.Take(8).Should().Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts"));
        await File.WriteAllBytesAsync(Path.Combine(artifacts.FullName, "status-page.png"), png);
    }

    [Fact]
    public async Task On_a_cluster_node_the_page_groups_instances_by_node_and_keeps_same_named_instances_apart()
    {
        const string A = "127.0.0.1:4053", B = "127.0.0.1:4054";
        var control = new FakeWardenControl(
            [new GroupStatus("web", "one-for-one", ["web"], true), new GroupStatus("agent", "one-for-one", ["agent"], true)],
            [
                FakeWardenControl.Instance("web-1", "web", "web", ProcessState.Running, pid: 4101, restarts: 0) with { Node = A },
                FakeWardenControl.Instance("web-2", "web", "web", ProcessState.Running, pid: 5102, restarts: 0) with { Node = B },
                FakeWardenControl.Instance("agent", "agent", "agent", ProcessState.Running, pid: 4200, restarts: 0) with { Node = A },
                FakeWardenControl.Instance("agent", "agent", "agent", ProcessState.Running, pid: 5200, restarts: 0) with { Node = B },
            ])
        {
            Nodes = [new ClusterNodeStatus(A, "up", Reachable: true, Self: true, Answered: true), new ClusterNodeStatus(B, "up", Reachable: true, Self: false, Answered: true)],
        };
        await using var server = await RunningServer.StartAsync(control);
        await using var browser = await HeadlessChromium.LaunchAsync(new Uri(server.BaseAddress, "/#token=" + server.Token));
        await using var page = await browser.ConnectToPageAsync(server.BaseAddress);

        await page.WaitForAsync("document.querySelectorAll('tr[data-instance]').length === 4", "the four instances to render");
        var sections = await page.EvaluateAsync(
            "[...document.querySelectorAll('section.node')].map(s => s.dataset.node + ':' + [...s.querySelectorAll('tr[data-instance]')].map(r => r.dataset.instance + '=' + r.querySelector('.pid').textContent).join(','))");
        sections.EnumerateArray().Select(e => e.GetString()).Should().Equal(
            $"{A}:web-1=4101,agent=4200", $"{B}:web-2=5102,agent=5200");
        (await page.EvaluateAsync("document.querySelector('section.node h2 .strategy').textContent")).GetString().Should().Be("up, this node");

        await page.WaitForAsync("document.getElementById('connection').textContent === 'live'", "the event stream to connect");
        await Eventually.True(() => server.Control.SubscriberCount == 2, "the page's event subscription");
        server.Control.Publish(new WardenEvent(DateTimeOffset.UtcNow, "state", "agent", "agent", new Dictionary<string, object?> { ["from"] = "running", ["to"] = "backoff", ["reason"] = "exited" }) { Node = B });

        const string AgentOnB = $"document.querySelector('tr[data-instance=\"agent\"][data-node=\"{B}\"] .state')";
        await page.WaitForAsync($"{AgentOnB}.textContent === 'backoff'", "the event of node B's agent to update its row");
        (await page.EvaluateAsync($"document.querySelector('tr[data-instance=\"agent\"][data-node=\"{A}\"] .state').textContent")).GetString()
            .Should().Be("running", "the agent of the other node is another instance");
    }

    [Fact]
    public async Task Every_button_sits_in_the_last_column_and_none_is_cut_off_in_a_narrow_window()
    {
        await using var server = await RunningServer.StartAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(new Uri(server.BaseAddress, "/#token=" + server.Token));
        await using var page = await browser.ConnectToPageAsync(server.BaseAddress);
        await page.WaitForAsync("document.querySelectorAll('tr[data-instance]').length === 3", "the three instances to render");

        // Service rows and instance rows put their buttons in the same column, the table's last.
        var columns = await page.EvaluateAsync(
            "[...document.querySelectorAll('section.group table')].flatMap(t => [...t.querySelectorAll('tbody tr')].map(r => " +
            "(r.dataset.instance || r.dataset.serviceRow) + ':' + [...r.cells].slice(0, [...r.cells].findIndex(c => c.querySelector('.actions'))).reduce((n, c) => n + c.colSpan, 0) + '/' + (t.tHead.rows[0].cells.length - 1)))");
        columns.EnumerateArray().Select(c => c.GetString()).Should().OnlyContain(c => c!.EndsWith(":10/10", StringComparison.Ordinal), "every row's buttons are in the last column");

        // In a narrow window (half a laptop screen) a button outside its card is reachable only if the
        // card scrolls; a clipping card hides it.
        await page.EvaluateAsync("document.querySelector('main').style.width = '700px'");
        var hidden = await page.EvaluateAsync(
            "[...document.querySelectorAll('section.group button')].filter(b => { const g = b.closest('section.group'); " +
            "const r = b.getBoundingClientRect(), c = g.getBoundingClientRect(); " +
            "return r.right > c.right && !(g.scrollWidth > g.clientWidth && ['auto', 'scroll'].includes(getComputedStyle(g).overflowX)); })" +
            ".map(b => (b.closest('tr').dataset.instance || b.closest('tr').dataset.serviceRow) + ' ' + b.dataset.action)");
        hidden.EnumerateArray().Select(b => b.GetString()).Should().BeEmpty("no button is cut off without a way to scroll to it");
    }

    [Fact]
    public async Task Without_a_token_the_page_asks_for_one_and_a_wrong_one_is_rejected()
    {
        await using var server = await RunningServer.StartAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(server.BaseAddress);
        await using var page = await browser.ConnectToPageAsync(server.BaseAddress);

        await page.WaitForAsync("document.readyState === 'complete' && document.getElementById('login').offsetParent !== null", "the login box to be displayed");
        (await page.EvaluateAsync("document.querySelectorAll('tr[data-instance]').length")).GetInt32().Should().Be(0);

        await SubmitTokenAsync(page, "wrong");
        await page.WaitForAsync("document.getElementById('login-error').textContent === 'the token was rejected'", "the rejection");
        server.Control.StatusCalls.Should().Be(0, "nothing is shown without the right token");

        await SubmitTokenAsync(page, server.Token);
        await page.WaitForAsync("document.querySelectorAll('tr[data-instance]').length === 3", "the tree after logging in");
        (await page.EvaluateAsync("document.getElementById('login').offsetParent === null")).ValueKind.Should().Be(JsonValueKind.True);
    }

    private static Task SubmitTokenAsync(DevToolsSession page, string token) =>
        page.EvaluateAsync(
            $"document.getElementById('token-input').value = {JsonSerializer.Serialize(token)}; document.getElementById('login').requestSubmit()");
}
