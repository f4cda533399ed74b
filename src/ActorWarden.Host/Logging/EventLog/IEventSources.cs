namespace ActorWarden.Host.Logging.EventLog;

/// <summary>
/// Event sources of the Application log. Registering one needs administrator rights, so
/// <c>warden service install</c> (run elevated) does it and the service only writes; uninstall removes it.
/// </summary>
public interface IEventSources
{
    bool Exists(string source);

    void Register(string source);

    void Remove(string source);
}
