using System.CommandLine;
using System.Net;
using System.Text;

namespace ActorWarden.Cli.Commands;

/// <summary>
/// Tiny programs for the demo farm in config/warden.conf, built into the warden binary so a
/// newcomer needs nothing but the .NET SDK to watch supervision at work: an HTTP app with a
/// health endpoint, and a worker that crashes now and then.
/// </summary>
public static class DemoCommands
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "port to listen on (127.0.0.1)", Required = true };
        var name = new Option<string>("--name") { Description = "instance name shown in responses", DefaultValueFactory = _ => "web" };
        var http = new Command("http", "Serve a hello page and /healthz on 127.0.0.1") { port, name };
        http.SetAction((parse, ct) => ServeHttp(parse.GetValue(port), parse.GetValue(name)!, ct));

        var crashEvery = new Option<int>("--crash-every-seconds") { Description = "mean seconds between crashes", DefaultValueFactory = _ => 8 };
        var worker = new Command("worker", "Print progress lines and crash (exit 1) at random") { crashEvery };
        worker.SetAction((parse, ct) => RunWorker(TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(crashEvery))), ct));

        return new Command("demo", "Demo programs used by config/warden.conf") { http, worker };
    }

    private static async Task<int> ServeHttp(int port, string name, CancellationToken cancellationToken)
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        Console.WriteLine($"{name}: listening on http://127.0.0.1:{port}/");
        using var registration = cancellationToken.Register(listener.Stop);
        var served = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            served++;
            var body = context.Request.Url?.AbsolutePath == "/healthz" ? "ok\n" : $"hello from {name} (request {served})\n";
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, cancellationToken);
            context.Response.Close();
        }

        Console.WriteLine($"{name}: stopping after {served} requests");
        return 0;
    }

    private static async Task<int> RunWorker(TimeSpan crashEvery, CancellationToken cancellationToken)
    {
        var random = new Random();
        var lifetime = TimeSpan.FromMilliseconds(crashEvery.TotalMilliseconds * (0.25 + (random.NextDouble() * 1.5)));
        var ticks = (int)Math.Max(1, lifetime.TotalSeconds);
        for (var i = 1; i <= ticks; i++)
        {
            Console.WriteLine($"worker: processed batch {i}");
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("worker: stopping cleanly");
                return 0;
            }
        }

        Console.Error.WriteLine("worker: simulated crash");
        return 1;
    }
}
