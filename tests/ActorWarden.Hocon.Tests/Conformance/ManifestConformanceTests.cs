using System.Text.Json;
using ActorWarden.Hocon.Tests.Support;

namespace ActorWarden.Hocon.Tests.Conformance;

/// <summary>
/// Runs every row of the corpus's manifest.tsv by the rules of its README: one theory row per case,
/// expected trees parsed with System.Text.Json, environment fallback off unless the row asks for env vars.
/// </summary>
public sealed class ManifestConformanceTests
{
    private const int ExpectedRowCount = 97;

    public static TheoryData<string> Rows()
    {
        var data = new TheoryData<string>();
        if (ConformanceCorpus.Folder is null)
        {
            data.Add("corpus-missing");
            return data;
        }

        foreach (var (line, columns) in ConformanceCorpus.ReadTable("manifest.tsv"))
        {
            data.Add($"{line}: {columns[0]}/{columns[1]} -> {columns[4]}{(columns[3] == "none" ? string.Empty : " [" + columns[3] + "]")}");
        }

        return data;
    }

    [Fact]
    public void Corpus_is_present_with_every_manifest_row()
    {
        var folder = ConformanceCorpus.Folder;
        folder.Should().NotBeNull("the corpus must exist at tests/ActorWarden.Hocon.Tests/Conformance/corpus in the repository");
        ConformanceCorpus.ReadTable("manifest.tsv").Should().HaveCount(ExpectedRowCount);
    }

    [Fact]
    public void Every_conf_file_of_the_equiv_folders_is_a_manifest_row()
    {
        var folder = ConformanceCorpus.RequireFolder();
        var listed = ConformanceCorpus.ReadTable("manifest.tsv")
            .Select(r => Path.Combine(r.Columns[0], r.Columns[1]))
            .ToHashSet(StringComparer.Ordinal);
        var onDisk = Directory.GetDirectories(folder, "equiv*")
            .SelectMany(d => Directory.GetFiles(d, "*.conf").Concat(Directory.GetFiles(d, "*.json").Where(f => !f.EndsWith("original.json", StringComparison.Ordinal))))
            .Select(f => Path.GetRelativePath(folder, f));
        listed.Should().Contain(onDisk);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Manifest_case(string row)
    {
        var folder = ConformanceCorpus.RequireFolder();
        var line = int.Parse(row[..row.IndexOf(':')], System.Globalization.CultureInfo.InvariantCulture);
        var columns = File.ReadAllLines(Path.Combine(folder, "manifest.tsv"))[line - 1].Split('\t');
        var (caseDir, confFile, expectedFile, needs, expect) = (columns[0], columns[1], columns[2], columns[3], columns[4]);
        var confPath = Path.Combine(folder, caseDir, confFile);

        using var workingDirectory = new TempFolder();
        var options = OptionsFor(needs, workingDirectory.Path);

        if (expect == "error")
        {
            var act = () => HoconParser.ParseFile(confPath, options);
            act.Should().Throw<HoconException>($"{caseDir}/{confFile} must fail to parse or resolve");
            return;
        }

        expect.Should().Be("equal");
        using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, caseDir, expectedFile)));
        var config = HoconParser.ParseFile(confPath, options);
        JsonTreeComparer.Difference(expected.RootElement, config.Root).Should().BeNull($"{caseDir}/{confFile} must equal {expectedFile}");

        if (confFile.EndsWith(".json", StringComparison.Ordinal))
        {
            // HOCON is a superset of JSON: the file must give the same tree read by a plain JSON parser too.
            using var asJson = JsonDocument.Parse(File.ReadAllBytes(confPath));
            JsonTreeComparer.JsonDifference(expected.RootElement, asJson.RootElement).Should().BeNull($"{confFile} parsed as JSON must equal {expectedFile}");
        }
    }

    private static HoconParseOptions OptionsFor(string needs, string workingDirectory)
    {
        var tokens = needs == "none" ? [] : needs.Split(';');
        var env = tokens.Where(t => t.StartsWith("env:", StringComparison.Ordinal))
            .Select(t => t["env:".Length..].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);

        // cwd-outside: file("...") resolves against the working directory, which must not hold the corpus files.
        return new HoconParseOptions
        {
            UseEnvironment = env.Count > 0,
            EnvironmentLookup = name => env.TryGetValue(name, out var value) ? value : null,
            WorkingDirectory = workingDirectory,
        };
    }
}
