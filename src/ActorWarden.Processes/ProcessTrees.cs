using System.Runtime.ExceptionServices;

namespace ActorWarden.Processes;

/// <summary>Tree kills over many processes, where one failure must not spare the others.</summary>
internal static class ProcessTrees
{
    /// <summary>Kills the tree of every process in turn; the first failure is rethrown after all were tried.</summary>
    public static void KillEach(IReadOnlyCollection<IChildProcess> processes)
    {
        ArgumentNullException.ThrowIfNull(processes);
        ExceptionDispatchInfo? first = null;
        foreach (var process in processes)
        {
            try
            {
                process.KillTree();
            }
            catch (Exception ex)
            {
                first ??= ExceptionDispatchInfo.Capture(ex);
            }
        }

        first?.Throw();
    }
}
