using System.Net;
using System.Net.Sockets;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Faults.Tests.Security;

/// <summary>A config cannot pull text from the network: url() includes are refused with file:line:column, and nothing is fetched.</summary>
public sealed class ConfigIncludeTests
{
    [Theory]
    [InlineData("include url(\"http://{0}/x.conf\")")]
    [InlineData("include required(url(\"http://{0}/x.conf\"))")]
    [InlineData("include url(\"file:///etc/passwd\")")]
    public async Task A_url_include_is_refused_by_validate_and_run_with_its_position_and_nothing_is_fetched(string include)
    {
        var directory = Directory.CreateTempSubdirectory("warden-sec-include-").FullName;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        try
        {
            var config = Path.Combine(directory, "warden.conf");
            var port = FreePort.Next();
            File.WriteAllText(config, $$"""
                warden {
                  control.http.port = {{port}}
                  services { app { command = /bin/sleep, args = ["1000"] } }
                }
                  {{string.Format(System.Globalization.CultureInfo.InvariantCulture, include, address)}}
                """);

            var validate = await WardenBinary.RunAsync(directory, TimeSpan.FromSeconds(60), "validate", config);

            validate.ExitCode.Should().Be(2, "a config error: " + validate.Stdout + validate.Stderr);
            var message = validate.Stdout + validate.Stderr;
            message.Should().Contain($"{config}:5:3:", "the refusal names file:line:column of the include");
            message.Should().ContainEquivalentOf("url includes are not supported");
            message.Should().NotContain("root:x:0:0");

            var run = await WardenBinary.RunAsync(directory, TimeSpan.FromSeconds(60), "run", config);
            run.ExitCode.Should().Be(2, "`warden run` refuses the same config: " + run.Stdout + run.Stderr);
            (run.Stdout + run.Stderr).Should().Contain($"{config}:5:3:");
            Native.FindByWorkingDirectory(directory).Should().BeEmpty("nothing starts from a refused config");
            listener.Pending().Should().BeFalse("the warden must not even try to fetch the URL");
        }
        finally
        {
            Native.KillLeftovers(directory);
            Directory.Delete(directory, recursive: true);
        }
    }
}
