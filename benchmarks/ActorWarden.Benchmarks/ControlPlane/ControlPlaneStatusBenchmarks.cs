using System.Net.Http.Headers;
using ActorWarden.ControlPlane;
using BenchmarkDotNet.Attributes;

namespace ActorWarden.Benchmarks.ControlPlane;

/// <summary>
/// End-to-end latency of <c>GET /v1/status</c> (and <c>/metrics</c>) with 1,000 instances over real
/// Kestrel on loopback: the bar is a median under 50 ms. In-process so it runs without regenerating a
/// project per benchmark.
/// </summary>
[InProcess]
[MemoryDiagnoser]
public class ControlPlaneStatusBenchmarks
{
    private const string Token = "benchmark-token-not-a-secret";
    private ControlPlaneServer? _server;
    private HttpClient? _client;

    [GlobalSetup]
    public void Setup()
    {
        var control = new ThousandInstanceWardenControl();
        if (control.InstanceCount != 1_000)
        {
            throw new InvalidOperationException($"expected 1,000 instances, built {control.InstanceCount}");
        }

        _server = new ControlPlaneServer(control, new ControlPlaneOptions { Port = 0, Token = Token });
        _server.StartAsync().GetAwaiter().GetResult();
        _client = new HttpClient { BaseAddress = _server.BoundAddress };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "GET /v1/status, 1,000 instances")]
    public async Task<int> GetStatus() => (await _client!.GetByteArrayAsync("v1/status")).Length;

    [Benchmark(Description = "GET /metrics, 1,000 instances")]
    public async Task<int> GetMetrics() => (await _client!.GetByteArrayAsync("metrics")).Length;
}
