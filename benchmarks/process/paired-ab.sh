#!/usr/bin/env bash
# Paired A/B of two warden builds: the warden's CPU per restart of one crashing instance, with both
# wardens running at the same time, read in the same windows.
#
#   benchmarks/process/paired-ab.sh WARDEN_A WARDEN_B [ROUNDS=6] [SECONDS=5]
#
# Why at the same time: on the shared 2-vCPU machines the speed of the whole machine drifts by a
# quarter within minutes, so alternating runs of A and B differ by more than a change of a few
# percent. Two wardens side by side share that drift (and each other's load, symmetrically), so the
# per-window ratio shows the change even when the absolute figures move. The absolute figures are
# higher than a warden alone gets; use benchmarks/run.sh for those, beside the floor and supervisord.
#
# Each warden runs the restart scenario's child (native/crasher.c) with events, output capture, the
# HTTP API and cgroup containment on, as users run it; a warm-up of WARM seconds (default 20) lets
# the JIT settle first. Prints one line per window, for A and B: CPU per restart (utime + stime of
# the warden process over its restarts in the window), restarts per second, and the p50 from one
# child's exit to the next child's start (the crasher's own records, as the restart scenario reads them).
#
# SCENARIO=churn runs the churn scenario's child instead (native/churner.c: lives 0-500 ms, exits 1),
# INSTANCES of it per warden (default 500, so that the two wardens together make the churn scenario's
# thousand): CPU per restart and restarts per second, without the p50 (a churner's restart waits
# behind the others' on a saturated machine; the churn scenario measures that).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
a="${1:?usage: paired-ab.sh WARDEN_A WARDEN_B [ROUNDS] [SECONDS]}"
b="${2:?usage: paired-ab.sh WARDEN_A WARDEN_B [ROUNDS] [SECONDS]}"
rounds="${3:-6}"
secs="${4:-5}"
scenario="${SCENARIO:-restart}"
instances="${INSTANCES:-500}"
case "$scenario" in
  restart) child="crasher"; extra_args=""; count=1; records_per_run=1 ;;
  churn) child="churner"; extra_args=", \"500\""; count="$instances"; records_per_run=2 ;;
  *) echo "SCENARIO is restart or churn, not $scenario" >&2; exit 2 ;;
esac
work="$(mktemp -d /tmp/aw-paired-ab.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$here/native/build.sh" "$work/bin" > /dev/null

start() {
  local name="$1" binary="$2" dir="$work/$1"
  mkdir -p "$dir"
  cat > "$dir/warden.conf" <<CONF
warden {
  name = "ab-$name"
  base-directory = "$dir"
  events.file = "logs/events.jsonl"
  logs.directory = "logs"
  state-file = "state/warden.state.json"
  root { max-restarts = 1000000000, within = 1s, on-give-up = park }
  control.http { enabled = on, host = "127.0.0.1", port = 0 }
  group-defaults { max-restarts = 1000000000, within = 1s }
  services.$child {
    command = "$work/bin/$child"
    args = ["$dir/rec.log"$extra_args]
    instances = $count
    restart = always
    start-seconds = 0s
    start-retries = 1000000000
    backoff { min = 0ms, max = 0ms, multiplier = 1.0, jitter = 0, reset-after = 60s }
    max-restarts = 1000000000
    within = 1s
  }
}
CONF
  "$binary" run --config "$dir/warden.conf" > "$dir/out.log" 2>&1 &
  pids+=("$!")
}

start a "$a"
start b "$b"
sleep "${WARM:-20}"
tick="$(getconf CLK_TCK)"
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
restarts() { echo $(( $(stat -c %s "$work/$1/rec.log") / (64 * records_per_run) )); }
# p50 of exit→start over the records FROM..TO (64-byte records: kind pid start exit tag).
p50() {
  tail -c +$(( $2 * 64 + 1 )) "$work/$1/rec.log" | head -c $(( ($3 - $2) * 64 )) \
    | awk 'NR > 1 { print int(($3 - last) / 1000) } { last = $4 }' | sort -n \
    | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
for i in $(seq 1 "$rounds"); do
  ca0="$(cpu "${pids[0]}")"; cb0="$(cpu "${pids[1]}")"; na0="$(restarts a)"; nb0="$(restarts b)"
  sleep "$secs"
  ca1="$(cpu "${pids[0]}")"; cb1="$(cpu "${pids[1]}")"; na1="$(restarts a)"; nb1="$(restarts b)"
  na=$((na1 - na0)); nb=$((nb1 - nb0))
  if [ "$scenario" = churn ]; then
    echo "window $i: A $(( (ca1 - ca0) * 1000000 / tick / na )) us/restart ($((na / secs))/s)" \
      "| B $(( (cb1 - cb0) * 1000000 / tick / nb )) us/restart ($((nb / secs))/s)"
  else
    echo "window $i: A $(( (ca1 - ca0) * 1000000 / tick / na )) us/restart ($((na / secs))/s, exit→start p50 $(p50 a "$na0" "$na1") us)" \
      "| B $(( (cb1 - cb0) * 1000000 / tick / nb )) us/restart ($((nb / secs))/s, exit→start p50 $(p50 b "$nb0" "$nb1") us)"
  fi
done
