namespace ActorWarden.Host;

/// <summary>
/// The one line an operator reads when the warden cannot start. The outermost exception's message
/// says what failed and where ("port 9137 on 127.0.0.1 is in use"); the innermost one is usually just
/// the OS's words ("Address already in use"), so wrappers are peeled only when they add nothing.
/// </summary>
internal static class StartFailure
{
    public static string Describe(Exception exception)
    {
        var current = exception;
        while (current is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && current.InnerException is not null)
        {
            current = current.InnerException!;
        }

        return string.Join(" ", current.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
