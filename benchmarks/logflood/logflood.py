#!/usr/bin/env python3
"""Log-flood benchmark (issue 12): the warden and supervisord capture `seq 1 100000000000` side by side.

Run through benchmarks/logflood/run.sh (or benchmarks/run.sh), which builds the warden and passes
--warden/--work/--out. Per round, in this order: the floors (`seq > /dev/null`, `seq | cat > file`),
supervisord, the warden; then once each with 10 instances flooding at once. For every flood:

  captured   the last number in the newest kept file (bytes of 1..N, exactly computed) / flood seconds
  missing    the kept files read back oldest to newest: every line must be the previous one + 1
             (checked within what `keep` retains: keep = 3 of 5 MiB, as in the issue); for the warden
             also its logs-dropped events and drop marker lines, which would count any loss outside
             the kept window
  cpu        the supervisor's utime+stime during the flood (/proc/PID/stat) per captured MB
  rss        the supervisor's VmRSS before (after a warm-up: the flood services have autostart = off
             and are started over HTTP / supervisorctl once the supervisor has run for 5 s), peak
             during, and 3 s after the flood (1 s in --smoke)
  status     the warden's GET /v1/status (what `warden status` calls) every 50 ms during the flood
  restarts   a `ticker` service beside the flood (prints a line and exits, restart = always, backoff 100 ms, log capture on):
             its exited -> started delays from events.jsonl during the flood

Exit code: 0 ok, 1 a flood lost lines or a run failed, 3 a bar was missed (full mode only).
"""
import argparse
import http.client
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import threading
import time

SEQ_END = "100000000000"
MAX_SIZE = 5 * 1024 * 1024
KEEP = 3
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def seq_bytes(n):
    """Bytes `seq 1 n` writes: digits of every number plus one newline each."""
    total, digits, low = 0, 1, 1
    while low <= n:
        high = min(n, 10 ** digits - 1)
        total += (high - low + 1) * (digits + 1)
        digits += 1
        low = 10 ** (digits - 1)
    return total


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_bytes(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * PAGE


def children(pid, comm):
    """Pids of the direct children of `pid` named `comm`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                text = f.read()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        ppid = int(text.rsplit(")", 1)[1].split()[1])
        if ppid == pid and name == comm:
            found.append(int(entry))
    return found


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


def verify(paths):
    """Reads the kept files oldest first as one stream (a rotation may cut a line in two, as supervisord's
    does) and checks that every line is the previous number + 1. The last line may be the number the
    child was writing when it was killed, cut short. Returns (first, last, lines, holes, missing, markers, biggest file)."""
    data = bytearray()
    biggest = 0
    for path in paths:
        if os.path.exists(path):
            biggest = max(biggest, os.path.getsize(path))
            with open(path, "rb") as f:
                data += f.read()
    first = last = None
    lines = holes = missing = markers = 0
    parts = bytes(data).split(b"\n")
    if parts and parts[-1] == b"":
        parts.pop()
    for index, raw in enumerate(parts):
        if raw.startswith(b"--- warden: "):
            markers += 1
            continue
        if index == 0:
            continue  # the oldest kept file may start inside a line cut by a rotation (supervisord's are by bytes)
        if first is None:
            first = last = int(raw) if raw.isdigit() else None
            lines += first is not None
            continue
        expected = str(last + 1).encode()
        if raw != expected and index == len(parts) - 1 and expected.startswith(raw):
            continue  # the number being written when the child was killed
        n = int(raw) if raw.isdigit() else -1
        if n != last + 1:
            holes += 1
            missing += max(0, n - last - 1)
            if n < 0:
                continue
        last = n
        lines += 1
    return first, last, lines, holes, missing, markers, biggest


def kept(base):
    return [f"{base}.{g}" for g in range(KEEP, 0, -1)] + [base]


class Sampler(threading.Thread):
    """Samples RSS (and CPU) of a pid every 100 ms until stopped."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop_flag = pid, 0, threading.Event()

    def run(self):
        while not self.stop_flag.is_set():
            try:
                self.peak = max(self.peak, rss_bytes(self.pid))
            except OSError:
                return
            time.sleep(0.1)


class StatusProber(threading.Thread):
    """GET /v1/status every 50 ms on one keep-alive connection; latencies in ms."""

    def __init__(self, port, token):
        super().__init__(daemon=True)
        self.port, self.token, self.latencies, self.failures = port, token, [], 0
        self.stop_flag = threading.Event()
        self.recording = False

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        while not self.stop_flag.is_set():
            start = time.perf_counter()
            try:
                conn.request("GET", "/v1/status", headers={"Authorization": "Bearer " + self.token})
                reply = conn.getresponse()
                reply.read()
                if reply.status != 200:
                    self.failures += self.recording
                elif self.recording:
                    self.latencies.append((time.perf_counter() - start) * 1000)
            except (OSError, http.client.HTTPException):
                self.failures += self.recording
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            time.sleep(0.05)
        conn.close()


def wait_for(condition, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise RuntimeError(f"timed out after {seconds}s waiting for {what}")


def settle(paths, quiet=1.0, limit=60):
    """Waits until the total size of `paths` has not changed for `quiet` seconds (the drain after the kill)."""
    def size():
        return sum(os.path.getsize(p) for p in paths if os.path.exists(p))
    deadline, last, since = time.time() + limit, -1, time.time()
    while time.time() < deadline:
        now = size()
        if now != last:
            last, since = now, time.time()
        elif time.time() - since >= quiet:
            return
        time.sleep(0.1)


def floor(work, n):
    """`seq 1 n > /dev/null` and `seq 1 n | cat > file`: the pipe's own limit on this machine."""
    out = {}
    start = time.perf_counter()
    subprocess.run(["seq", "1", str(n)], stdout=subprocess.DEVNULL, check=True)
    out["seq_devnull_mbs"] = seq_bytes(n) / (time.perf_counter() - start) / 1e6
    target = os.path.join(work, "floor.out")
    start = time.perf_counter()
    subprocess.run(f"seq 1 {n} | cat > {target}", shell=True, check=True)
    out["seq_cat_file_mbs"] = seq_bytes(n) / (time.perf_counter() - start) / 1e6
    os.remove(target)
    return out


class Flood:
    """One supervisor flooding `instances` seq children for `seconds`."""

    def __init__(self, system, work, seconds, instances):
        self.system, self.work, self.seconds, self.instances = system, work, seconds, instances
        self.dir = os.path.join(work, f"{system}-{instances}-{time.time_ns()}")
        os.makedirs(os.path.join(self.dir, "logs"))
        self.proc = None
        self.port = None
        self.after = 1 if seconds < 10 else 3

    # -- configuration -------------------------------------------------------------------------
    def start_supervisord(self, binary):
        self.supervisord = binary
        conf = os.path.join(self.dir, "supervisord.conf")
        logs = os.path.join(self.dir, "logs")
        with open(conf, "w") as f:
            f.write(f"""[supervisord]
nodaemon=true
logfile={self.dir}/supervisord.log
pidfile={self.dir}/supervisord.pid
childlogdir={self.dir}

[unix_http_server]
file={self.dir}/supervisor.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{self.dir}/supervisor.sock

[program:flood]
command=/usr/bin/seq 1 {SEQ_END}
process_name=flood-%(process_num)d
numprocs={self.instances}
numprocs_start=1
autostart=false
autorestart=false
startsecs=0
stdout_logfile={logs}/flood-%(process_num)d.out.log
stdout_logfile_maxbytes={MAX_SIZE}
stdout_logfile_backups={KEEP}
stderr_logfile={logs}/flood-%(process_num)d.err.log
""")
        self.conf = conf
        self.proc = subprocess.Popen([binary, "-n", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.files = [os.path.join(logs, f"flood-{i}.out.log") for i in range(1, self.instances + 1)]

    def start_warden(self, binary):
        s = socket_port()
        self.port = s
        conf = os.path.join(self.dir, "warden.conf")
        with open(conf, "w") as f:
            f.write(f"""# Generated by benchmarks/logflood/logflood.py
warden {{
  name = "logflood"
  base-directory = "{self.dir}"
  events.file = "logs/events.jsonl"
  logs.directory = "logs"
  state-file = "state/warden.state.json"
  control.http {{ enabled = on, host = "127.0.0.1", port = {s}, token = "" }}
  services {{
    flood {{
      command = "/usr/bin/seq"
      args = ["1", "{SEQ_END}"]
      instances = {self.instances}
      # Started by the driver once the warden is warm (JIT, first status requests), so that RSS growth is the flood's.
      autostart = off
      restart = never
      start-seconds = 0s
      health.type = none
      logs {{ max-size = 5MiB, keep = {KEEP} }}
    }}
    ticker {{
      # Log capture on, as users run it: it also warms the capture path before the baseline is taken.
      command = "/bin/sh"
      args = ["-c", "echo tick; exit 1"]
      restart = always
      start-seconds = 0s
      start-retries = 1000000000
      max-restarts = 1000000000
      within = 1s
      backoff {{ min = 100ms, max = 100ms, multiplier = 1.0, jitter = 0 }}
      health.type = none
    }}
  }}
}}
""")
        env = dict(os.environ, DOTNET_TieredPGO="1")
        self.proc = subprocess.Popen([binary, "run", conf], cwd=self.dir, stdout=open(os.path.join(self.dir, "warden.out"), "w"),
                                     stderr=subprocess.STDOUT, start_new_session=True, env=env)
        names = ["flood"] if self.instances == 1 else [f"flood-{i}" for i in range(1, self.instances + 1)]
        self.files = [os.path.join(self.dir, "logs", "flood", f"{n}.out.log") for n in names]

    # -- the run -----------------------------------------------------------------------------
    def run(self, warmup):
        pid = self.proc.pid
        token, prober = None, None
        if self.system == "warden":
            token_file = os.path.join(self.dir, "state", "token")
            token = wait_for(lambda: os.path.exists(token_file) and open(token_file).read().strip(), 30, "the warden's token")
            prober = StatusProber(self.port, token)
            prober.start()
        time.sleep(warmup)
        rss_before = rss_bytes(pid)
        if self.system == "warden":
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            conn.request("POST", "/v1/services/flood/start", body="{}", headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            reply = conn.getresponse()
            reply.read()
            conn.close()
            if reply.status >= 300:
                raise RuntimeError(f"POST /v1/services/flood/start: HTTP {reply.status}")
        else:
            ctl = os.path.join(os.path.dirname(self.supervisord), "supervisorctl")
            wait_for(lambda: subprocess.run([ctl, "-c", self.conf, "start", "flood:*"], capture_output=True).returncode == 0, 30, "supervisorctl start")
        seqs = wait_for(lambda: len(children(pid, "seq")) == self.instances and children(pid, "seq"), 60, f"{self.instances} seq children of {self.system}")
        cpu_before = cpu_seconds(pid)
        started = time.perf_counter()
        wall_start = time.time()
        sampler = Sampler(pid)
        sampler.start()
        if prober:
            prober.recording = True
        time.sleep(self.seconds)
        for child in seqs:
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass
        elapsed = time.perf_counter() - started
        wall_end = time.time()
        if prober:
            prober.recording = False
        settle([p for f in self.files for p in kept(f)])
        cpu = cpu_seconds(pid) - cpu_before
        sampler.stop_flag.set()
        time.sleep(self.after)
        rss_after = rss_bytes(pid)
        if prober:
            prober.stop_flag.set()
        result = {"system": self.system, "instances": self.instances, "seconds": round(elapsed, 2),
                  "rss_before_mb": rss_before / 2**20, "rss_peak_mb": max(sampler.peak, rss_before) / 2**20,
                  "rss_after_mb": rss_after / 2**20, "cpu_s": cpu, "per_instance": []}
        total_bytes = 0
        for path in self.files:
            first, last, lines, holes, missing, markers, biggest = verify(kept(path))
            captured = seq_bytes(last or 0)
            total_bytes += captured
            result["per_instance"].append({"file": os.path.basename(path), "last": last, "checked_lines": lines, "first_kept": first,
                                           "holes": holes, "missing": missing, "markers": markers, "biggest_file": biggest})
        result["captured_mb"] = total_bytes / 1e6
        result["mbs"] = total_bytes / elapsed / 1e6
        result["cpu_s_per_mb"] = cpu / (total_bytes / 1e6) if total_bytes else float("nan")
        result["holes"] = sum(i["holes"] for i in result["per_instance"])
        result["missing"] = sum(i["missing"] for i in result["per_instance"])
        result["markers"] = sum(i["markers"] for i in result["per_instance"])
        lasts = [i["last"] or 0 for i in result["per_instance"]]
        result["fairness_min_over_max"] = (min(lasts) / max(lasts)) if max(lasts) else float("nan")
        if prober:
            result["status_n"] = len(prober.latencies)
            result["status_failures"] = prober.failures
            result["status_p50_ms"] = percentile(prober.latencies, 50)
            result["status_p99_ms"] = percentile(prober.latencies, 99)
            result["status_max_ms"] = max(prober.latencies) if prober.latencies else float("nan")
        if self.system == "warden":
            result.update(self.warden_events(wall_start, wall_end))
        return result

    def warden_events(self, wall_start, wall_end):
        dropped, exits, delays = 0, {}, []
        path = os.path.join(self.dir, "logs", "events.jsonl")
        with open(path) as f:
            for line in f:
                e = json.loads(line)
                if e["event"] == "logs-dropped":
                    dropped += int(e.get("dropped", 0))
                if e.get("service") != "ticker":
                    continue
                ts = parse_ts(e["ts"])
                if not (wall_start <= ts <= wall_end):
                    continue
                if e["event"] == "exited":
                    exits[e["instance"]] = ts
                elif e["event"] == "started" and e["instance"] in exits:
                    delays.append((ts - exits.pop(e["instance"])) * 1000)
        return {"logs_dropped_events": dropped, "ticker_restarts": len(delays),
                "ticker_restart_p50_ms": percentile(delays, 50), "ticker_restart_p99_ms": percentile(delays, 99)}

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def parse_ts(text):
    from datetime import datetime
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def socket_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flood(system, binary, work, seconds, instances, warmup):
    f = Flood(system, work, seconds, instances)
    try:
        if system == "warden":
            f.start_warden(binary)
        else:
            f.start_supervisord(binary)
        return f.run(warmup)
    finally:
        f.stop()
        subprocess.run(["rm", "-rf", f.dir])


def spread(values):
    values = [v for v in values if v == v]
    if not values:
        return "n/a"
    med = statistics.median(values)
    return f"{med:.1f} ({min(values):.1f}–{max(values):.1f})" if len(values) > 1 else f"{med:.1f}"


def spread3(values):
    values = [v for v in values if v == v]
    if not values:
        return "n/a"
    med = statistics.median(values)
    return f"{med:.4f} ({min(values):.4f}–{max(values):.4f})" if len(values) > 1 else f"{med:.4f}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--warden")
    p.add_argument("--supervisord")
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--smoke", action="store_true")
    p.add_argument("--rounds", type=int)
    p.add_argument("--seconds", type=float)
    p.add_argument("--instances", type=int)
    p.add_argument("--notes", default="")
    o = p.parse_args()
    rounds = o.rounds or (1 if o.smoke else 3)
    seconds = o.seconds or (3 if o.smoke else 20)
    many = o.instances or (3 if o.smoke else 10)
    floor_n = 5_000_000 if o.smoke else 300_000_000
    warmup = 1 if o.smoke else 5
    os.makedirs(o.work, exist_ok=True)
    os.makedirs(o.out, exist_ok=True)
    systems = [(name, path) for name, path in (("supervisord", o.supervisord), ("warden", o.warden)) if path]

    results, failures = {"floor": [], "single": [], "many": []}, []
    print(f"logflood ({'smoke' if o.smoke else 'full'}): {rounds} round(s) of {seconds:g} s, {many} instances at once; systems: {[s for s, _ in systems]}", flush=True)
    for r in range(1, rounds + 1):
        fl = floor(o.work, floor_n)
        results["floor"].append(fl)
        print(f"round {r}: floor seq>/dev/null {fl['seq_devnull_mbs']:.0f} MB/s, seq|cat>file {fl['seq_cat_file_mbs']:.0f} MB/s", flush=True)
        for name, path in systems:
            try:
                res = flood(name, path, o.work, seconds, 1, warmup)
            except Exception as e:  # a run that fails is reported, not fatal for the others
                failures.append(f"{name} round {r}: {e}")
                continue
            res["round"] = r
            results["single"].append(res)
            print(f"round {r}: {name}: {res['mbs']:.0f} MB/s, missing {res['missing']} in {res['holes']} holes, cpu {res['cpu_s_per_mb'] * 1000:.2f} ms/MB, "
                  f"rss {res['rss_before_mb']:.0f}->{res['rss_peak_mb']:.0f}->{res['rss_after_mb']:.0f} MB"
                  + (f", status p99 {res['status_p99_ms']:.1f} ms, ticker restart p99 {res['ticker_restart_p99_ms']:.0f} ms" if name == "warden" else ""), flush=True)
    for name, path in systems:
        try:
            res = flood(name, path, o.work, seconds, many, warmup)
        except Exception as e:
            failures.append(f"{name} x{many}: {e}")
            continue
        results["many"].append(res)
        print(f"{many} at once: {name}: {res['mbs']:.0f} MB/s total, fairness min/max {res['fairness_min_over_max']:.2f}, missing {res['missing']}"
              + (f", status p99 {res['status_p99_ms']:.1f} ms" if name == "warden" else ""), flush=True)

    for res in results["single"] + results["many"]:
        if res["missing"] or res["holes"] or res["markers"] or res.get("logs_dropped_events"):
            failures.append(f"{res['system']} x{res['instances']}: {res['missing']} lines missing in {res['holes']} holes, {res['markers']} markers, {res.get('logs_dropped_events', 0)} dropped by events")
        if res["system"] == "warden" and res.get("status_failures"):
            failures.append(f"warden x{res['instances']}: {res['status_failures']} status requests failed")

    bars = []
    if not o.smoke:
        bars = check_bars(results)
    write_report(o, results, failures, bars, seconds, many, floor_n)
    with open(os.path.join(o.out, "logflood.json"), "w") as f:
        json.dump(results, f, indent=2)
    for line in failures:
        print("FAILED: " + line, file=sys.stderr)
    for line in bars:
        print("BAR MISSED: " + line, file=sys.stderr)
    return 1 if failures else 3 if bars else 0


def by(results, kind, system, key):
    return [r[key] for r in results[kind] if r["system"] == system and key in r]


def check_bars(results):
    bars = []
    w, s = by(results, "single", "warden", "mbs"), by(results, "single", "supervisord", "mbs")
    if w and s and statistics.median(w) < statistics.median(s):
        bars.append(f"warden throughput {statistics.median(w):.0f} MB/s < supervisord {statistics.median(s):.0f} MB/s")
    w, s = by(results, "single", "warden", "cpu_s_per_mb"), by(results, "single", "supervisord", "cpu_s_per_mb")
    if w and s and statistics.median(w) > statistics.median(s):
        bars.append(f"warden CPU per MB {statistics.median(w) * 1000:.2f} ms > supervisord {statistics.median(s) * 1000:.2f} ms")
    for r in results["single"] + results["many"]:
        if r["system"] != "warden":
            continue
        if r["rss_peak_mb"] - r["rss_before_mb"] > 10:
            bars.append(f"warden x{r['instances']} RSS growth {r['rss_peak_mb'] - r['rss_before_mb']:.1f} MB > 10 MB")
        if r.get("status_p99_ms", 0) > 100:
            bars.append(f"warden x{r['instances']} status p99 {r['status_p99_ms']:.0f} ms > 100 ms")
    return bars


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    sup = subprocess.run(["supervisord", "--version"], capture_output=True, text=True).stdout.strip() if shutil_which("supervisord") else "n/a"
    commit = subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} vCPU {model}, Linux {platform.release()}, supervisord {sup}, commit {commit}, load {open('/proc/loadavg').read().split()[:3]}"


def shutil_which(name):
    import shutil
    return shutil.which(name)


def write_report(o, results, failures, bars, seconds, many, floor_n):
    lines = ["# Log flood: warden vs supervisord (generated by benchmarks/logflood)", "",
             f"Machine: {machine()}. {o.notes}", "",
             f"`seq 1 {SEQ_END}` for {seconds:g} s per flood, `max-size = 5MiB, keep = {KEEP}` (supervisord: `stdout_logfile_maxbytes = {MAX_SIZE}`, "
             f"`backups = {KEEP}`). Missing lines are checked within the kept files (oldest to newest, every line = previous + 1); the warden's "
             "`logs-dropped` events and drop markers would show any loss outside them. Median (min–max) over the rounds.", ""]
    fl = results["floor"]
    lines += [f"Floors (`seq 1 {floor_n}`): `seq > /dev/null` {spread([f['seq_devnull_mbs'] for f in fl])} MB/s, "
              f"`seq | cat > file` {spread([f['seq_cat_file_mbs'] for f in fl])} MB/s.", ""]
    lines += ["| one flood | captured MB/s | vs `seq|cat>file` | missing lines (holes) | CPU ms per MB | RSS before → peak → after (MB) | status p50 / p99 (ms) | ticker restart p50 / p99 (ms) |",
              "|---|---|---|---|---|---|---|---|"]
    cat = statistics.median([f["seq_cat_file_mbs"] for f in fl]) if fl else float("nan")
    for name in ("supervisord", "warden"):
        rs = [r for r in results["single"] if r["system"] == name]
        if not rs:
            continue
        status = f"{spread([r['status_p50_ms'] for r in rs])} / {spread([r['status_p99_ms'] for r in rs])}" if name == "warden" else "–"
        ticker = f"{spread([r['ticker_restart_p50_ms'] for r in rs])} / {spread([r['ticker_restart_p99_ms'] for r in rs])}" if name == "warden" else "–"
        lines.append(f"| {name} | {spread([r['mbs'] for r in rs])} | {statistics.median([r['mbs'] for r in rs]) / cat:.2f} | "
                     f"{sum(r['missing'] for r in rs)} ({sum(r['holes'] for r in rs)}) | {spread([r['cpu_s_per_mb'] * 1000 for r in rs])} | "
                     f"{spread([r['rss_before_mb'] for r in rs])} → {spread([r['rss_peak_mb'] for r in rs])} → {spread([r['rss_after_mb'] for r in rs])} | {status} | {ticker} |")
    lines += ["", f"| {many} floods at once | total MB/s | fairness (slowest / fastest instance) | missing lines (holes) | CPU ms per MB | RSS before → peak → after (MB) | status p50 / p99 (ms) |",
              "|---|---|---|---|---|---|---|"]
    for r in results["many"]:
        status = f"{r['status_p50_ms']:.1f} / {r['status_p99_ms']:.1f}" if r["system"] == "warden" else "–"
        lines.append(f"| {r['system']} | {r['mbs']:.0f} | {r['fairness_min_over_max']:.2f} | {r['missing']} ({r['holes']}) | {r['cpu_s_per_mb'] * 1000:.2f} | "
                     f"{r['rss_before_mb']:.0f} → {r['rss_peak_mb']:.0f} → {r['rss_after_mb']:.0f} | {status} |")
    lines += ["", "Failures: " + ("; ".join(failures) if failures else "none") + ".", "Bars missed: " + ("; ".join(bars) if bars else "none") + "."]
    with open(os.path.join(o.out, "logflood.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
