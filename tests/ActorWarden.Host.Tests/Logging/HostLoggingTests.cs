using ActorWarden.Host.Logging;

namespace ActorWarden.Host.Tests.Logging;

public sealed class HostLoggingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("aw-logging-").FullName;

    [Fact]
    public void Under_the_SCM_the_log_goes_to_a_file_next_to_the_config()
    {
        var options = new WardenHostOptions { ConfigFile = Path.Combine(_root, "warden.conf"), ServiceName = "edge" };

        using (var logger = HostLogging.Create(HostKind.WindowsService, options))
        {
            logger.Information("service {Name} started", "edge");
        }

        HostLogging.ServiceLogPath(options).Should().Be(Path.Combine(_root, "edge-service.log"));
        var file = Directory.GetFiles(_root, "edge-service*.log").Should().ContainSingle().Subject;
        File.ReadAllText(file).Should().Contain("[INF] service edge started");
    }

    [Fact]
    public void Without_a_config_the_service_log_goes_next_to_the_executable()
    {
        HostLogging.ServiceLogPath(new WardenHostOptions()).Should().Be(Path.Combine(AppContext.BaseDirectory, "warden-service.log"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
