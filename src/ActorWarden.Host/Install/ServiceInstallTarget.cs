namespace ActorWarden.Host.Install;

/// <summary>Which service manager an install is meant for; dry runs can render either on any OS.</summary>
public enum ServiceInstallTarget
{
    Systemd,
    WindowsService,
}
