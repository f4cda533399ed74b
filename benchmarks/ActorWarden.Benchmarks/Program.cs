using BenchmarkDotNet.Running;

namespace ActorWarden.Benchmarks;

/// <summary>Runs the BenchmarkDotNet suites (Akka runtime, HOCON, control plane); pass BenchmarkDotNet arguments such as --filter.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
