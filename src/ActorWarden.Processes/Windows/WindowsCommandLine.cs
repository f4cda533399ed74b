using System.Text;

namespace ActorWarden.Processes.Windows;

/// <summary>
/// Builds a command line that CommandLineToArgvW and the MSVC runtime split back into exactly the
/// given arguments (Windows passes one string, not an argv array).
/// </summary>
internal static class WindowsCommandLine
{
    public static string Build(string program, IReadOnlyList<string> arguments)
    {
        var builder = new StringBuilder();
        AppendProgram(builder, program);
        foreach (var argument in arguments)
        {
            builder.Append(' ');
            AppendArgument(builder, argument);
        }

        return builder.ToString();
    }

    /// <summary>argv[0] is parsed without backslash escaping, so it is only quoted, never escaped.</summary>
    private static void AppendProgram(StringBuilder builder, string program)
    {
        if (program.Contains('"', StringComparison.Ordinal))
        {
            throw new ArgumentException($"program path '{program}' contains a double quote, which Windows cannot pass");
        }

        builder.Append('"').Append(program).Append('"');
    }

    private static void AppendArgument(StringBuilder builder, string argument)
    {
        if (argument.Length > 0 && argument.AsSpan().IndexOfAny(" \t\n\v\"") < 0)
        {
            builder.Append(argument);
            return;
        }

        builder.Append('"');
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            if (c == '"')
            {
                // Backslashes before a quote are escaped, and so is the quote.
                builder.Append('\\', (backslashes * 2) + 1);
            }
            else
            {
                builder.Append('\\', backslashes);
            }

            backslashes = 0;
            builder.Append(c);
        }

        // Backslashes before the closing quote must be doubled so they do not escape it.
        builder.Append('\\', backslashes * 2);
        builder.Append('"');
    }
}
