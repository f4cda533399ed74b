using System.Globalization;
using System.Text;

namespace ActorWarden.Simulation.VirtualTime;

/// <summary>
/// The HOCON that puts an Akka.NET system on virtual time: <see cref="VirtualTimeScheduler"/> as
/// <c>akka.scheduler.implementation</c> and <see cref="FifoDispatcher"/> for every dispatcher an actor can land
/// on. A dispatcher left on a thread pool would run its actors outside the driven timeline, so the internal and
/// blocking-IO dispatchers are replaced too. The logger actors get <see cref="LoggerDispatcher"/>, which runs them
/// where the event is published, because <c>ActorSystem.Create</c> waits for them while nothing drives the queue.
/// </summary>
public static class VirtualTimeConfig
{
    /// <summary>Akka's own dispatchers that user and system actors run on.</summary>
    public static readonly IReadOnlyList<string> AkkaDispatcherIds =
    [
        "akka.actor.default-dispatcher",
        "akka.actor.internal-dispatcher",
        "akka.actor.default-blocking-io-dispatcher",
    ];

    /// <summary>Dispatcher id of the logger actors (<c>akka.loggers-dispatcher</c>).</summary>
    public const string LoggersDispatcherId = "akka.actor.virtual-time-loggers-dispatcher";

    /// <summary>
    /// HOCON text for <c>ConfigurationFactory.ParseString</c>; put it in front of the application's config
    /// (<c>WithFallback</c>) so that its dispatcher <c>type</c>s win. <paramref name="start"/>, when given, is written
    /// as <c>akka.scheduler.virtual-start</c>. <paramref name="extraDispatcherIds"/> are config paths of the
    /// application's own dispatchers (e.g. <c>warden-pinned</c>), which become FIFO too.
    /// </summary>
    public static string Hocon(DateTimeOffset? start = null, params string[] extraDispatcherIds)
    {
        var dispatcherType = Quote(typeof(FifoDispatcherConfigurator).AssemblyQualifiedNameWithoutVersion());
        var text = new StringBuilder()
            .AppendLine("akka {")
            .AppendLine("  scheduler {")
            .Append("    implementation = ").AppendLine(Quote(typeof(VirtualTimeScheduler).AssemblyQualifiedNameWithoutVersion()));
        if (start is { } instant)
        {
            // Only when given: otherwise the application's config may set it, and the scheduler's default applies.
            text.Append("    virtual-start = ").AppendLine(Quote(instant.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
        }

        text.AppendLine("  }")
            .Append("  loggers-dispatcher = ").AppendLine(Quote(LoggersDispatcherId))
            .AppendLine("}")
            .Append(LoggersDispatcherId).Append(" { type = ").Append(Quote(typeof(LoggerDispatcherConfigurator).AssemblyQualifiedNameWithoutVersion())).AppendLine(" }");
        foreach (var id in AkkaDispatcherIds.Concat(extraDispatcherIds))
        {
            ValidateId(id);
            text.Append(id).Append(" { type = ").Append(dispatcherType).AppendLine(" }");
        }

        return text.ToString();
    }

    private static void ValidateId(string id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Any(c => char.IsWhiteSpace(c) || c is '"' or '{' or '}' or '=' or ':' or '$' or '#'))
        {
            throw new ArgumentException($"Dispatcher id '{id}' is not a plain HOCON path (letters, digits, '-', '_', '.').", nameof(id));
        }
    }

    private static string Quote(string text) => "\"" + text + "\"";

    private static string AssemblyQualifiedNameWithoutVersion(this Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
