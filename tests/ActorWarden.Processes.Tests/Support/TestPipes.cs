using ActorWarden.Processes.Linux;
using Microsoft.Win32.SafeHandles;

namespace ActorWarden.Processes.Tests.Support;

/// <summary>A pipe whose read end is the warden's stream of a child's output, and whose write end the test holds.</summary>
internal static class TestPipes
{
    public static unsafe (PipeReadStream Stream, FileStream Writer) Open()
    {
        var fds = stackalloc int[2];
        LibC.Pipe2(fds, LibC.O_CLOEXEC).Should().Be(0);
        var stream = new PipeReadStream(new SafeFileHandle(fds[0], ownsHandle: true));
        var writer = new FileStream(new SafeFileHandle(fds[1], ownsHandle: true), FileAccess.Write, bufferSize: 0);
        return (stream, writer);
    }
}
