using ActorWarden.Contracts.Control;


namespace ActorWarden.Cluster.Status;

/// <summary>An operator's start, stop or restart of one instance, sent to the node that runs it. Crosses the network.</summary>
/// <param name="Verb">start | stop | restart.</param>
/// <param name="Instance">The instance's name on that node (web-3).</param>
public sealed record NodeCommand(string Verb, string Instance);

/// <summary>The node's <see cref="ControlResult"/>, in plain fields for the wire.</summary>
public sealed record NodeCommandReply(string Kind, string Message, string[] Affected)
{
    public static NodeCommandReply From(ControlResult result) => new(result.Kind.ToString(), result.Message, result.Affected.ToArray());

    public ControlResult ToResult() => new(Enum.Parse<ControlOutcome>(Kind), Message, Affected);
}

/// <summary>Runs a <see cref="NodeCommand"/> on a node's own warden.</summary>
internal static class NodeCommandRunner
{
    public static Task<ControlResult> Run(IWardenControl local, NodeCommand command) => command.Verb switch
    {
        "start" => local.StartAsync(command.Instance),
        "stop" => local.StopAsync(command.Instance),
        "restart" => local.RestartAsync(command.Instance),
        _ => Task.FromResult(ControlResult.Invalid($"unknown verb `{command.Verb}`; expected start, stop or restart")),
    };
}
