using System.Diagnostics;
using ActorWarden.Actors;

namespace ActorWarden.TestKit;

/// <summary>
/// Expectations over the messages received by one recording actor (the TestKit's TestActor or a
/// TestProbe), shaped like Akka.TestKit. Under the deterministic dispatcher every expectation first runs the
/// system until idle and then checks immediately: virtual time never moves implicitly, so a missing message
/// fails at once instead of waiting for a timeout that can never help.
/// </summary>
public abstract class TestKitCore
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DefaultNoMessageDuration = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(10);
    private readonly MessageQueue _queue;
    private readonly ITestKitAssertions _assertions;
    private ReceivedMessage? _last;
    private TimeSpan? _withinDeadline;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private protected TestKitCore(ActorSystem system, ITestKitAssertions assertions, MessageQueue queue, IActorRef recorder)
    {
        Sys = system;
        _assertions = assertions;
        _queue = queue;
        TestActor = recorder;
    }

    /// <summary>The actor system under test.</summary>
    public ActorSystem Sys { get; }

    /// <summary>The recording actor: use it as sender or as a child's parent stand-in.</summary>
    public IActorRef TestActor { get; }

    /// <summary>Sender of the last message taken by an expectation.</summary>
    public IActorRef LastSender => _last?.Sender ?? Sys.DeadLetters;

    /// <summary>The virtual scheduler when the system runs on the deterministic dispatcher, else null.</summary>
    public VirtualTimeScheduler? VirtualTime => Sys.Settings.Dispatcher == DispatcherMode.Deterministic ? (VirtualTimeScheduler)Sys.Scheduler : null;

    /// <summary>Time left in the innermost <see cref="Within(TimeSpan, Action)"/> block, or the default timeout.</summary>
    public TimeSpan RemainingOrDefault => _withinDeadline is { } deadline ? Max(deadline - _clock.Elapsed, TimeSpan.Zero) : DefaultTimeout;

    /// <summary>Runs all queued work under the deterministic dispatcher (no-op otherwise).</summary>
    public void RunUntilIdle()
    {
        if (VirtualTime is { IsRunningOnCurrentThread: false } scheduler)
        {
            scheduler.RunUntilIdle();
        }
    }

    /// <summary>Expects a message of type <typeparamref name="T"/> (optionally matching <paramref name="isMessage"/>) and returns it.</summary>
    public T ExpectMsg<T>(Predicate<T>? isMessage = null, TimeSpan? timeout = null, string? hint = null)
    {
        var received = Take(timeout, $"a message of type {typeof(T).Name}{Hint(hint)}");
        if (received.Message is not T typed)
        {
            throw _assertions.Fail($"Expected a message of type {typeof(T).Name}{Hint(hint)} but received {Describe(received)}.");
        }

        if (isMessage is not null && !isMessage(typed))
        {
            throw _assertions.Fail($"Received {Describe(received)} but it did not match the expectation{Hint(hint)}.");
        }

        return typed;
    }

    /// <summary>Expects a message equal to <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null)
    {
        var received = Take(timeout, $"message {expected}");
        if (received.Message is not T typed || !EqualityComparer<T>.Default.Equals(typed, expected))
        {
            throw _assertions.Fail($"Expected message {expected} but received {Describe(received)}.");
        }

        return typed;
    }

    /// <summary>Expects any message and returns it.</summary>
    public object ReceiveOne(TimeSpan? timeout = null) => Take(timeout, "any message").Message;

    /// <summary>Expects <paramref name="count"/> messages and returns them in arrival order.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null)
    {
        var max = timeout ?? RemainingOrDefault;
        var started = _clock.Elapsed;
        var messages = new List<object>(count);
        for (var i = 0; i < count; i++)
        {
            var left = Max(max - (_clock.Elapsed - started), TimeSpan.Zero);
            messages.Add(Take(left, $"message {i + 1} of {count}").Message);
        }

        return messages;
    }

    /// <summary>Asserts that no message arrives within <paramref name="duration"/> (default 100 ms; under virtual time: none once idle).</summary>
    public void ExpectNoMsg(TimeSpan? duration = null)
    {
        RunUntilIdle();
        var wait = VirtualTime is null ? duration ?? DefaultNoMessageDuration : TimeSpan.Zero;
        if (_queue.TryTake(wait, out var received))
        {
            _last = received;
            throw _assertions.Fail($"Expected no message but received {Describe(received)}.");
        }
    }

    /// <summary>Starts watching <paramref name="subject"/> from the recording actor; see <see cref="ExpectTerminated"/>.</summary>
    public IActorRef Watch(IActorRef subject)
    {
        TestActor.Tell(new RecordingActor.WatchCommand(subject));
        RunUntilIdle();
        return subject;
    }

    /// <summary>Stops watching <paramref name="subject"/>.</summary>
    public IActorRef Unwatch(IActorRef subject)
    {
        TestActor.Tell(new RecordingActor.UnwatchCommand(subject));
        RunUntilIdle();
        return subject;
    }

    /// <summary>Expects the <see cref="Terminated"/> of a watched <paramref name="target"/>.</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) =>
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(target), timeout, $"Terminated of {target.Path}");

    /// <summary>Skips messages until one satisfies <paramref name="isMessage"/> and returns it.</summary>
    public object FishForMessage(Predicate<object> isMessage, TimeSpan? max = null, string? hint = null) =>
        FishForMessage<object>(isMessage, max, hint);

    /// <summary>Skips messages until one of type <typeparamref name="T"/> satisfies <paramref name="isMessage"/> and returns it.</summary>
    public T FishForMessage<T>(Predicate<T> isMessage, TimeSpan? max = null, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(isMessage);
        var budget = max ?? RemainingOrDefault;
        var started = _clock.Elapsed;
        var skipped = new List<string>();
        while (true)
        {
            var left = Max(budget - (_clock.Elapsed - started), TimeSpan.Zero);
            RunUntilIdle();
            if (!_queue.TryTake(VirtualTime is null ? left : TimeSpan.Zero, out var received))
            {
                throw _assertions.Fail(
                    $"Fishing for a {typeof(T).Name}{Hint(hint)} found nothing within {budget.TotalMilliseconds:0} ms; skipped: [{string.Join(", ", skipped)}].");
            }

            _last = received;
            if (received.Message is T typed && isMessage(typed))
            {
                return typed;
            }

            skipped.Add(received.Message.ToString() ?? received.Message.GetType().Name);
        }
    }

    /// <summary>Runs <paramref name="action"/> and asserts it (including its expectations) completes within <paramref name="max"/>.</summary>
    public void Within(TimeSpan max, Action action) => Within(TimeSpan.Zero, max, () =>
    {
        action();
        return true;
    });

    /// <summary>Runs <paramref name="action"/> and asserts it takes between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public void Within(TimeSpan min, TimeSpan max, Action action) => Within(min, max, () =>
    {
        action();
        return true;
    });

    /// <summary>Runs <paramref name="function"/> within <paramref name="max"/> and returns its result.</summary>
    public T Within<T>(TimeSpan max, Func<T> function) => Within(TimeSpan.Zero, max, function);

    /// <summary>Runs <paramref name="function"/> and asserts it takes between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public T Within<T>(TimeSpan min, TimeSpan max, Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var started = _clock.Elapsed;
        var outer = _withinDeadline;
        var deadline = started + max;
        _withinDeadline = outer is { } o && o < deadline ? o : deadline;
        try
        {
            var result = function();
            var elapsed = _clock.Elapsed - started;
            if (VirtualTime is null && (elapsed < min || elapsed > max))
            {
                throw _assertions.Fail($"Block took {elapsed.TotalMilliseconds:0} ms, expected between {min.TotalMilliseconds:0} and {max.TotalMilliseconds:0} ms.");
            }

            return result;
        }
        finally
        {
            _withinDeadline = outer;
        }
    }

    /// <summary>Retries <paramref name="assertion"/> until it stops throwing or <paramref name="duration"/> passes (then rethrows its last failure).</summary>
    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var max = duration ?? RemainingOrDefault;
        var started = _clock.Elapsed;
        while (true)
        {
            RunUntilIdle();
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (VirtualTime is null && _clock.Elapsed - started < max)
            {
                Pause(interval ?? DefaultPollInterval);
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> is true, failing after <paramref name="max"/>.</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var budget = max ?? RemainingOrDefault;
        var started = _clock.Elapsed;
        while (true)
        {
            RunUntilIdle();
            if (condition())
            {
                return;
            }

            if (VirtualTime is not null || _clock.Elapsed - started >= budget)
            {
                throw _assertions.Fail($"Condition not met within {budget.TotalMilliseconds:0} ms{Hint(message)}.");
            }

            Pause(interval ?? DefaultPollInterval);
        }
    }

    private ReceivedMessage Take(TimeSpan? timeout, string expectation)
    {
        RunUntilIdle();
        var wait = VirtualTime is null ? timeout ?? RemainingOrDefault : TimeSpan.Zero;
        if (!_queue.TryTake(wait, out var received))
        {
            throw _assertions.Fail(VirtualTime is null
                ? $"Timeout ({wait.TotalMilliseconds:0} ms) while waiting for {expectation} at {TestActor.Path}."
                : $"No {expectation} at {TestActor.Path}: the system is idle at virtual time {Sys.Scheduler.UtcNow:O} (advance the scheduler to fire timers).");
        }

        _last = received;
        return received;
    }

    private void Pause(TimeSpan interval) => _queue.WaitForActivity(interval);

    private static string Describe(ReceivedMessage received) => $"{received.Message} ({received.Message.GetType().Name}) from {received.Sender.Path}";

    private static string Hint(string? hint) => string.IsNullOrEmpty(hint) ? string.Empty : $" ({hint})";

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
