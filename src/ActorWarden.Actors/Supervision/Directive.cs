namespace ActorWarden.Actors;

/// <summary>What a supervisor does with a failed child, as in Akka.NET and Erlang/OTP.</summary>
public enum Directive
{
    /// <summary>Keep the child and its state; drop the failing message.</summary>
    Resume,

    /// <summary>Replace the child with a fresh instance from its Props (its children are stopped first).</summary>
    Restart,

    /// <summary>Stop the child permanently.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same cause, so the grand-parent decides.</summary>
    Escalate,
}
