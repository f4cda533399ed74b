using System.Globalization;
using System.Text;

namespace ActorWarden.Benchmarks.Hocon;

/// <summary>
/// Builds a realistic warden config of a requested size: shared defaults, then many services that inherit
/// them through <c>${defaults} { ... }</c> and use substitutions, nested objects, lists, durations and sizes.
/// </summary>
public static class WardenConfigGenerator
{
    public static string Generate(int minimumBytes)
    {
        var sb = new StringBuilder(minimumBytes + 4096);
        sb.Append("""
            # ActorWarden benchmark config
            warden {
              control { listen = "127.0.0.1:9876", token-file = /etc/warden/token }
              log-dir = /var/log/warden
            }
            defaults {
              stop { timeout = 30s, signal = SIGTERM, kill-after = 10s }
              restart { policy = on-failure, delay = 500ms, max-retries = 5, within = 1m, backoff = [1s, 2s, 5s, 10s] }
              limits { memory = 512MiB, open-files = 4096 }
              paths { bin = /opt/app/bin, logs = ${warden.log-dir}/services }
            }

            """);
        for (var i = 0; sb.Length < minimumBytes; i++)
        {
            var name = "svc-" + i.ToString("D5", CultureInfo.InvariantCulture);
            var port = 8000 + (i % 1000);
            sb.Append(CultureInfo.InvariantCulture, $$"""
                services.{{name}} = ${defaults} {
                  command = ${defaults.paths.bin}"/{{name}}"
                  args = [ "--port", {{port}}, "--name", {{name}}, --verbose ]
                  environment { NAME = "{{name}}", LOG_DIR = ${defaults.paths.logs}/{{name}}, REPLICA = {{i % 7}} }
                  health { http { url = "http://127.0.0.1:{{port}}/health", interval = 10s, timeout = 2s } }
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
