using ActorWarden.Processes;

namespace ActorWarden.Supervision.Tests.Fakes;

/// <summary>
/// Remembers processes a service started (pid and start time, as the escaper wrote them to a file) so
/// a test can prove afterwards that every one of them is gone: neither running nor a zombie.
/// </summary>
public sealed class TreeWitness
{
    private readonly Dictionary<int, ulong> _seen = [];
    private int _linesRead;

    public TreeWitness(string file) => File = file;

    /// <summary>The file the service appends its pids and "ready" lines to.</summary>
    public string File { get; }

    /// <summary>Every process recorded so far.</summary>
    public IReadOnlyDictionary<int, ulong> Seen => _seen;

    /// <summary>How many times the escaper has finished forking ("ready" lines).</summary>
    public int Ready { get; private set; }

    /// <summary>Reads the lines written since the last call; a pid is recorded with its start time while it still exists.</summary>
    public void Read()
    {
        if (!System.IO.File.Exists(File))
        {
            return;
        }

        var lines = System.IO.File.ReadAllLines(File);
        for (; _linesRead < lines.Length; _linesRead++)
        {
            var line = lines[_linesRead];
            if (line == "ready")
            {
                Ready++;
            }
            else if (int.TryParse(line, out var pid) && ProcessInfo.ReadStartTime(pid) is { } start)
            {
                _seen[pid] = start;
            }
        }
    }

    /// <summary>Waits until the escaper reported ready <paramref name="count"/> times in all.</summary>
    public Task UntilReady(int count, TimeSpan? timeout = null) =>
        RealWarden.Eventually(() =>
        {
            Read();
            return Task.FromResult(Ready >= count);
        }, timeout, $"the escaper to be ready {count} times");

    /// <summary>The recorded processes that still exist (running or zombie).</summary>
    public IReadOnlyList<int> Remaining() => _seen.Where(p => ProcessInfo.ReadStartTime(p.Key) == p.Value).Select(p => p.Key).ToList();

    /// <summary>Kills whatever is still there, so a failing test leaves nothing behind.</summary>
    public void KillRemaining()
    {
        foreach (var pid in Remaining())
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }
        }
    }
}
