using System.Runtime.CompilerServices;

// The line splitter, rotation and syslog framing are internal mechanics with edge cases worth testing directly.
[assembly: InternalsVisibleTo("ActorWarden.Supervision.Tests")]
