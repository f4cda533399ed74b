using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

public sealed class StartFailureTests : IDisposable
{
    private readonly ChildScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public void Missing_binary_is_named_with_the_reason()
    {
        var path = Path.Combine(_scope.TempDirectory(), "nope");

        var start = () => _scope.Start(new ProcessStartSpec { FileName = path });

        start.Should().Throw<ProcessStartException>()
            .WithMessage($"cannot start '{path}': no such file or directory")
            .Which.FileName.Should().Be(path);
    }

    [Fact]
    public void Non_executable_file_is_refused()
    {
        var path = Path.Combine(_scope.TempDirectory(), "data.txt");
        File.WriteAllText(path, "echo hi\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var start = () => _scope.Start(new ProcessStartSpec { FileName = path });

        start.Should().Throw<ProcessStartException>().WithMessage($"cannot start '{path}': permission denied (not executable)");
    }

    [Fact]
    public void Directory_is_refused()
    {
        var path = _scope.TempDirectory();

        var start = () => _scope.Start(new ProcessStartSpec { FileName = path });

        start.Should().Throw<ProcessStartException>().WithMessage($"cannot start '{path}': is a directory");
    }

    [Fact]
    public void Missing_working_directory_is_named()
    {
        var missing = Path.Combine(_scope.TempDirectory(), "nope");

        var start = () => _scope.Start(new ProcessStartSpec { FileName = "/bin/true", WorkingDirectory = missing });

        start.Should().Throw<ProcessStartException>()
            .WithMessage($"cannot start '/bin/true': working directory '{missing}' does not exist");
    }

    [Fact]
    public void Name_without_slash_is_searched_in_the_childs_path()
    {
        var start = () => _scope.Start(new ProcessStartSpec
        {
            FileName = "no-such-program-aw",
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
        });

        start.Should().Throw<ProcessStartException>().WithMessage("cannot start 'no-such-program-aw': not found in PATH (/usr/bin:/bin)");
    }

    [Fact]
    public async Task Name_without_slash_found_in_path_runs()
    {
        var child = _scope.Start(new ProcessStartSpec { FileName = "true", Environment = ChildScope.BasicEnvironment, CaptureOutput = false });

        (await Await.Within(child.Exited)).ExitCode.Should().Be(0);
    }

    [Fact]
    public void Script_with_missing_interpreter_reports_the_exec_failure()
    {
        var path = Path.Combine(_scope.TempDirectory(), "script");
        File.WriteAllText(path, "#!/no/such/interpreter\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var start = () => _scope.Start(new ProcessStartSpec { FileName = path });

        start.Should().Throw<ProcessStartException>()
            .WithMessage($"cannot start '{path}': no such file or directory (or its #! interpreter is missing)")
            .Which.Errno.Should().Be(2);
    }

    [Fact]
    public void Invalid_environment_name_is_refused()
    {
        var start = () => _scope.Start(new ProcessStartSpec
        {
            FileName = "/bin/true",
            Environment = new Dictionary<string, string> { ["A=B"] = "1" },
        });

        start.Should().Throw<ProcessStartException>()
            .WithMessage("cannot start '/bin/true': environment variable name 'A=B' is invalid (empty, or contains '=' or NUL)");
    }

    [Fact]
    public void Nul_in_an_argument_is_refused()
    {
        var start = () => _scope.Start(new ProcessStartSpec { FileName = "/bin/true", Arguments = ["a\0b"] });

        start.Should().Throw<ProcessStartException>().WithMessage("cannot start '/bin/true': 'a\\0b' contains a NUL character*");
    }

    [Fact]
    public void Out_of_range_nice_is_refused()
    {
        var start = () => _scope.Start(new ProcessStartSpec { FileName = "/bin/true", Nice = 40 });

        start.Should().Throw<ProcessStartException>().WithMessage("cannot start '/bin/true': nice 40 is outside -20..19");
    }

    [Fact]
    public async Task Failed_starts_leak_no_file_descriptors()
    {
        var missing = Path.Combine(_scope.TempDirectory(), "nope");
        var script = Path.Combine(_scope.TempDirectory(), "script");
        File.WriteAllText(script, "#!/no/such/interpreter\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        TryStart(script);
        var baseline = await OpenFds.Settled();

        for (var i = 0; i < 50; i++)
        {
            TryStart(missing);
            TryStart(script);
        }

        (await OpenFds.BackTo(baseline)).Should().Be(baseline);
    }

    private void TryStart(string path)
    {
        try
        {
            _scope.Start(new ProcessStartSpec { FileName = path });
        }
        catch (ProcessStartException)
        {
        }
    }
}
