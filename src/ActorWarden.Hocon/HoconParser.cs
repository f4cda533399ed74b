using ActorWarden.Hocon.Parsing;

namespace ActorWarden.Hocon;

/// <summary>
/// Entry point for reading HOCON. Whatever the input bytes, the only exception that escapes is
/// <see cref="HoconException"/> with a position, so the CLI and the supervisor can always report
/// <c>file:line:column: expected X, found Y</c> and carry on.
/// </summary>
public static class HoconParser
{
    /// <summary>Parses (and, unless <see cref="HoconParseOptions.Resolve"/> is false, resolves) a file. Messages use <paramref name="path"/> as given.</summary>
    public static Config ParseFile(string path, HoconParseOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= HoconParseOptions.Default;
        var origin = new HoconOrigin(path, 1, 1);
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new HoconException(origin, $"expected a valid file path, found \"{path}\" ({ex.Message})", ex);
        }

        if (!File.Exists(full))
        {
            throw new HoconException(origin, $"expected a config file, found no file at {path}");
        }

        var text = SourceText.Read(full, path, origin);
        return Parse(text, new SourceFile(path, full), options);
    }

    /// <summary>Parses text; <paramref name="originName"/> names it in messages and includes resolve against the working directory (or the include root).</summary>
    public static Config ParseString(string text, string originName = "<string>", HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(originName);
        return Parse(text, new SourceFile(originName, null), options ?? HoconParseOptions.Default);
    }

    private static Config Parse(string text, SourceFile source, HoconParseOptions options)
    {
        var includes = new IncludeResolver(options);
        if (source.FullPath is { } full)
        {
            includes.Enter(full);
        }

        HoconValue root;
        try
        {
            root = Parser.ParseDocument(text, source, includes);
        }
        catch (InsufficientExecutionStackException ex)
        {
            throw new HoconException(new HoconOrigin(source.DisplayName, 1, 1), "expected a document nested less deeply, found nesting too deep for the available stack", ex);
        }

        if (root is not HoconObject obj)
        {
            throw new HoconException(root.Origin, $"expected an object at the root of the document, found {root.Describe()}");
        }

        var config = new Config(obj, null, options);
        return options.Resolve ? config.Resolve() : config;
    }
}
