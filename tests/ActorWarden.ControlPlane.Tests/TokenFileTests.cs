using System.Diagnostics;
using System.Net;
using ActorWarden.Contracts.Api;
using ActorWarden.ControlPlane.Security;
using ActorWarden.ControlPlane.Tests.Fakes;
using ActorWarden.ControlPlane.Tests.Infrastructure;

namespace ActorWarden.ControlPlane.Tests;

public sealed class TokenFileTests
{
    [Fact]
    public async Task First_start_generates_a_256_bit_token_into_a_0600_file()
    {
        await using var server = await RunningServer.StartAsync();
        var path = server.Server.Options.TokenFile!;

        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(Path.GetDirectoryName(path)!).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var token = (await File.ReadAllTextAsync(path)).Trim();
        token.Should().MatchRegex("^[A-Za-z0-9_-]{43}$", "32 random bytes as unpadded base64url");
        (await server.Client.GetAsync("/v1/status")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_later_start_reuses_the_existing_token()
    {
        using var directory = new TempDirectory();
        var options = new ControlPlaneOptions { Port = 0, TokenFile = directory.File("token") };
        string first;
        await using (var server = new ControlPlaneServer(FakeWardenControl.Standard(), options))
        {
            await server.StartAsync();
            first = await File.ReadAllTextAsync(options.TokenFile);
        }

        await using var again = new ControlPlaneServer(FakeWardenControl.Standard(), options);
        await again.StartAsync();

        (await File.ReadAllTextAsync(options.TokenFile)).Should().Be(first);
        using var client = new HttpClient { BaseAddress = again.BoundAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", first.Trim());
        (await client.GetAsync("/v1/status")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "0644")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "0640")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.OtherWrite, "0402")]
    public async Task A_token_file_readable_by_others_is_refused_with_a_clear_error(UnixFileMode mode, string octal)
    {
        using var directory = new TempDirectory();
        var path = directory.File("token");
        await File.WriteAllTextAsync(path, "some-token\n");
        File.SetUnixFileMode(path, mode);
        await using var server = new ControlPlaneServer(FakeWardenControl.Standard(), new ControlPlaneOptions { Port = 0, TokenFile = path });

        var start = () => server.StartAsync();

        (await start.Should().ThrowAsync<ControlPlaneStartException>())
            .Which.Message.Should().Contain(path).And.Contain($"mode {octal}").And.Contain("chmod 600");
        server.BoundAddress.Should().BeNull();
    }

    [Fact]
    public async Task An_empty_token_file_is_refused()
    {
        using var directory = new TempDirectory();
        var path = directory.File("token");
        await File.WriteAllTextAsync(path, "  \n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var server = new ControlPlaneServer(FakeWardenControl.Standard(), new ControlPlaneOptions { Port = 0, TokenFile = path });

        var start = () => server.StartAsync();

        (await start.Should().ThrowAsync<ControlPlaneStartException>()).Which.Message.Should().Contain("is empty");
    }

    [Fact]
    public async Task A_reader_racing_the_first_start_sees_no_file_or_the_whole_token_and_never_breaks_the_start()
    {
        // A CLI polling `warden status` while the warden starts reads the file the moment it appears.
        // The file must appear with its token in it, and the reader's open must not fail the warden's
        // own creation (on Unix .NET locks files with flock, so a reader's shared lock once made the
        // warden's exclusive create fail, after which the warden read its own empty file and exited).
        using var directory = new TempDirectory();
        for (var round = 0; round < 300; round++)
        {
            var path = directory.File($"token-{round}");
            var seen = new List<string>();
            var reader = Task.Factory.StartNew(
                () =>
                {
                    var giveUp = Stopwatch.StartNew();
                    while (giveUp.Elapsed < TimeSpan.FromSeconds(10))
                    {
                        if (File.Exists(path))
                        {
                            seen.Add(TokenFile.Read(path));
                            return;
                        }
                    }
                },
                TaskCreationOptions.LongRunning);

            var created = TokenFile.LoadOrCreate(path);

            await reader.WaitAsync(TimeSpan.FromSeconds(20));
            seen.Should().Equal(new[] { created }, $"round {round}: the reader read the token the warden created");
            Directory.GetFiles(directory.Path).Should().OnlyContain(f => Path.GetFileName(f).StartsWith("token-"), "no temporary file is left behind");
        }
    }

    [Fact]
    public void Generated_tokens_differ()
    {
        Enumerable.Range(0, 100).Select(_ => TokenFile.Generate()).Distinct().Should().HaveCount(100);
    }
}
