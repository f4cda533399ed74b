using System.Diagnostics;

namespace ActorWarden.Supervision.Tests.Fakes;

/// <summary>
/// A real service that speaks the notify protocol: a small Python script driven by KEY=VALUE
/// arguments (ready-after=2, ready-when=FILE, beat-every=0.1, beat-for=1, trigger-after=0.3,
/// status=TEXT), written into a test's folder. It records its NOTIFY_SOCKET and WATCHDOG_USEC in
/// env-INSTANCE so a test can check what the warden passed.
/// </summary>
internal static class NotifyScript
{
    private const string Source = """
        import os, socket, sys, time
        args = dict(a.split("=", 1) for a in sys.argv[1:])
        with open("env-" + os.environ["INSTANCE_NAME"], "w") as f:
            f.write(os.environ.get("NOTIFY_SOCKET", "") + "\n" + os.environ.get("WATCHDOG_USEC", "") + "\n")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        def notify(message):
            sock.sendto(message.encode(), os.environ["NOTIFY_SOCKET"])
        start = time.monotonic()
        if "ready-after" in args:
            time.sleep(float(args["ready-after"]))
            notify("READY=1\nSTATUS=" + args.get("status", "ready"))
        if "ready-when" in args:
            while not os.path.exists(args["ready-when"]):
                time.sleep(0.02)
            notify("READY=1")
        every = float(args.get("beat-every", "0"))
        until = start + float(args.get("beat-for", "1e9"))
        trigger = start + float(args.get("trigger-after", "1e9"))
        while True:
            now = time.monotonic()
            if now >= trigger:
                notify("WATCHDOG=trigger")
                trigger = 1e18
            if every > 0 and now < until:
                notify("WATCHDOG=1")
                time.sleep(every)
            else:
                time.sleep(0.05)
        """;

    private static readonly Lazy<string> Python = new(FindPython);

    /// <summary>The interpreter itself (not a pyenv shim), so the spawned pid is the script's.</summary>
    public static string Interpreter => Python.Value;

    /// <summary>Writes the script into <paramref name="folder"/> and returns its path.</summary>
    public static string WriteTo(string folder)
    {
        var path = Path.Combine(folder, "notifier.py");
        File.WriteAllText(path, Source);
        return path;
    }

    private static string FindPython()
    {
        using var process = Process.Start(new ProcessStartInfo("python3", "-c \"import sys; print(sys.executable)\"") { RedirectStandardOutput = true })!;
        var path = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return path;
    }
}
