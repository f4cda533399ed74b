using ActorWarden.Hocon;
using BenchmarkDotNet.Attributes;
using HoconConfig = ActorWarden.Hocon.Config;

namespace ActorWarden.Benchmarks.Hocon;

/// <summary>
/// Parse + resolve of a generated 1 MB warden config (target: under 100 ms). A short in-process job keeps
/// the run to a few minutes; results are recorded in benchmarks/hocon-results.md.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortInProcessConfig))]
public class HoconParseBenchmarks
{
    private static readonly HoconParseOptions NoEnvironment = new() { UseEnvironment = false };
    private static readonly HoconParseOptions Unresolved = NoEnvironment with { Resolve = false };

    private string _text = string.Empty;
    private HoconConfig _resolved = HoconConfig.Empty;

    [Params(1 << 20)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = WardenConfigGenerator.Generate(Bytes);
        _resolved = HoconParser.ParseString(_text, "bench.conf", NoEnvironment);
    }

    [Benchmark(Baseline = true, Description = "parse + resolve")]
    public HoconConfig ParseAndResolve() => HoconParser.ParseString(_text, "bench.conf", NoEnvironment);

    [Benchmark(Description = "parse only")]
    public HoconConfig ParseOnly() => HoconParser.ParseString(_text, "bench.conf", Unresolved);

    [Benchmark(Description = "ToJson")]
    public string ToJson() => _resolved.ToJson();
}
