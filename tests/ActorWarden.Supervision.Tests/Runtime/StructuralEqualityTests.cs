using ActorWarden.Config;
using ActorWarden.Supervision.Tests.Fakes;
using ActorWarden.Supervision.Tree.Reload;

namespace ActorWarden.Supervision.Tests.Runtime;

public sealed class StructuralEqualityTests
{
    private static ServiceSpec Spec(string value = "1", int code = 3) => TestSpecs.Service("web", s => s with
    {
        Args = ["--a", value],
        Env = new Dictionary<string, string> { ["A"] = value, ["B"] = "2" },
        ExitCodes = new Dictionary<int, ExitAction> { [code] = ExitAction.Stop },
        Health = new HealthSpec { ExpectStatus = [200, 204] },
    });

    [Fact]
    public void Two_bindings_of_the_same_spec_are_equal_although_record_equality_says_otherwise()
    {
        var a = Spec();
        var b = Spec();

        a.Equals(b).Should().BeFalse("the compiler compares the lists by reference");
        StructuralEquality.AreEqual(a, b).Should().BeTrue();
    }

    [Fact]
    public void A_change_deep_inside_a_list_dictionary_or_nested_record_is_seen()
    {
        StructuralEquality.AreEqual(Spec(), Spec("2")).Should().BeFalse();
        StructuralEquality.AreEqual(Spec(), Spec(code: 4)).Should().BeFalse();
        StructuralEquality.AreEqual(Spec(), Spec() with { Health = new HealthSpec { ExpectStatus = [200] } }).Should().BeFalse();
        StructuralEquality.AreEqual(Spec(), Spec() with { Backoff = Spec().Backoff with { Max = TimeSpan.FromSeconds(1) } }).Should().BeFalse();
    }

    [Fact]
    public void Dictionary_order_does_not_matter()
    {
        var a = Spec() with { Env = new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" } };
        var b = Spec() with { Env = new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" } };

        StructuralEquality.AreEqual(a, b).Should().BeTrue();
    }
}
