using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ActorWarden.Benchmarks.Akka;

/// <summary>
/// A short in-process job for the Akka runtime suites: on the shared 2-core machine the generated out-of-process
/// project builds too slowly, and each invocation already processes 100,000 to 1,000,000 operations, so ten
/// measured iterations give a stable median and spread within a few minutes.
/// </summary>
public sealed class AkkaBenchmarkConfig : ManualConfig
{
    public AkkaBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("AkkaShort"));
        AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max, StatisticColumn.OperationsPerSecond);
    }
}
