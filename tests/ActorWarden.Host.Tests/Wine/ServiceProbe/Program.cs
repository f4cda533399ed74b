using ActorWarden.Host;
using ActorWarden.Host.ServiceProbe;

// run --service CONFIG : what `warden run --service CONFIG` does, with ProbeRuntime as the tree.
// child DIR LEVEL      : a supervised process; level 1 starts level 2 once it is inside the job.
if (args.Length == 3 && args[0] == "run" && args[1] == "--service")
{
    var config = Path.GetFullPath(args[2]);
    return await WardenHost.RunAsync(
        () => new ProbeRuntime(config),
        new WardenHostOptions { ConfigFile = config, RunAsWindowsService = true, ServiceName = Path.GetFileNameWithoutExtension(config), ShutdownTimeout = TimeSpan.FromSeconds(10) });
}

if (args.Length == 3 && args[0] == "child")
{
    return ProbeChild.Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
}

Console.Error.WriteLine("usage: ServiceProbe run --service CONFIG | child DIR LEVEL");
return 2;
