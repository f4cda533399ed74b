namespace ActorWarden.Contracts.Events;

/// <summary>How a pre-start or post-stop command ended, as its events report it.</summary>
public sealed record HookReport(bool Ok, string Command, int? Code, int? Signal, bool TimedOut, string? Error, string Output)
{
    internal void Project(EventFieldWriter fields)
    {
        fields.Field("ok", Ok);
        fields.Field("command", Command);
        fields.Field("code", Code);
        fields.Field("signal", Signal);
        fields.Field("timed_out", TimedOut);
        fields.Field("error", Error);
        fields.Field("output", Output);
    }
}

/// <summary><c>pre-start</c>: a pre-start command ended.</summary>
public sealed record PreStartEvent(HookReport Report) : EventPayload
{
    public override string Name => EventNames.PreStart;

    public override void Project(EventFieldWriter fields) => Report.Project(fields);
}

/// <summary>
/// <c>post-stop</c>: a post-stop command ended after process <paramref name="Pid"/> did; without a
/// <paramref name="Report"/> it could not even be planned and <paramref name="PlanError"/> says why.
/// </summary>
public sealed record PostStopEvent(int Pid, HookReport? Report, string? PlanError = null) : EventPayload
{
    public override string Name => EventNames.PostStop;

    /// <summary>True when the command ran and succeeded.</summary>
    public bool Ok => Report?.Ok ?? false;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        if (Report is not null)
        {
            Report.Project(fields);
            return;
        }

        fields.Field("ok", false);
        fields.Field("error", PlanError);
    }
}
