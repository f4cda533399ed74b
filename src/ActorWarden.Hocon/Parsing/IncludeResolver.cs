namespace ActorWarden.Hocon.Parsing;

/// <summary>
/// Finds and parses included files. It enforces what a supervisor needs from includes: no URLs, no escape
/// from <see cref="HoconParseOptions.IncludeRoot"/>, no cycles, and a clear error for a missing required file.
/// Extension-less names load every existing <c>.properties</c>, <c>.json</c> and <c>.conf</c> in that order
/// (so <c>.conf</c> wins), as the reference implementation does.
/// </summary>
internal sealed class IncludeResolver
{
    private static readonly string[] Extensions = [".properties", ".json", ".conf"];
    private readonly List<string> _chain = [];
    private readonly string? _root;

    public IncludeResolver(HoconParseOptions options)
    {
        Options = options;
        if (options.IncludeRoot is { } root)
        {
            _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        }
    }

    public HoconParseOptions Options { get; }

    /// <summary>Marks a top-level file as being parsed, so a file that includes itself is caught.</summary>
    public void Enter(string fullPath) => _chain.Add(fullPath);

    public void Leave() => _chain.RemoveAt(_chain.Count - 1);

    /// <summary>Returns the merged included object, or null when an optional include finds no file.</summary>
    public HoconObject? Load(IncludeRequest request, SourceFile including, int depth)
    {
        var shown = Describe(request);
        if (!Options.AllowIncludes)
        {
            throw new HoconException(request.Origin, $"expected no include statements (includes are disabled by AllowIncludes = false), found {shown}");
        }

        if (request.Kind == IncludeKind.Url)
        {
            throw new HoconException(request.Origin, $"url includes are not supported, found {shown}; copy the file next to the config and include it by name");
        }

        if (request.Name.Length == 0 || request.Name.Contains('\0'))
        {
            throw new HoconException(request.Origin, $"expected a file name in the include, found {shown}");
        }

        var (baseDirectory, displayDirectory) = Bases(request, including);
        var candidates = Candidates(request.Name);
        var found = new List<(string Full, string Display, string Extension)>();
        foreach (var candidate in candidates)
        {
            var full = FullPath(baseDirectory, candidate, request);
            CheckRoot(full, request, shown);
            if (File.Exists(full))
            {
                found.Add((full, Path.Combine(displayDirectory, candidate), Path.GetExtension(candidate).ToLowerInvariant()));
            }
        }

        if (found.Count == 0)
        {
            if (request.Required)
            {
                var looked = string.Join(", ", candidates.Select(c => Path.Combine(displayDirectory, c)));
                throw new HoconException(request.Origin, $"expected the required included file to exist, found no file for {shown} (looked for {looked})");
            }

            return null;
        }

        HoconObject? merged = null;
        foreach (var (full, display, extension) in found)
        {
            var obj = Parse(full, display, extension, request, depth);
            merged = merged is null ? obj : (HoconObject)RawMerge.Merge(merged, obj);
        }

        return merged;
    }

    private HoconObject Parse(string full, string display, string extension, IncludeRequest request, int depth)
    {
        if (_chain.Contains(full, StringComparer.Ordinal))
        {
            var cycle = string.Join(" -> ", _chain.SkipWhile(f => f != full).Select(Path.GetFileName).Append(Path.GetFileName(full)));
            throw new HoconException(request.Origin, $"expected includes without a cycle, found an include cycle: {cycle}");
        }

        if (_chain.Count > Options.MaxIncludeDepth)
        {
            throw new HoconException(request.Origin, $"expected includes nested at most {Options.MaxIncludeDepth} deep, found deeper nesting at {display}");
        }

        var text = SourceText.Read(full, display, request.Origin);
        if (extension == ".properties")
        {
            return PropertiesReader.Parse(text, display);
        }

        _chain.Add(full);
        try
        {
            var root = Parser.ParseDocument(text, new SourceFile(display, full), this, depth);
            return root as HoconObject
                ?? throw new HoconException(request.Origin, $"expected an object at the root of included file {display}, found {root.Describe()}");
        }
        finally
        {
            _chain.RemoveAt(_chain.Count - 1);
        }
    }

    private (string Full, string Display) Bases(IncludeRequest request, SourceFile including)
    {
        if (request.Kind == IncludeKind.File || including.FullDirectory is null)
        {
            return (Options.WorkingDirectory ?? Options.IncludeRoot ?? Environment.CurrentDirectory, string.Empty);
        }

        return (including.FullDirectory, including.DisplayDirectory);
    }

    private static List<string> Candidates(string name)
    {
        var extension = Path.GetExtension(name).ToLowerInvariant();
        return Extensions.Contains(extension) ? [name] : Extensions.Select(e => name + e).ToList();
    }

    private static string FullPath(string baseDirectory, string candidate, IncludeRequest request)
    {
        try
        {
            return Path.GetFullPath(Path.Combine(baseDirectory, candidate));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new HoconException(request.Origin, $"expected a valid file name in the include, found \"{candidate}\" ({ex.Message})");
        }
    }

    private void CheckRoot(string full, IncludeRequest request, string shown)
    {
        if (_root is not null && !full.StartsWith(_root, StringComparison.Ordinal))
        {
            throw new HoconException(request.Origin, $"expected an included file inside the include root {_root}, found {shown} resolving to {full}");
        }
    }

    private static string Describe(IncludeRequest request)
    {
        var quoted = HoconJsonWriter.Quote(request.Name);
        var inner = request.Kind switch
        {
            IncludeKind.File => $"file({quoted})",
            IncludeKind.Classpath => $"classpath({quoted})",
            IncludeKind.Url => $"url({quoted})",
            _ => quoted,
        };
        return request.Required ? $"include required({inner})" : $"include {inner}";
    }
}
