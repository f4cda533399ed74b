using System.Text.Json;

namespace ActorWarden.Host.Tests.Wine;

/// <summary>
/// The real warden.exe as a Windows service under Wine's service control manager: `run --service`,
/// the config loader, the SCM status machine, and the Windows launcher (suspended CreateProcessW in a
/// kill-on-close job object, the stop ladder ending in TerminateJobObject) with real Windows children
/// (cmd.exe, ping.exe) observed as Linux processes.
/// </summary>
public sealed class WineServiceTests : IClassFixture<WineServiceFixture>
{
    private const string Cmd = @"C:\\windows\\system32\\cmd.exe";
    private const string Ping = @"C:\\windows\\system32\\ping.exe";
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(30);
    private readonly WineServiceFixture _wine;

    public WineServiceTests(WineServiceFixture wine) => _wine = wine;

    [Fact]
    public async Task Sc_start_runs_the_tree_and_sc_stop_kills_child_and_grandchild_through_the_job_then_uninstall_deletes_it()
    {
        // cmd.exe starts one ping in the background (a grandchild, via start.exe) and waits on another.
        const string Marker = "-n 3601 127.0.0.1";
        await using var service = await WardenService.CreateAsync(_wine, "AwTree", $$"""
              shutdown-timeout = 20s
              services {
                tree {
                  command = "{{Cmd}}"
                  args = ["/c", "start /b ping {{Marker}} & ping {{Marker}}"]
                  stop { signal = SIGKILL }
                }
              }
            """);

        await service.Sc("start");
        (await service.WaitForState("RUNNING")).Should().Contain("WIN32_OWN_PROCESS");
        await service.WaitUntil(() => service.ProcessesWith(Marker).Count == 3, "cmd.exe, its ping and the background ping to run", ProcessTimeout);
        // RUNNING and the warden-ready event come from the same moment, but the event reaches events.jsonl through its own writer.
        await service.WaitUntil(() => service.Event("warden-ready") is not null, "the warden-ready event written", ProcessTimeout);

        await service.Sc("stop");
        await service.WaitForState("STOPPED");

        await service.WaitUntil(() => service.ProcessesWith(Marker).Count == 0, "the job object to take cmd.exe, the ping and the background ping", ProcessTimeout);
        Field(service.Event("stopping", "tree"), "signal").GetString().Should().Be("SIGKILL");
        service.Event("killed", "tree").Should().NotBeNull("SIGKILL goes straight to TerminateJobObject");
        Field(service.Event("stopped", "tree"), "signal").GetInt32().Should().Be(9, "a process the warden killed reports SIGKILL, as on Linux");
        Field(service.Event("warden-stopped"), "exit_code").GetInt32().Should().Be(0);
        service.ReadLog().Should().Contain($"The SCM asked service {service.Name} to stop").And.Contain("Warden host exiting with code 0");

        var uninstall = await service.UninstallAsync();
        uninstall.ExitCode.Should().Be(0, uninstall.Both);
        uninstall.Output.Should().Contain($"Deleted Windows service '{service.Name}'");
        (await service.QueryAsync()).ExitCode.Should().NotBe(0, "the service is gone from the SCM");
    }

    [Fact]
    public async Task A_child_that_writes_READY_1_to_its_notify_pipe_becomes_Running_and_only_then_starts_its_dependent()
    {
        // cmd.exe waits about two seconds, writes READY=1 to the named pipe in %NOTIFY_SOCKET%, then keeps running.
        const string Marker = "-n 3603 127.0.0.1";
        const string DependentMarker = "-n 3604 127.0.0.1";
        await using var service = await WardenService.CreateAsync(_wine, "AwNotify", $$"""
              shutdown-timeout = 20s
              services {
                db {
                  command = "{{Cmd}}"
                  args = ["/c", "ping -n 3 127.0.0.1 >nul & (echo %NOTIFY_SOCKET% & (echo READY=1> %NOTIFY_SOCKET%) && echo sent || echo failed) > notify.txt 2>&1 & ping {{Marker}}"]
                  ready = notify
                  start-timeout = 60s
                  stop { signal = SIGKILL }
                }
                app {
                  command = "{{Ping}}"
                  args = ["-n", "3604", "127.0.0.1"]
                  depends-on = [db]
                  stop { signal = SIGKILL }
                }
              }
            """);

        await service.Sc("start");
        var written = Path.Combine(service.Directory, "notify.txt");
        try
        {
            await service.WaitUntil(() => service.Event("started", "app") is not null, "the dependent to start after db's READY=1", ProcessTimeout);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"cmd.exe wrote: {(File.Exists(written) ? File.ReadAllText(written) : "nothing")}; {timeout.Message}", timeout);
        }

        await service.WaitForState("RUNNING");

        var ready = service.Event("ready", "db") ?? throw new InvalidOperationException("no ready event for db");
        Field(ready, "after_ms").GetInt64().Should().BeGreaterThan(1000, "cmd.exe pings for about two seconds first");
        var appStarted = service.Event("started", "app")!.Value;
        DateTimeOffset.Parse(appStarted.GetProperty("ts").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeOnOrAfter(DateTimeOffset.Parse(ready.GetProperty("ts").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        service.Event("notify-refused", "db").Should().BeNull();
        service.ProcessesWith(DependentMarker).Should().HaveCount(1);

        await service.Sc("stop");
        await service.WaitForState("STOPPED");
        await service.WaitUntil(() => service.ProcessesWith(Marker).Count == 0 && service.ProcessesWith(DependentMarker).Count == 0, "every child to be gone", ProcessTimeout);
        (await service.UninstallAsync()).ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task A_child_that_outlives_ctrl_break_is_killed_by_the_job_at_the_stop_timeout()
    {
        // ping.exe survives the SIGTERM rung (Ctrl+Break to its group, WM_CLOSE to its windows), so the
        // ladder must end it with TerminateJobObject once stop.timeout has passed.
        const string Marker = "-n 3602 127.0.0.1";
        await using var service = await WardenService.CreateAsync(_wine, "AwLadder", $$"""
              shutdown-timeout = 20s
              services {
                stubborn {
                  command = "{{Ping}}"
                  args = ["-n", "3602", "127.0.0.1"]
                  stop { signal = SIGTERM, timeout = 2s }
                }
              }
            """);

        await service.Sc("start");
        await service.WaitForState("RUNNING");
        await service.WaitUntil(() => service.ProcessesWith(Marker).Count == 1, "ping.exe to run", ProcessTimeout);

        await service.Sc("stop");
        await service.WaitForState("STOPPED");

        await service.WaitUntil(() => service.ProcessesWith(Marker).Count == 0, "the job object to take ping.exe", ProcessTimeout);
        var stopping = service.Event("stopping", "stubborn");
        Field(stopping, "signal").GetString().Should().Be("SIGTERM");
        Field(stopping, "timeout_ms").GetInt64().Should().Be(2000);
        var killed = service.Event("killed", "stubborn");
        Field(killed, "reason").GetString().Should().Contain("no exit within stop.timeout (2 s) after SIGTERM");
        (Timestamp(killed) - Timestamp(stopping)).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1900), "the kill waits for stop.timeout");
        var stopped = service.Event("stopped", "stubborn");
        Field(stopped, "signal").GetInt32().Should().Be(9);
        Timestamp(stopped).Should().BeOnOrAfter(Timestamp(killed));
        Field(service.Event("warden-stopped"), "exit_code").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task A_root_policy_that_gives_up_stops_the_service_on_its_own_with_its_exit_code()
    {
        const string Marker = "-n 4 127.0.0.1";
        await using var service = await WardenService.CreateAsync(_wine, "AwGiveUp", $$"""
              shutdown-timeout = 20s
              root { max-restarts = 0, within = 60s, on-give-up = exit, exit-code = 3 }
              services {
                crasher {
                  command = "{{Cmd}}"
                  args = ["/c", "ping {{Marker}} >NUL & exit 1"]
                  restart = always
                  start-seconds = 500ms
                  max-restarts = 0
                  within = 60s
                }
              }
              groups { crashers { members = [crasher], max-restarts = 0, within = 60s } }
            """);

        await service.Sc("start");
        await service.WaitUntil(() => service.Event("warden-ready") is not null, "the warden to report ready", WardenService.StateTimeout);
        await service.WaitForState("STOPPED");

        await service.WaitUntil(() => service.ProcessesWith(Marker).Count == 0, "the crashed child to be gone", ProcessTimeout);
        Field(service.Event("gave-up"), "exit_code").GetInt32().Should().Be(3);
        Field(service.Event("warden-stopped"), "exit_code").GetInt32().Should().Be(3);
        service.ReadLog().Should().Contain("ended on its own (exit code 3)").And.Contain("Warden host exiting with code 3");
    }

    [Fact]
    public async Task Under_the_SCM_the_decision_lines_reach_ReportEvent_with_their_event_id_and_type()
    {
        // The first run outlives start-seconds (so the warden reports RUNNING and accepts sc stop) and
        // exits 1: an unexpected exit. Every later run exits at once: a failed start, hence Fatal.
        var marker = $@"C:\\aw\\AwEventLog{_wine.RunId}\\ran";
        await using var service = await WardenService.CreateAsync(_wine, "AwEventLog", $$"""
              shutdown-timeout = 20s
              services {
                crasher {
                  command = "{{Cmd}}"
                  args = ["/c", "if exist {{marker}} (exit 1) else (type nul > {{marker}} & ping -n 3 127.0.0.1 >NUL & exit 1)"]
                  start-seconds = 500ms
                  start-retries = 1
                  fatal-retry = off
                }
              }
            """);

        // Wine's ReportEventW writes no log; with WINEDEBUG=+eventlog it traces what it was asked to write
        // to the unix stderr of the process, which services.exe and the service inherit from the command
        // that boots them. So stop this prefix's wineserver and let a traced `sc start` boot it again.
        var trace = Path.Combine(_wine.Root, service.Name + "-eventlog.trace");
        await CommandRunner.RunAsync(_wine.WineServer, new[] { "-k" }, _wine.Environment, WardenService.CommandTimeout);
        await CommandRunner.RunAsync(_wine.WineServer, new[] { "-w" }, _wine.Environment, WardenService.CommandTimeout);
        var traced = new Dictionary<string, string>(_wine.Environment) { ["WINEDEBUG"] = "-all,+eventlog,fixme+advapi", ["AW_TRACE"] = trace };
        var start = await CommandRunner.RunAsync("/bin/sh", new[] { "-c", "exec \"$0\" sc start \"$1\" 2>>\"$AW_TRACE\"", _wine.Wine, service.Name }, traced, WardenService.CommandTimeout);
        start.ExitCode.Should().Be(0, start.Both);

        await service.WaitForState("RUNNING");
        await service.WaitUntil(() => service.Event("fatal", "crasher") is not null, "crasher to go Fatal", ProcessTimeout);
        await service.WaitUntil(() => ReadShared(trace).Contains("entered FATAL state", StringComparison.Ordinal), "the Fatal line in the ReportEvent trace", ProcessTimeout);
        await service.Sc("stop");
        await service.WaitForState("STOPPED");

        var text = ReadShared(trace);
        text.Should().MatchRegex(@"fixme:advapi:ReportEventW \([^,]+,0x0002,0x0000,0x0000006f,", "an unexpected exit is a Warning (type 2) with event ID 111");
        text.Should().Contain("warn:eventlog:ReportEventW L\"exited: crasher (exit status 1; not expected)");
        text.Should().MatchRegex(@"fixme:advapi:ReportEventW \([^,]+,0x0001,0x0000,0x0000008c,", "Fatal is an Error (type 1) with event ID 140");
        text.Should().Contain("err:eventlog:ReportEventW L\"gave up: crasher entered FATAL state");
        text.Should().MatchRegex(@"fixme:advapi:ReportEventW \([^,]+,0x0004,0x0000,0x00000064,", "spawned is Information (type 4) with event ID 100");
        text.Should().MatchRegex($@"RegisterEventSourceW \([^,]*,L""{service.Name}""\)", "the event source is the service name");
        service.ReadLog().Should().Contain("gave up: crasher entered FATAL state", "the service log file keeps every line too");

        // EventLog.WriteEntry registered the missing source itself (as LocalSystem may); uninstall removes it.
        var sourceKey = @"HKLM\System\CurrentControlSet\Services\EventLog\Application\" + service.Name;
        (await _wine.RunAsync(WardenService.CommandTimeout, "reg", "query", sourceKey)).ExitCode.Should().Be(0, "the event source is registered in the Application log");
        var uninstall = await service.UninstallAsync();
        uninstall.ExitCode.Should().Be(0, uninstall.Both);
        uninstall.Output.Should().Contain($"Event source '{service.Name}' removed from the Application log");
        (await _wine.RunAsync(WardenService.CommandTimeout, "reg", "query", sourceKey)).ExitCode.Should().NotBe(0, "uninstall deleted the event source");

        // Later tests must not boot services.exe into this trace.
        await CommandRunner.RunAsync(_wine.WineServer, new[] { "-k" }, _wine.Environment, WardenService.CommandTimeout);
    }

    private static string ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    private static JsonElement Field(JsonElement? @event, string name)
    {
        @event.Should().NotBeNull($"an event with '{name}' should have been written");
        @event!.Value.TryGetProperty(name, out var value).Should().BeTrue($"{@event} should carry '{name}'");
        return value;
    }

    private static DateTimeOffset Timestamp(JsonElement? @event) =>
        DateTimeOffset.Parse(Field(@event, "ts").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
