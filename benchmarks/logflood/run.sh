#!/usr/bin/env bash
# Log-flood benchmark (issue 12): the warden and supervisord capture `seq 1 100000000000` side by side,
# beside the floors `seq > /dev/null` and `seq | cat > file`. See logflood.py for what is measured.
#
#   benchmarks/logflood/run.sh              3 rounds of 20 s + 10 instances at once; writes benchmarks/results/logflood.md
#   benchmarks/logflood/run.sh --smoke      1 round of 3 s + 3 instances, results in a temp dir (CI, ~30 s)
#
# Options: --warden PATH (an already built warden; otherwise it is built into benchmarks/work/),
# --no-supervisord, --out DIR, and logflood.py options after `--` (e.g. -- --rounds 5 --seconds 10).
# Exit code: 0 ok, 1 lines were lost or a run failed, 3 (full mode) a bar was missed, 2 usage/build error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
smoke=0
warden=""
out=""
use_supervisord=1
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --warden) warden="$2"; shift ;;
    --out) out="$2"; shift ;;
    --no-supervisord) use_supervisord=0 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "logflood/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

command -v python3 >/dev/null 2>&1 || { echo "logflood/run.sh: python3 is needed" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/warden-logflood.XXXXXX")"
py_pid=""
# Whatever is left (a supervisor of an interrupted flood and its seq children) is found by its
# session: every supervisor is started by logflood.py in a new session under $work.
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  [ -n "$py_pid" ] && kill -TERM "$py_pid" 2>/dev/null || true
  for p in /proc/[0-9]*; do
    if tr "\0" " " 2>/dev/null < "$p/cmdline" | grep -q -- "$work/"; then
      kill -KILL -- "-${p#/proc/}" 2>/dev/null || kill -KILL "${p#/proc/}" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

supervisord_bin=""
if [ "$use_supervisord" = 1 ]; then
  if ! command -v supervisord >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing supervisor (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq supervisor >/dev/null 2>&1 || echo "logflood: could not install supervisor" >&2
  fi
  supervisord_bin="$(command -v supervisord || true)"
  [ -n "$supervisord_bin" ] || echo "logflood: supervisord not available; left out of this run" >&2
fi

if [ -z "$warden" ]; then
  artifacts="$root/benchmarks/work/artifacts"
  echo "== building the warden (Release) into benchmarks/work/artifacts"
  dotnet build "$root/src/ActorWarden.Cli" -c Release --artifacts-path "$artifacts" -nologo -v q -clp:ErrorsOnly > "$work/warden-build.log" 2>&1 \
    || { tail -20 "$work/warden-build.log" >&2; exit 2; }
  warden="$(find "$artifacts/bin/ActorWarden.Cli" -maxdepth 2 -type f -name warden -perm -u+x | head -1)"
fi
[ -x "$warden" ] || { echo "logflood: no warden at '$warden'" >&2; exit 2; }

if [ -z "$out" ]; then
  if [ "$smoke" = 1 ]; then out="$work/out"; else out="$root/benchmarks/results"; fi
fi
args=(--work "$work/run" --out "$out" --warden "$warden" --notes "Load average before start: $(cut -d' ' -f1-3 /proc/loadavg).")
[ -n "$supervisord_bin" ] && args+=(--supervisord "$supervisord_bin")
[ "$smoke" = 1 ] && args+=(--smoke)
args+=("${extra[@]}")

set +e
python3 "$here/logflood.py" "${args[@]}" &
py_pid=$!
wait "$py_pid"
rc=$?
py_pid=""
set -e
exit "$rc"
