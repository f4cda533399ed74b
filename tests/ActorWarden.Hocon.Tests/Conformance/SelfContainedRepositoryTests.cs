using System.Text.RegularExpressions;

namespace ActorWarden.Hocon.Tests.Conformance;

/// <summary>
/// Issue 11, item 8: a plain clone passes its tests, so no test may read an input from beside or above
/// the repository (the corpus once lived in ../shared, and a fresh clone failed eight tests).
/// </summary>
public sealed partial class SelfContainedRepositoryTests
{
    [Fact]
    public void No_test_reads_an_input_from_outside_the_repository()
    {
        var root = Directory.GetParent(ConformanceCorpus.RequireFolder())!.Parent!.Parent!.Parent!.FullName;
        File.Exists(Path.Combine(root, "ActorWarden.sln")).Should().BeTrue();

        var offenders = Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.EndsWith(nameof(SelfContainedRepositoryTests) + ".cs", StringComparison.Ordinal))
            .SelectMany(path => File.ReadLines(path).Select((line, index) => (path, line, index)))
            .Where(x => OutsidePath().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(root, x.path)}:{x.index + 1}: {x.line.Trim()}")
            .ToList();

        offenders.Should().BeEmpty("test inputs live in the repository (third-party data with its licence and ORIGIN.md)");
    }

    [Fact]
    public void The_corpus_carries_its_licence_and_origin()
    {
        var corpus = ConformanceCorpus.RequireFolder();
        File.Exists(Path.Combine(corpus, "ORIGIN.md")).Should().BeTrue();
        Directory.EnumerateFiles(corpus, "LICENSE*").Should().NotBeEmpty();
    }

    /// <summary>A path into a sibling folder of the repository or into the machine's /work/shared.</summary>
    [GeneratedRegex(@"\.\./shared|""\.\.""\s*,\s*""shared""|/work/shared")]
    private static partial Regex OutsidePath();
}
