namespace ActorWarden.Contracts;

/// <summary>
/// The lifecycle states of one supervised instance, named as supervisord names them so that
/// operators moving from supervisorctl read the same words in `warden status`.
/// </summary>
public enum ProcessState
{
    Stopped,
    Starting,
    Running,
    Backoff,
    Stopping,
    Exited,
    Fatal,
}
