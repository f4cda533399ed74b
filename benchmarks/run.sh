#!/usr/bin/env bash
# Process benchmarks of the warden against the floor (bare posix_spawn + waitpid in C) and supervisord:
# restart latency, farm scale, churn, and the log flood (benchmarks/logflood: capture of a `seq` flood). Builds what it needs (the C children with gcc, the warden, the
# driver), runs everything in a private temp dir and cleans up every process and file on exit, Ctrl+C
# or failure.
#
#   benchmarks/run.sh                 full run; writes benchmarks/results/*.md, *.svg, summary.json
#   benchmarks/run.sh --smoke         a few seconds, small N, bars not enforced, results in a temp dir (CI)
#   benchmarks/run.sh --akka          also run the Akka runtime and HOCON micro-benchmarks (BenchmarkDotNet), after the rest
#
# Other options: --out DIR, --only restart,farm,churn,logflood, --no-warden, --no-supervisord, --no-build,
# --warden PATH (an already built warden), --keep (keep the temp dir: configs, events, records), and any driver option after `--` (e.g. -- --rounds 7).
# Exit code: 0 ok, 1 a run failed, 3 (full mode) a bar was missed, 2 usage/build error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
mode=full
micro=0
use_warden=1
use_supervisord=1
build=1
keep=0
warden_problem=""
out=""
warden=""
only=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) mode=smoke ;;
    --akka) micro=1 ;;
    --no-warden) use_warden=0 ;;
    --no-supervisord) use_supervisord=0 ;;
    --no-build) build=0 ;;
    --keep) keep=1 ;;
    --out) out="$2"; shift ;;
    --warden) warden="$2"; shift ;;
    --only) only="$2"; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work="$(mktemp -d "${TMPDIR:-/tmp}/warden-bench.XXXXXX")"
driver_pid=""

# Kills everything this run started: the driver, every pid it registered in $work/pids (wardens,
# supervisord, the floor), and any process still running an executable from $work/bin (the children,
# including ones orphaned to init). Then removes the temp dir.
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [ -n "$driver_pid" ] && kill -0 "$driver_pid" 2>/dev/null; then
    kill -TERM "$driver_pid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$driver_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$driver_pid" 2>/dev/null || true
  fi
  if [ -f "$work/pids" ]; then
    while read -r pid; do
      [ -n "$pid" ] && [ -d "/proc/$pid" ] || continue
      # Only if it is still one of ours: a warden, supervisord, the floor or a shell we exec'd.
      exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
      case "$exe" in
        "$work"/*|*/warden|*python3*|/usr/bin/dash|/bin/dash|/usr/bin/bash|/bin/bash) kill -KILL "$pid" 2>/dev/null || true ;;
      esac
    done < "$work/pids"
  fi
  for _ in 1 2 3; do
    left=0
    for p in /proc/[0-9]*; do
      exe="$(readlink "$p/exe" 2>/dev/null || true)"
      case "$exe" in "$work"/bin/*) kill -KILL "${p#/proc/}" 2>/dev/null && left=1 ;; esac
    done
    [ "$left" = 0 ] && break
    sleep 0.2
  done
  if [ "$keep" = 1 ]; then echo "run.sh: kept $work (--keep)" >&2; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# 5,000 instances need a few fds each in the warden (pidfds, pipes): raise the soft limit to the hard one.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 65536 ]; then
  ulimit -Hn 1048576 2>/dev/null && ulimit -n 1048576 2>/dev/null || true
fi
[ "$(getconf CLK_TCK)" = 100 ] || echo "run.sh: note: CLK_TCK is $(getconf CLK_TCK), CPU numbers assume the driver's setting" >&2

echo "== building the C children (gcc)"
"$here/process/native/build.sh" "$work/bin"

supervisord_bin=""
if [ "$use_supervisord" = 1 ]; then
  if ! command -v supervisord >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing supervisor (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq supervisor >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq supervisor >/dev/null 2>&1; } \
      || echo "run.sh: could not install supervisor; supervisord is left out of this run" >&2
  fi
  supervisord_bin="$(command -v supervisord || true)"
  [ -n "$supervisord_bin" ] || echo "run.sh: supervisord not available; left out of this run" >&2
fi

# The warden is published into benchmarks/work/ (git-ignored, its own obj/ too), so the benchmark never
# races other builds of src/ for bin/ and obj/ and always measures the Release build of this checkout,
# published for linux-x64 as docs/hosting.md installs it (ReadyToRun: what `warden status` costs).
if [ "$use_warden" = 1 ] && [ -z "$warden" ]; then
  artifacts="$root/benchmarks/work/artifacts"
  if [ "$build" = 1 ]; then
    echo "== publishing the warden (Release, linux-x64) into benchmarks/work/artifacts"
    if ! dotnet publish "$root/src/ActorWarden.Cli" -c Release -r linux-x64 --artifacts-path "$artifacts" -nologo -v q -clp:ErrorsOnly > "$work/warden-build.log" 2>&1; then
      tail -20 "$work/warden-build.log" >&2
      echo "run.sh: the warden does not build; running without it" >&2
      warden_problem="the warden does not build"
      artifacts=""
    fi
  fi
  if [ -n "$artifacts" ]; then
    warden="$(find "$artifacts/publish/ActorWarden.Cli" -maxdepth 2 -type f -name warden -perm -u+x 2>/dev/null | head -1)"
  fi
fi
if [ "$use_warden" = 1 ] && [ -n "$warden" ]; then
  # A warden that cannot `run` yet (the CLI is being written) is reported and left out.
  if ! "$warden" run --help >/dev/null 2>&1; then
    echo "run.sh: '$warden run --help' fails: the warden cannot run yet; running without it" >&2
    warden_problem="'warden run --help' fails"
    warden=""
  fi
fi
[ "$use_warden" = 1 ] || warden=""

echo "== building the driver"
driver_out="$root/benchmarks/work/process-bench"
dotnet build "$here/process/ActorWarden.ProcessBench" -c Release -o "$driver_out" -nologo -v q -clp:ErrorsOnly > "$work/driver-build.log" 2>&1 \
  || { cat "$work/driver-build.log" >&2; exit 2; }

if [ -z "$out" ]; then
  if [ "$mode" = smoke ]; then out="$(mktemp -d "${TMPDIR:-/tmp}/warden-bench-smoke.XXXXXX")"; else out="$here/results"; fi
fi
mkdir -p "$out"

args=(--work "$work/run" --bin "$work/bin" --out "$out" --repo "$root" --dotnet-sdk "$(dotnet --version)"
      --warden "$warden" --supervisord "$supervisord_bin"
      --notes "load average before start: $(cut -d' ' -f1-3 /proc/loadavg); other builds may share this machine")
[ "$mode" = smoke ] && args+=(--smoke)
# In smoke mode (CI) a warden that is there but fails is a failure, so the harness cannot rot.
[ "$mode" = smoke ] && [ -n "$warden" ] && args+=(--require-warden)
[ -n "$only" ] && args+=(--only "$only")
args+=("${extra[@]}")

echo "== running ($mode) — results in $out"
set +e
# Job control on: the driver gets its own process group and a default SIGINT (a non-interactive shell
# would start it with SIGINT ignored, and its children would inherit that). Ctrl+C reaches run.sh,
# whose trap SIGTERMs the driver, which kills what it started; the trap then sweeps whatever is left.
set -m
# (No `nice`: measured here, nice -10 makes even the C floor's spawn loop 15x slower on this kernel.)
dotnet "$driver_out/ActorWarden.ProcessBench.dll" "${args[@]}" &
driver_pid=$!
set +m
wait "$driver_pid"
rc=$?
driver_pid=""
set -e

# The log flood has its own driver (benchmarks/logflood); it runs unless --only leaves it out.
if [ -z "$only" ] || [[ ",$only," == *",logflood,"* ]]; then
  echo "== log flood (benchmarks/logflood)"
  flood_args=(--out "$out")
  [ "$mode" = smoke ] && flood_args+=(--smoke)
  [ -n "$warden" ] && flood_args+=(--warden "$warden")
  [ "$use_supervisord" = 1 ] || flood_args+=(--no-supervisord)
  if [ "$use_warden" = 1 ] && [ -n "$warden" ]; then
    set +e
    "$root/benchmarks/logflood/run.sh" "${flood_args[@]}"
    flood_rc=$?
    set -e
    [ "$flood_rc" = 0 ] || [ "$rc" != 0 ] || rc=$flood_rc
  fi
fi

if [ "$micro" = 1 ]; then
  echo "== Akka runtime and HOCON micro-benchmarks (BenchmarkDotNet)"
  (cd "$root" && dotnet run -c Release --project benchmarks/ActorWarden.Benchmarks -- --filter '*') || rc=1
fi

# In smoke mode (CI) a warden that does not build or cannot run is a failure too (unless --no-warden).
if [ "$mode" = smoke ] && [ "$use_warden" = 1 ] && [ -z "$warden" ]; then
  echo "run.sh: smoke: ${warden_problem:-no warden} — failing" >&2
  rc=1
fi

echo "== results: $out"
ls -1 "$out"
exit "$rc"
