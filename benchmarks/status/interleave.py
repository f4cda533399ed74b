#!/usr/bin/env python3
"""`warden status` before and after, side by side (benchmarks/README.md, "warden status through the
split API client"). Starts one warden farm of N /bin/sleep instances with FARM_WARDEN, then times
`warden status` and `warden status --json` from each CLI in turn (a, b, a, b, ...) so the machine's
load hits them alike: wall p50/min/max (exec to exit) and CPU (user + sys of the CLI process).

  python3 benchmarks/status/interleave.py FARM_WARDEN N before=/path/to/old/warden after=/path/to/new/warden

RUNS (default 11) sets the runs per CLI and mode. PEER=supervisord also starts supervisord with the same
N sleepers (one program, numprocs = N, on a unix socket in the same folder) and times `supervisorctl
status` in the same rounds (it has no JSON mode: the `json` rows time its table again). Both farms and
the folder are removed at the end."""
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
peer = None
if os.environ.get("PEER") == "supervisord":
    sconf = os.path.join(d, "supervisord.conf")
    open(sconf, "w").write(f"""[unix_http_server]
file={d}/supervisor.sock
[supervisord]
logfile={d}/supervisord.log
pidfile={d}/supervisord.pid
childlogdir={d}
nodaemon=true
minfds=8192
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix://{d}/supervisor.sock
[program:sleeper]
command=/bin/sleep 100000
process_name=%(program_name)s-%(process_num)d
numprocs={n}
startsecs=0
stdout_logfile=NONE
stderr_logfile=NONE
""")
    peer = subprocess.Popen(["supervisord", "-c", sconf], cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    clis.append("supervisorctl=" + shutil.which("supervisorctl"))
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
        if os.path.basename(cli) == "supervisorctl":
            os.execv(cli, [cli, "-c", sconf, "status"])
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
    while peer is not None and time.time() < deadline:
        p = subprocess.run(["supervisorctl", "-c", sconf, "status"], capture_output=True, text=True)
        if p.stdout.count(" RUNNING ") == n:
            break
        time.sleep(0.5)
    else:
        if peer is not None:
            print("supervisord farm never all running"); sys.exit(1)
    time.sleep(3)
    labels = [c.split("=", 1) for c in clis]
    for mode, args in (("table", ["status"]), ("json", ["status", "--json"])):
        res = {l: [] for l, _ in labels}
        load0 = open("/proc/loadavg").read().split()[:3]
        for _ in range(runs):
            for l, path in labels:
                rc, wall, cpu = run_ru(path, args)
                if rc != 0 and l != "supervisorctl": print(f"{l} {mode} exit {rc}")
                res[l].append((wall, cpu))
        load1 = open("/proc/loadavg").read().split()[:3]
        for l, _ in labels:
            walls = sorted(x[0] for x in res[l]); cpus = sorted(x[1] for x in res[l])
            print(f"N={n} {mode:5} {l:8}: wall p50 {statistics.median(walls):5.0f} ms (min {walls[0]:.0f}, max {walls[-1]:.0f}); CPU p50 {statistics.median(cpus):4.0f} ms (min {cpus[0]:.0f}, max {cpus[-1]:.0f}); load {' '.join(load0)} -> {' '.join(load1)}")
finally:
    if peer is not None:
        peer.terminate()
        try: peer.wait(120)
        except subprocess.TimeoutExpired: peer.kill(); peer.wait()
    w.terminate()
    try: w.wait(60)
    except subprocess.TimeoutExpired: w.kill(); w.wait()
    shutil.rmtree(d, ignore_errors=True)
