#!/usr/bin/env python3
"""`warden status` before and after, side by side (benchmarks/README.md, "warden status through the
split API client"). Starts one warden farm of N /bin/sleep instances with FARM_WARDEN, then times
`warden status` and `warden status --json` from each CLI in turn (a, b, a, b, ...) so the machine's
load hits them alike: wall p50/min/max (exec to exit) and CPU (user + sys of the CLI process).

  python3 benchmarks/status/interleave.py FARM_WARDEN N before=/path/to/old/warden after=/path/to/new/warden

RUNS (default 11) sets the runs per CLI and mode. The farm and its folder are removed at the end."""
import os, sys, time, subprocess, tempfile, socket, json, shutil, statistics
farm_bin = sys.argv[1]; n = int(sys.argv[2]); clis = sys.argv[3:]  # label=path
runs = int(os.environ.get("RUNS", "11"))
d = tempfile.mkdtemp(prefix="farm-", dir=None)
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
conf = os.path.join(d, "warden.conf")
open(conf, "w").write(f'''warden {{
  name = "client-bench"
  base-directory = "{d}"
  events.file = "logs/events.jsonl"
  logs.directory = "logs"
  state-file = "state/warden.state.json"
  shutdown-timeout = 60s
  control.http {{ host = "127.0.0.1", port = {port}, token = "" }}
  services.sleeper {{
    command = "/bin/sleep", args = ["100000"], instances = {n}, start-seconds = 0s
    health.type = none, logs.enabled = off, stop {{ signal = SIGTERM, timeout = 10s }}
  }}
}}
''')
w = subprocess.Popen([farm_bin, "run", conf], cwd=d, stdout=open(os.path.join(d, "out"), "w"), stderr=subprocess.STDOUT)
def run(cli, args):
    t = time.perf_counter()
    p = subprocess.Popen([cli] + args + ["--config", conf], cwd=d, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate()
    return p.returncode, out, err, (time.perf_counter() - t) * 1000
def run_ru(cli, args):
    t = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.chdir(d)
        fd = os.open("/dev/null", os.O_WRONLY); os.dup2(fd, 1); os.dup2(fd, 2)
        os.execv(cli, [cli] + args + ["--config", conf])
    _, st, ru = os.wait4(pid, 0)
    wall = (time.perf_counter() - t) * 1000
    return os.waitstatus_to_exitcode(st), wall, (ru.ru_utime + ru.ru_stime) * 1000
try:
    deadline = time.time() + 300
    while time.time() < deadline:
        rc, out, err, _ = run(farm_bin, ["status", "--json"])
        if rc == 0 and sum(1 for i in json.loads(out)["instances"] if i["state"] == "running") == n:
            break
        time.sleep(0.5)
    else:
        print("farm never all running"); sys.exit(1)
    time.sleep(3)
    labels = [c.split("=", 1) for c in clis]
    for mode, args in (("table", ["status"]), ("json", ["status", "--json"])):
        res = {l: [] for l, _ in labels}
        load0 = open("/proc/loadavg").read().split()[:3]
        for _ in range(runs):
            for l, path in labels:
                rc, wall, cpu = run_ru(path, args)
                if rc != 0: print(f"{l} {mode} exit {rc}")
                res[l].append((wall, cpu))
        load1 = open("/proc/loadavg").read().split()[:3]
        for l, _ in labels:
            walls = sorted(x[0] for x in res[l]); cpus = sorted(x[1] for x in res[l])
            print(f"N={n} {mode:5} {l:8}: wall p50 {statistics.median(walls):5.0f} ms (min {walls[0]:.0f}, max {walls[-1]:.0f}); CPU p50 {statistics.median(cpus):4.0f} ms (min {cpus[0]:.0f}, max {cpus[-1]:.0f}); load {' '.join(load0)} -> {' '.join(load1)}")
finally:
    w.terminate()
    try: w.wait(60)
    except subprocess.TimeoutExpired: w.kill(); w.wait()
    shutil.rmtree(d, ignore_errors=True)
