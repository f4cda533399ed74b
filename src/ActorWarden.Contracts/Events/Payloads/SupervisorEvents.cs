namespace ActorWarden.Contracts.Events;

/// <summary>
/// <c>directive</c>: a supervisor applied a directive (<c>restart</c>, <c>stop</c>, <c>escalate</c>) to a
/// child: the why of every restart. One record per level, as each level says different things.
/// </summary>
public abstract record DirectiveEvent(string Supervisor, string Child, string Directive, string Reason, string Cause) : EventPayload
{
    public override string Name => EventNames.Directive;

    /// <summary><c>service</c>, <c>group</c> or <c>root</c>.</summary>
    public abstract string Level { get; }

    /// <summary>True for a restart directive.</summary>
    public bool IsRestart => Directive == "restart";

    private protected void ProjectHead(EventFieldWriter fields)
    {
        fields.Field("supervisor", Supervisor);
        fields.Field("level", Level);
        fields.Field("child", Child);
        fields.Field("directive", Directive);
    }
}

/// <summary>
/// A service supervisor's directive for one instance; <paramref name="Outcome"/> says where it stays
/// (<c>restart</c>, <c>exited</c>, <c>fatal</c>, <c>escalate</c>), <paramref name="DelayMs"/> its restart delay.
/// </summary>
public sealed record ServiceDirectiveEvent(string Supervisor, string Child, string Directive, string Outcome, string Reason, string Cause, long? DelayMs)
    : DirectiveEvent(Supervisor, Child, Directive, Reason, Cause)
{
    public override string Level => "service";

    public override void Project(EventFieldWriter fields)
    {
        ProjectHead(fields);
        fields.Field("outcome", Outcome);
        fields.Field("reason", Reason);
        fields.Field("cause", Cause);
        fields.Field("delay_ms", DelayMs);
    }
}

/// <summary>A group supervisor's directive for a member service, with its <paramref name="Strategy"/> and the services it restarts.</summary>
public sealed record GroupDirectiveEvent(string Supervisor, string Child, string Directive, string Strategy, IReadOnlyList<string> Affected, string Reason, string Cause)
    : DirectiveEvent(Supervisor, Child, Directive, Reason, Cause)
{
    public override string Level => "group";

    public override void Project(EventFieldWriter fields)
    {
        ProjectHead(fields);
        fields.Field("strategy", Strategy);
        fields.Field("affected", Affected);
        fields.Field("reason", Reason);
        fields.Field("cause", Cause);
    }
}

/// <summary>The root's directive for a group.</summary>
public sealed record RootDirectiveEvent(string Supervisor, string Child, string Directive, string Reason, string Cause)
    : DirectiveEvent(Supervisor, Child, Directive, Reason, Cause)
{
    public override string Level => "root";

    public override void Project(EventFieldWriter fields)
    {
        ProjectHead(fields);
        fields.Field("reason", Reason);
        fields.Field("cause", Cause);
    }
}

/// <summary><c>escalated</c>: a supervisor (<paramref name="Level"/> <c>service</c> or <c>group</c>) handed a failure to its parent <paramref name="To"/>.</summary>
public sealed record EscalatedEvent(string Supervisor, string Level, string To, string Reason) : EventPayload
{
    public override string Name => EventNames.Escalated;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("supervisor", Supervisor);
        fields.Field("level", Level);
        fields.Field("to", To);
        fields.Field("reason", Reason);
    }
}

/// <summary><c>gave-up</c>: the root exceeded its intensity for a group; <paramref name="Policy"/> is <c>park</c> or <c>exit</c>.</summary>
public sealed record GaveUpEvent(string Group, string Policy, int? ExitCode, string Reason) : EventPayload
{
    public override string Name => EventNames.GaveUp;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("group", Group);
        fields.Field("policy", Policy);
        fields.Field("exit_code", ExitCode);
        fields.Field("reason", Reason);
    }
}

/// <summary><c>binds-to-stop</c>: a service is stopped because <paramref name="BindsTo"/>, a service it binds to, went down.</summary>
public sealed record BindsToStopEvent(string BindsTo, string Reason) : EventPayload
{
    public override string Name => EventNames.BindsToStop;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("binds_to", BindsTo);
        fields.Field("reason", Reason);
    }
}

/// <summary><c>binds-to-start</c>: a service stopped by binds-to starts again: everything it binds to is ready.</summary>
public sealed record BindsToStartEvent(IReadOnlyList<string> BindsTo) : EventPayload
{
    public override string Name => EventNames.BindsToStart;

    public override void Project(EventFieldWriter fields) => fields.Field("binds_to", BindsTo);
}
