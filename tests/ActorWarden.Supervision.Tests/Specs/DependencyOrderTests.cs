using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Specs;

public sealed class DependencyOrderTests
{
    private static ServiceSpec S(string name, params string[] deps) => new() { Name = name, Command = "/bin/true", DependsOn = deps };

    [Fact]
    public void Dependencies_start_first_and_stop_last()
    {
        var services = new[] { S("web", "db", "cache"), S("db"), S("cache", "db"), S("worker", "web") };

        DependencyOrder.StartOrder(services).Select(s => s.Name).Should().Equal("db", "cache", "web", "worker");
        DependencyOrder.StopOrder(services).Select(s => s.Name).Should().Equal("worker", "web", "cache", "db");
    }

    [Fact]
    public void Unrelated_services_keep_configuration_order()
    {
        DependencyOrder.StartOrder(new[] { S("c"), S("a"), S("b") }).Select(s => s.Name).Should().Equal("c", "a", "b");
    }

    [Fact]
    public void A_cycle_is_found_and_named()
    {
        var services = new[] { S("a", "b"), S("b", "c"), S("c", "a") };

        DependencyOrder.FindCycle(services).Should().Equal("a", "b", "c", "a");
        ((Action)(() => DependencyOrder.StartOrder(services))).Should().Throw<InvalidOperationException>().WithMessage("dependency cycle: a -> b -> c -> a");
    }

    [Fact]
    public void A_ten_thousand_deep_chain_does_not_overflow_the_stack()
    {
        var services = Enumerable.Range(0, 10_000).Select(i => i == 0 ? S("s0") : S("s" + i, "s" + (i - 1))).Reverse().ToArray();

        DependencyOrder.StartOrder(services).First().Name.Should().Be("s0");
    }
}
