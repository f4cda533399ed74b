#!/usr/bin/env python3
"""Cluster failover benchmark (issue 14): three real nodes on 127.0.0.1, `web` with placement = cluster
and 12 instances (4/4/4); one node is killed with SIGKILL, N times, and restarted between kills (the
next kill waits for 4/4/4 again). For each kill it measures the time from the kill to the last of the
killed node's 4 instances Running on a survivor, from the survivors' events.jsonl (the `state` event
to `running` of each moved instance; web has start-seconds = 0s, so that is its spawn). The victim
is in turn the oldest member (which hosts the sharding coordinator, so that moves too), the middle
one and the youngest.

Each settings set ("default": reference.conf; "tests": the cluster tests'; "tuned": see SETTINGS) runs on fresh nodes. After each
failover it checks that the 12 instances run once each (status) and that none of the killed node's
processes is alive. Prints a table and writes --json if asked. Every process it starts is in its own
session under the work dir and is killed on exit, whatever happens.
"""
import argparse
import datetime
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

INSTANCES = 12

# "default" is reference.conf (pause 3 s, stable-after 5 s, removal margin = stable-after); "tests" is
# what tests/ActorWarden.Cluster.Tests runs with. "tuned": a node is unreachable after about 2 s of
# silence (heartbeat every 250 ms, 1 s pause, the phi detector's margin), downed at the resolver's
# next 1 s tick after stable-after, and its instances start elsewhere 1 s after its removal
# (removal-margin). "fast" detects and decides sooner (800 ms pause, 500 ms stable-after) with the
# same 1 s margin, so a cut-off node still has that second to stop its instances.
SETTINGS = {
    "default": "",
    "tests": "acceptable-heartbeat-pause = 2s\n    stable-after = 2s",
    "tuned": "heartbeat-interval = 250ms\n    acceptable-heartbeat-pause = 1s\n    gossip-interval = 250ms\n"
             "    stable-after = 1s\n    removal-margin = 1s",
    "fast": "heartbeat-interval = 200ms\n    acceptable-heartbeat-pause = 800ms\n    gossip-interval = 200ms\n"
            "    stable-after = 500ms\n    removal-margin = 1s",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_ts(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Node:
    def __init__(self, warden, root, index, cluster_ports, control_port, settings):
        self.warden = warden
        self.index = index
        self.dir = os.path.join(root, f"n{index}")
        os.makedirs(self.dir, exist_ok=True)
        self.address = f"127.0.0.1:{cluster_ports[index]}"
        self.config = os.path.join(self.dir, "warden.conf")
        seeds = ", ".join(f'"127.0.0.1:{p}"' for p in cluster_ports[:2])
        with open(self.config, "w") as f:
            f.write(f"""warden {{
  name = "n{index}"
  control.http.port = {control_port}
  shutdown-timeout = 10s
  cluster {{
    enabled = on
    port = {cluster_ports[index]}
    seed-nodes = [{seeds}]
    min-nodes = 3
    {settings}
  }}
  services.web {{ placement = cluster, instances = {INSTANCES}, command = sleep, args = ["100000"], start-seconds = 0s }}
}}
""")
        self.events = os.path.join(self.dir, "logs", "events.jsonl")
        self.process = None
        self.started_at = None

    def start(self):
        self.log = open(os.path.join(self.dir, "warden.out"), "ab")
        self.process = subprocess.Popen([self.warden, "run", self.config], cwd=self.dir, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        self.started_at = time.time()

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def status(self, timeout=30):
        try:
            out = subprocess.run([self.warden, "status", "--json", "--config", self.config], cwd=self.dir,
                                 capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        if out.returncode != 0:
            return None
        try:
            return json.loads(out.stdout)
        except ValueError:
            return None

    def event_lines(self):
        try:
            with open(self.events, "rb") as f:
                data = f.read()
        except OSError:
            return []
        lines = data[:data.rfind(b"\n") + 1].split(b"\n")
        return [json.loads(line) for line in lines if line.strip()]


def running_web(status):
    return [(i["name"], i["node"], i.get("pid")) for i in status["instances"]
            if i.get("service") == "web" and i.get("state") == "running"]


def spread(status, addresses):
    web = running_web(status)
    names = [w[0] for w in web]
    everything = [i for i in status["instances"] if i.get("service") == "web"]
    if len(web) != INSTANCES or len(set(names)) != INSTANCES or len(everything) != INSTANCES:
        return False
    per = {}
    for _, node, _ in web:
        per[node] = per.get(node, 0) + 1
    return set(per) == set(addresses) and all(n == INSTANCES // len(addresses) for n in per.values())


def wait_for(what, condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise RuntimeError(f"timed out after {timeout} s waiting for {what}")


def wait_spread(observer, addresses, timeout):
    def check():
        status = observer.status()
        return status if status and spread(status, addresses) else None
    return wait_for(f"{INSTANCES} web instances spread over {len(addresses)} nodes", check, timeout)


def count_log_lines(nodes):
    """Akka's own reports in the nodes' output: a node marked unreachable, marked reachable again (a false
    alarm: the killed nodes come back as new incarnations, so they are never reachable again), and downed."""
    counts = {"unreachable": 0, "reachable_again": 0, "downed": 0}
    for node in nodes:
        try:
            with open(os.path.join(node.dir, "warden.out"), errors="replace") as f:
                for line in f:
                    counts["unreachable"] += "as UNREACHABLE" in line
                    counts["reachable_again"] += "as REACHABLE" in line
                    counts["downed"] += "SBR is downing" in line
        except OSError:
            pass
    return counts


def run_set(warden, name, kills, root, log):
    settings = SETTINGS[name]
    cluster_ports = [free_port() for _ in range(3)]
    nodes = [Node(warden, os.path.join(root, name), i, cluster_ports, free_port(), settings) for i in range(3)]
    addresses = [n.address for n in nodes]
    results = []
    try:
        for node in nodes:
            node.start()
        wait_spread(nodes[0], addresses, 180)
        for k in range(kills):
            # The oldest, the middle and the youngest member in turn (a restarted node is the youngest).
            by_age = sorted(nodes, key=lambda n: n.started_at)
            victim = by_age[k % 3]
            survivors = [n for n in nodes if n is not victim]
            position = ("oldest", "middle", "youngest")[k % 3]
            before = wait_spread(survivors[0], addresses, 180)
            moved = {w[0]: w[2] for w in running_web(before) if w[1] == victim.address}
            load = loadavg()
            t0 = time.time()
            victim.kill()

            def moved_running():
                found = {}
                for s in survivors:
                    for e in s.event_lines():
                        inst = e.get("instance")
                        if inst in moved and e.get("event") == "state" and e.get("to") == "running" and parse_ts(e["ts"]) >= t0:
                            found[inst] = min(found.get(inst, float("inf")), parse_ts(e["ts"]))
                return found if len(found) == len(moved) else None

            found = wait_for(f"the 4 instances of node {victim.index} running on the survivors", moved_running, 90)
            failover = max(found.values()) - t0
            after = wait_spread(survivors[0], [s.address for s in survivors], 60)
            leftovers = [pid for pid in moved.values() if pid and alive(pid)]
            if leftovers:
                raise RuntimeError(f"processes of the killed node still alive: {leftovers}")
            names = [w[0] for w in running_web(after)]
            row = {"set": name, "kill": k + 1, "victim": victim.index, "position": position,
                   "failover_s": round(failover, 2), "first_s": round(min(found.values()) - t0, 2),
                   "load": load, "once_each": len(set(names)) == INSTANCES == len(names)}
            results.append(row)
            print(f"  {name} kill {k + 1}: node {victim.index} ({position}) -> last moved instance running after {failover:.2f} s (first {row['first_s']:.2f} s), load {load:.1f}", file=log, flush=True)
            victim.start()
    finally:
        for node in nodes:
            if node.process and node.process.poll() is None:
                node.process.terminate()
        for node in nodes:
            if node.process:
                try:
                    node.process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(node.process.pid, signal.SIGKILL)
    counts = count_log_lines(nodes)
    print(f"  {name}: Akka logged {counts['unreachable']} unreachable marks, {counts['reachable_again']} reachable again (false alarms), {counts['downed']} downings for {len(results)} kills", file=log, flush=True)
    for row in results:
        row["akka_log"] = counts
    return results


def downings(nodes):
    return count_log_lines(nodes)["downed"]


def stall_set(warden, name, stalls, root, log):
    """The other side of the trade-off: freezes a live node (SIGSTOP, as a long GC pause or a VM steal
    would) for each of `stalls` seconds, resumes it, and reports whether the cluster downed it."""
    cluster_ports = [free_port() for _ in range(3)]
    nodes = [Node(warden, os.path.join(root, name + "-stall"), i, cluster_ports, free_port(), SETTINGS[name]) for i in range(3)]
    addresses = [n.address for n in nodes]
    rows = []
    try:
        for node in nodes:
            node.start()
        wait_spread(nodes[0], addresses, 180)
        for stall in stalls:
            victim = nodes[2]
            before = downings(nodes)
            os.kill(victim.process.pid, signal.SIGSTOP)
            time.sleep(stall)
            os.kill(victim.process.pid, signal.SIGCONT)
            time.sleep(10)
            downed = downings(nodes) > before
            rows.append({"set": name, "stall_s": stall, "downed": downed})
            print(f"  {name}: a node frozen for {stall} s was {'DOWNED' if downed else 'kept'}", file=log, flush=True)
            if downed:
                victim.kill()
                victim.start()
            wait_spread(nodes[0], addresses, 180)
    finally:
        for node in nodes:
            if node.process and node.process.poll() is None:
                os.kill(node.process.pid, signal.SIGCONT)
                node.process.terminate()
        for node in nodes:
            if node.process:
                try:
                    node.process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(node.process.pid, signal.SIGKILL)
    return rows


def summary(rows):
    values = [r["failover_s"] for r in rows]
    oldest = [r["failover_s"] for r in rows if r["position"] == "oldest"]
    others = [r["failover_s"] for r in rows if r["position"] != "oldest"]
    return {"n": len(values), "median_s": round(statistics.median(values), 2), "min_s": min(values), "max_s": max(values),
            "median_oldest_s": round(statistics.median(oldest), 2) if oldest else None,
            "median_others_s": round(statistics.median(others), 2) if others else None,
            "load_mean": round(statistics.mean(r["load"] for r in rows), 1), "akka_log": rows[0]["akka_log"] if rows else {}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warden", required=True)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--sets", default="default,tuned", help="comma-separated: " + ", ".join(SETTINGS))
    parser.add_argument("--work", required=True, help="a private folder for the nodes (removed by run.sh)")
    parser.add_argument("--json", help="write every kill and the summaries here")
    parser.add_argument("--stall", help="instead of kills: comma-separated seconds to freeze a live node for, per set")
    args = parser.parse_args()
    sets = args.sets.split(",")
    unknown = [s for s in sets if s not in SETTINGS]
    if unknown:
        parser.error(f"unknown settings set(s): {unknown}")
    report = {"kills": [], "summary": {}, "load_start": loadavg()}
    if args.stall:
        stalls = [float(x) for x in args.stall.split(",")]
        report["stalls"] = []
        for name in sets:
            print(f"== {name}: {SETTINGS[name] or 'reference.conf'}".replace("\n", ","), flush=True)
            report["stalls"].extend(stall_set(args.warden, name, stalls, args.work, sys.stdout))
        if args.json:
            with open(args.json, "w") as f:
                json.dump(report, f, indent=2)
        return
    for name in sets:
        print(f"== {name}: {SETTINGS[name] or 'reference.conf'}".replace("\n", ","), flush=True)
        rows = run_set(args.warden, name, args.kills, args.work, sys.stdout)
        report["kills"].extend(rows)
        report["summary"][name] = summary(rows)
    report["load_end"] = loadavg()
    print()
    print("| settings | kills | median (s) | min (s) | max (s) | median, oldest killed (s) | median, others (s) | load avg (1 min, mean at the kills) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, s in report["summary"].items():
        print(f"| {name} | {s['n']} | {s['median_s']:.2f} | {s['min_s']:.2f} | {s['max_s']:.2f} | {s['median_oldest_s']} | {s['median_others_s']} | {s['load_mean']} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
