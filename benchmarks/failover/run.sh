#!/usr/bin/env bash
# Cluster failover benchmark (issue 14): 3 nodes on 127.0.0.1, `web` with 12 instances, one node
# killed with SIGKILL 10 times per settings set; the time from each kill to the last of its 4 instances
# Running on a survivor. See failover.py for what is measured.
#
#   benchmarks/failover/run.sh                 10 kills with reference.conf, then 10 with the tuned set
#   benchmarks/failover/run.sh --smoke         2 kills of the tuned set (CI, about a minute)
#
# Options: --warden PATH (an already built warden; otherwise it is published into benchmarks/work/),
# --kills N, --sets default,tests,tuned,fast, --json FILE, --stall 2,3,5 (instead of kills: freeze a live
# node for each of these seconds and report whether the cluster downed it: the trade-off's other side).
# Exit code: 0 ok, 1 a run failed (a timeout, an instance twice, a process of a killed node left), 2 usage/build error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
warden=""
kills=10
sets="default,tuned"
json=""
stall=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) kills=2; sets="tuned" ;;
    --warden) warden="$2"; shift ;;
    --kills) kills="$2"; shift ;;
    --sets) sets="$2"; shift ;;
    --json) json="$2"; shift ;;
    --stall) stall="$2"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "failover/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

command -v python3 >/dev/null 2>&1 || { echo "failover/run.sh: python3 is needed" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/warden-failover.XXXXXX")"
py_pid=""
# Every warden runs from a folder under $work, in its own session (and its placed processes are
# killed with it); whatever an interrupted run left is found by its working directory.
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  [ -n "$py_pid" ] && kill -TERM "$py_pid" 2>/dev/null && wait "$py_pid" 2>/dev/null || true
  for p in /proc/[0-9]*; do
    case "$(readlink "$p/cwd" 2>/dev/null)" in
      "$work"/*) kill -KILL "${p#/proc/}" 2>/dev/null || true ;;
    esac
  done
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [ -z "$warden" ]; then
  artifacts="$root/benchmarks/work/artifacts"
  echo "== publishing the warden (Release, linux-x64) into benchmarks/work/artifacts"
  dotnet publish "$root/src/ActorWarden.Cli" -c Release -r linux-x64 --artifacts-path "$artifacts" -nologo -v q -clp:ErrorsOnly \
    || { echo "failover/run.sh: the warden did not build" >&2; exit 2; }
  warden="$(find "$artifacts/publish/ActorWarden.Cli" -maxdepth 2 -type f -name warden -perm -u+x | head -1)"
fi
warden="$(realpath "$warden" 2>/dev/null || echo "$warden")"
[ -x "$warden" ] || { echo "failover/run.sh: no warden at '$warden'" >&2; exit 2; }

echo "== $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$here/failover.py" --warden "$warden" --kills "$kills" --sets "$sets" --work "$work" ${json:+--json "$json"} ${stall:+--stall "$stall"} &
py_pid=$!
wait "$py_pid" || { rc=$?; py_pid=""; exit $((rc == 0 ? 0 : 1)); }
py_pid=""
