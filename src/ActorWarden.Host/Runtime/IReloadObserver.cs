

namespace ActorWarden.Host.Runtime;

/// <summary>
/// Lets a lifetime announce reloads to its launcher (systemd wants RELOADING=1 … READY=1) whichever
/// front end asked for the reload: SIGHUP, the HTTP API or the CLI.
/// </summary>
internal interface IReloadObserver
{
    void ReloadStarting();

    void ReloadFinished(ControlResult? result);
}
