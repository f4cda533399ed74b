using System.Net.Http.Headers;
using ActorWarden.ControlPlane.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace ActorWarden.ControlPlane.Tests.Infrastructure;

/// <summary>
/// A real Kestrel control plane on 127.0.0.1 with an ephemeral port, a fake tree, and a token file in a
/// private temp folder; clients with and without the token. Disposing stops the server and removes the folder.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(FakeWardenControl control, ControlPlaneServer server, TempDirectory directory, string token)
    {
        Control = control;
        Server = server;
        Directory = directory;
        Token = token;
        BaseAddress = server.BoundAddress!;
        Client = NewClient(token);
        Anonymous = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public FakeWardenControl Control { get; }

    public ControlPlaneServer Server { get; }

    public TempDirectory Directory { get; }

    public string Token { get; }

    public Uri BaseAddress { get; }

    /// <summary>Sends the right token.</summary>
    public HttpClient Client { get; }

    /// <summary>Sends no token.</summary>
    public HttpClient Anonymous { get; }

    public static async Task<RunningServer> StartAsync(
        FakeWardenControl? control = null,
        Func<ControlPlaneOptions, ControlPlaneOptions>? configure = null,
        ILoggerFactory? loggerFactory = null)
    {
        control ??= FakeWardenControl.Standard();
        var directory = new TempDirectory();
        try
        {
            var options = new ControlPlaneOptions { Port = 0, TokenFile = directory.File("state/token") };
            options = configure?.Invoke(options) ?? options;
            var server = new ControlPlaneServer(control, options, loggerFactory);
            await server.StartAsync();
            var token = options.Token ?? (await File.ReadAllTextAsync(options.TokenFile!)).Trim();
            return new RunningServer(control, server, directory, token);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public HttpClient NewClient(string token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await Server.DisposeAsync();
        Directory.Dispose();
    }
}
