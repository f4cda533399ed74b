using System.Globalization;
using System.Text;

namespace ActorWarden.Hocon.Tests.Support;

/// <summary>Generates a warden-like config of a given size: many services with nested objects, lists, substitutions and includes-free overrides.</summary>
internal static class RealisticConfig
{
    public static string Generate(int minimumBytes)
    {
        var sb = new StringBuilder();
        sb.Append("""
            # generated test config
            defaults {
              stop { timeout = 30s, signal = SIGTERM }
              restart { policy = on-failure, delay = 500ms, max-retries = 5, within = 1m }
              memory-limit = 512MiB
              paths { bin = /opt/app/bin, logs = /var/log/app }
            }

            """);
        for (var i = 0; sb.Length < minimumBytes; i++)
        {
            var name = "svc-" + i.ToString("D5", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $$"""
                services.{{name}} = ${defaults} {
                  command = ${defaults.paths.bin}"/{{name}}"
                  args = [ "--port", {{8000 + (i % 1000)}}, "--name", {{name}}, --verbose ]
                  environment { NAME = "{{name}}", LOG_DIR = ${defaults.paths.logs}/{{name}}, REPLICA = {{i % 7}} }
                  health { http { url = "http://127.0.0.1:{{8000 + (i % 1000)}}/health", interval = 10s, timeout = 2s } }
                  stop.timeout = ${defaults.stop.timeout}
                  weight = {{(i % 100) / 10.0}}
                  tags = [ web, "tier-{{i % 3}}" ]
                  enabled = {{(i % 2 == 0 ? "true" : "false")}}
                }

                """);
        }

        return sb.ToString();
    }
}
