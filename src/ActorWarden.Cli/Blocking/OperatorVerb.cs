namespace ActorWarden.Cli.Blocking;

/// <summary>The operator commands that wait for their target state, as `systemctl` and `supervisorctl` do.</summary>
public enum OperatorVerb
{
    Start,
    Stop,
    Restart,
}
