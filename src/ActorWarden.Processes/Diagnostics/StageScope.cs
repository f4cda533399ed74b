namespace ActorWarden.Processes.Diagnostics;

/// <summary>An open stage on the current thread; disposing it resumes the stage it paused. The default one does nothing.</summary>
public readonly struct StageScope : IDisposable
{
    private readonly StageCosts.OpenScopes? _open;

    internal StageScope(StageCosts.OpenScopes open) => _open = open;

    public void Dispose()
    {
        if (_open is not null)
        {
            StageCosts.Leave(_open);
        }
    }
}
