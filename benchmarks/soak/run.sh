#!/usr/bin/env bash
# Soak test: the real warden on a churn config for N minutes (default 10), sampled from /proc.
#
#   benchmarks/soak/run.sh [--minutes 10] [--interval 5] [--out DIR] [--warden PATH] [--no-build]
#
# Config: 200 instances of `sh -c 'sleep 0.1..0.5'` restarted for ever (restart = always), 4
# long-running chatty instances (a line every 20 ms, rotated at 1 MiB, exec health check every
# second), 2 HTTP servers with http health checks. Every --interval seconds the warden's RSS, open
# fds and threads are read from /proc/<warden>/{status,fd}; at the end the warden is stopped with
# SIGTERM (a clean stop is part of the verdict) and results/soak-<date>.md + .svg are written.
#
# Verdict rule (printed in the output): for each of RSS, open fds and threads, the mean of the last
# 2 minutes must be less than 5 % above the mean of minutes 2-4 (after a warm-up). For runs shorter
# than 6 minutes (smoke runs) the windows scale: 20-40 % of the run vs the last 20 %.
#
# Not run in CI. Needs bash, awk, curl, python3 (the http servers), the .NET 10 SDK and Linux /proc.
# Exit code: 0 PASS, 1 FAIL (growth or unclean stop), 2 usage/build error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
minutes=10
interval=5
out="$here/results"
warden=""
build=1

while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --interval) interval="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --warden) warden="$2"; build=0; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "soak: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$minutes" in ''|*[!0-9.]*) echo "soak: --minutes takes a number" >&2; exit 2 ;; esac
case "$interval" in ''|*[!0-9]*) echo "soak: --interval takes whole seconds" >&2; exit 2 ;; esac

work="$(mktemp -d /tmp/warden-soak.XXXXXX)"
warden_pid=""

# Kill everything this run started: the warden by pid, then any process whose working directory is
# in the temp dir (the children) or that runs the warden binary from it; remove the temp dir.
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [ -n "$warden_pid" ] && kill -0 "$warden_pid" 2>/dev/null; then
    kill -TERM "$warden_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$warden_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$warden_pid" 2>/dev/null || true
  fi
  for p in /proc/[0-9]*; do
    local cwd
    cwd="$(readlink "$p/cwd" 2>/dev/null || true)"
    case "$cwd" in "$work"|"$work"/*) kill -KILL "${p#/proc/}" 2>/dev/null || true ;; esac
  done
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if [ "$build" = 1 ]; then
  artifacts="$here/work/artifacts"
  echo "== building the warden (Release) into benchmarks/soak/work/artifacts"
  if ! dotnet build "$root/src/ActorWarden.Cli" -c Release --artifacts-path "$artifacts" -nologo -v q -clp:ErrorsOnly > "$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    echo "soak: warden build failed" >&2
    exit 2
  fi
  warden="$(find "$artifacts/bin/ActorWarden.Cli" -maxdepth 2 -type f -name warden -perm -u+x | head -1)"
fi
if [ -z "$warden" ]; then
  warden="$root/src/ActorWarden.Cli/bin/Release/net10.0/warden"
fi
[ -x "$warden" ] || { echo "soak: no warden executable at $warden" >&2; exit 2; }
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty_files="$(git -C "$root" status --short -- src 2>/dev/null | awk '{ print $2 }' | tr '\n' ' ')"
# Run a private copy, so a concurrent rebuild cannot swap assemblies under the running warden.
cp -r "$(dirname "$warden")" "$work/bin"
warden="$work/bin/$(basename "$warden")"

free_port() {
  local port hex
  while :; do
    port=$((20000 + RANDOM % 30000))
    hex="$(printf '%04X' "$port")"
    if ! awk -v h=":$hex" '$2 ~ h"$" && $4 == "0A" { found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null; then
      echo "$port"; return
    fi
  done
}
api_port="$(free_port)"
http_base="$(free_port)"

mkdir -p "$work/run"
cat > "$work/run/warden.conf" <<EOF
warden {
  name = "soak"
  control.http.port = $api_port
  shutdown-timeout = 30s
  services {
    churn {
      command = /bin/sh
      args = ["-c", "sleep 0.\$((RANDOM % 5 + 1))"]
      instances = 200
      restart = always
      start-seconds = 50ms
      start-retries = 1000000
      max-restarts = 1000000
      within = 1s
      backoff { min = 2s, max = 2s, multiplier = 1.0, jitter = 0.2, reset-after = 60s }
      logs { max-size = 64KiB, keep = 1 }
    }
    chatty {
      command = /bin/sh
      args = ["-c", "i=0; while :; do i=\$((i+1)); echo \"chatty \$INSTANCE line \$i with some padding to make it a realistic log line\"; [ \$((i % 50)) -eq 0 ] && echo \"chatty \$INSTANCE stderr \$i\" 1>&2; sleep 0.02; done"]
      instances = 4
      start-seconds = 100ms
      logs { max-size = 1MiB, keep = 2 }
      health { type = exec, command = /bin/true, interval = 1s, timeout = 1s, failures = 3, start-period = 2s }
    }
    web {
      command = python3
      args = ["-m", "http.server", "\${PORT}", "--bind", "127.0.0.1"]
      instances = 2
      port-base = $http_base
      start-seconds = 500ms
      health { type = http, url = "http://127.0.0.1:\${PORT}/", interval = 1s, timeout = 2s, failures = 3, start-period = 10s }
    }
  }
}
EOF

duration_s="$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 }')"
echo "== soak: $minutes min, sample every ${interval}s, warden $warden, API port $api_port"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

(cd "$work/run" && exec "$warden" run warden.conf > "$work/warden.out" 2>&1) &
warden_pid=$!
# The subshell execs the warden, so $! is the warden itself.

token_file="$work/run/state/token"
for _ in $(seq 1 300); do
  [ -s "$token_file" ] && curl -sf -o /dev/null -H "Authorization: Bearer $(cat "$token_file")" "http://127.0.0.1:$api_port/v1/status" && break
  kill -0 "$warden_pid" 2>/dev/null || { cat "$work/warden.out" >&2; echo "soak: the warden exited during start" >&2; exit 1; }
  sleep 0.1
done
token="$(cat "$token_file")"

fd_targets() {
  # Open descriptors of the warden grouped by kind (pipe, socket, anon_inode:[pidfd], a path...).
  for fd in /proc/"$warden_pid"/fd/*; do readlink "$fd" 2>/dev/null || true; done \
    | sed -E 's/:\[[0-9]+\]$//; s#^/tmp/warden-soak\.[^/]+#<work>#; s#/logs/(churn|chatty|web)/[^/]+$#/logs/\1/<file>#; s#^.*\.dll$#<assemblies (.dll, mapped)>#' \
    | sort | uniq -c | sort -rn
}

samples="$work/samples.tsv"
printf 't_s\trss_kb\tfds\tthreads\trestarts\tstate\theap_kb\tload1\n' > "$samples"
warm_fd_snapshot="$work/fd-warm.txt"
t0=$(date +%s)
next=0
while :; do
  now=$(( $(date +%s) - t0 ))
  [ "$now" -gt "$duration_s" ] && break
  if ! kill -0 "$warden_pid" 2>/dev/null; then
    echo "soak: the warden died at t=${now}s" >&2
    tail -20 "$work/warden.out" >&2
    break
  fi
  if [ "$now" -ge "$next" ]; then
    rss="$(awk '/^VmRSS:/ { print $2 }' /proc/"$warden_pid"/status)"
    threads="$(awk '/^Threads:/ { print $2 }' /proc/"$warden_pid"/status)"
    fds="$(ls /proc/"$warden_pid"/fd | wc -l)"
    metrics="$(curl -s --max-time 5 -H "Authorization: Bearer $token" "http://127.0.0.1:$api_port/metrics" || true)"
    restarts="$(printf '%s\n' "$metrics" | awk '/^warden_instance_restarts_total/ { s += $NF } END { printf "%d", s }')"
    running="$(printf '%s\n' "$metrics" | awk '/^warden_instance_state\{.*state="running"/ && $NF == 1 { n++ } END { printf "%d", n }')"
    heap="$(curl -s --max-time 5 -H "Authorization: Bearer $token" "http://127.0.0.1:$api_port/v1/status" | grep -o '"managedHeapBytes":[0-9]*' | head -1 | cut -d: -f2 || true)"
    heap_kb=$(( ${heap:-0} / 1024 ))
    load1="$(cut -d' ' -f1 /proc/loadavg)"
    printf '%s\t%s\t%s\t%s\t%s\t%s running\t%s\t%s\n' "$now" "$rss" "$fds" "$threads" "$restarts" "$running" "$heap_kb" "$load1" >> "$samples"
    printf '  t=%4ss  rss=%6.1f MiB  heap=%6.1f MiB  fds=%4s  threads=%3s  restarts=%s  running=%s  load=%s\n' "$now" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$(awk -v k="$heap_kb" 'BEGIN { print k / 1024 }')" "$fds" "$threads" "$restarts" "$running" "$load1"
    if [ ! -f "$warm_fd_snapshot" ] && [ "$now" -ge $(( duration_s * 2 / 5 )) ]; then
      fd_targets > "$warm_fd_snapshot"
    fi
    next=$(( next + interval ))
  fi
  sleep 0.5
done
fd_targets > "$work/fd-end.txt"
[ -f "$warm_fd_snapshot" ] || cp "$work/fd-end.txt" "$warm_fd_snapshot"

# Clean stop: SIGTERM, then wait for the shutdown ladder (30 s) plus margin.
stop_clock=$(date +%s%N)
stop_code="(not running)"
clean_stop=0
if kill -0 "$warden_pid" 2>/dev/null; then
  kill -TERM "$warden_pid"
  for _ in $(seq 1 450); do kill -0 "$warden_pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$warden_pid" 2>/dev/null; then
    stop_code="(still running 45 s after SIGTERM; killed)"
    kill -KILL "$warden_pid" 2>/dev/null || true
  else
    set +e; wait "$warden_pid"; stop_code=$?; set -e
    [ "$stop_code" = 0 ] && clean_stop=1
  fi
fi
stop_ms=$(( ($(date +%s%N) - stop_clock) / 1000000 ))
warden_pid=""
leftovers=0
for p in /proc/[0-9]*; do
  cwd="$(readlink "$p/cwd" 2>/dev/null || true)"
  case "$cwd" in "$work/run"|"$work/run"/*) leftovers=$((leftovers + 1)) ;; esac
done

events="$work/run/logs/events.jsonl"
count_events() { local n; n="$(grep -c "\"event\":\"$1\"" "$events" 2>/dev/null || true)"; echo "${n:-0}"; }
spawns="$(count_events started)"
exits="$(count_events exited)"
fatals="$(count_events fatal)"
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
stamp="$(date -u +%Y%m%d-%H%M)"
mkdir -p "$out"
md="$out/soak-$stamp.md"
svg="$out/soak-$stamp.svg"
cp "$samples" "$out/soak-$stamp.tsv"

# Windows and verdict.
verdict="$(awk -v D="$duration_s" -F'\t' '
  NR == 1 { next }
  {
    t = $1
    if (D >= 360) { w0 = 120; w1 = 240; l0 = D - 120 } else { w0 = D * 0.2; w1 = D * 0.4; l0 = D * 0.8 }
    if (t >= w0 && t < w1) { wn++; wr += $2; wf += $3; wt += $4 }
    if (t >= l0) { ln++; lr += $2; lf += $3; lt += $4 }
  }
  END {
    if (wn == 0 || ln == 0) { print "FAIL\tnot enough samples\t\t\t\t\t\t\t\t\t\t\t\t"; exit }
    split("rss fds threads", names, " ")
    wm[1] = wr / wn; wm[2] = wf / wn; wm[3] = wt / wn
    lm[1] = lr / ln; lm[2] = lf / ln; lm[3] = lt / ln
    v = "PASS"
    line = ""
    for (i = 1; i <= 3; i++) {
      g = (lm[i] - wm[i]) / wm[i] * 100
      ok = (g < 5) ? "PASS" : "FAIL"
      if (ok == "FAIL") v = "FAIL"
      line = line sprintf("\t%s\t%.1f\t%.1f\t%+.2f\t%s", names[i], wm[i], lm[i], g, ok)
    }
    printf "%s%s\t%d\t%d\n", v, line, wn, ln
  }' "$samples")"
growth_verdict="${verdict%%$'\t'*}"
overall="$growth_verdict"
[ "$clean_stop" = 1 ] || overall="FAIL"
[ "$leftovers" = 0 ] || overall="FAIL"
if [ "$duration_s" -ge 360 ]; then
  rule="mean of the last 2 minutes vs mean of minutes 2-4; each of RSS, open fds and threads must grow by less than 5 %"
else
  rule="(short run) mean of the last 20 % vs mean of 20-40 % of the run; each of RSS, open fds and threads must grow by less than 5 %"
fi

# SVG: three stacked panels (RSS MiB, open fds, threads) over time, the two windows shaded, their means drawn.
awk -v D="$duration_s" -F'\t' -v title="warden soak $started_at ($minutes min, commit $commit): $growth_verdict" '
  NR == 1 { next }
  { n++; T[n] = $1; V[1, n] = $2 / 1024; V[2, n] = $3; V[3, n] = $4 }
  END {
    W = 900; PH = 170; L = 70; R = 20; TOP = 40; GAP = 40
    H = TOP + 3 * PH + 2 * GAP + 48
    if (D >= 360) { w0 = 120; w1 = 240; l0 = D - 120 } else { w0 = D * 0.2; w1 = D * 0.4; l0 = D * 0.8 }
    split("RSS (MiB)|open fds|threads", label, "|")
    split("#1f77b4|#d62728|#2ca02c", colour, "|")
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", W, H, W, H
    printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
    printf "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>\n", L, title
    pw = W - L - R
    for (m = 1; m <= 3; m++) {
      y0 = TOP + (m - 1) * (PH + GAP)
      lo = 1e18; hi = -1e18
      for (i = 1; i <= n; i++) { if (V[m, i] < lo) lo = V[m, i]; if (V[m, i] > hi) hi = V[m, i] }
      pad = (hi - lo) * 0.15; if (pad == 0) pad = (hi > 0 ? hi * 0.05 : 1)
      lo -= pad; hi += pad; if (lo < 0) lo = 0
      printf "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#eee\"/>\n", L + w0 / D * pw, y0, (w1 - w0) / D * pw, PH
      printf "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#fde9c8\"/>\n", L + l0 / D * pw, y0, (D - l0) / D * pw, PH
      printf "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>\n", L, y0, pw, PH
      printf "<text x=\"%d\" y=\"%d\" font-weight=\"bold\" fill=\"%s\">%s</text>\n", L + 6, y0 + 15, colour[m], label[m]
      for (k = 0; k <= 4; k++) {
        val = lo + (hi - lo) * k / 4; yy = y0 + PH - PH * k / 4
        printf "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", L, yy, L + pw, yy
        printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.*f</text>\n", L - 6, yy + 4, (m == 1 ? 1 : 0), val
      }
      pts = ""
      ws = 0; wn = 0; ls = 0; ln = 0
      for (i = 1; i <= n; i++) {
        x = L + T[i] / D * pw; if (x > L + pw) x = L + pw
        y = y0 + PH - (V[m, i] - lo) / (hi - lo) * PH
        pts = pts sprintf("%.1f,%.1f ", x, y)
        if (T[i] >= w0 && T[i] < w1) { ws += V[m, i]; wn++ }
        if (T[i] >= l0) { ls += V[m, i]; ln++ }
      }
      printf "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\" points=\"%s\"/>\n", colour[m], pts
      if (wn > 0) { wy = y0 + PH - (ws / wn - lo) / (hi - lo) * PH; printf "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>\n", L + w0 / D * pw, wy, L + w1 / D * pw, wy }
      if (ln > 0) { ly = y0 + PH - (ls / ln - lo) / (hi - lo) * PH; printf "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>\n", L + l0 / D * pw, ly, L + pw, ly }
      if (wn > 0 && ln > 0) printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#333\">warm-up mean %.1f, final mean %.1f (%+.2f %%)</text>\n", L + pw - 6, y0 + 15, ws / wn, ls / ln, (ls / ln - ws / wn) / (ws / wn) * 100
    }
    yb = TOP + 3 * PH + 2 * GAP
    for (s = 0; s <= D; s += (D >= 360 ? 60 : (D >= 60 ? 30 : 10))) {
      x = L + s / D * pw
      printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d:%02d</text>\n", x, yb + 16, int(s / 60), s % 60
    }
    printf "<text x=\"%d\" y=\"%d\">time (min:s); grey = warm-up window, orange = final window, dashed = window means</text>\n", L, yb + 36
    printf "</svg>\n"
  }' "$samples" > "$svg"

IFS=$'\t' read -r _ n1 w1 l1 g1 v1 n2 w2 l2 g2 v2 n3 w3 l3 g3 v3 wn ln <<< "$verdict" || true
{
  echo "# Warden soak run, $started_at"
  echo
  echo "**Verdict: $overall** (growth: $growth_verdict; clean stop: $([ "$clean_stop" = 1 ] && echo yes || echo "no, exit $stop_code"); processes left behind: $leftovers)"
  echo
  echo "Rule: $rule. The warden must also stop cleanly on SIGTERM (exit 0) and leave no process behind."
  echo
  echo "| metric | warm-up mean | final mean | growth | verdict |"
  echo "|---|---:|---:|---:|---|"
  awk -v w="$w1" -v l="$l1" -v g="$g1" -v v="$v1" 'BEGIN { printf "| RSS | %.1f MiB | %.1f MiB | %s %% | %s |\n", w / 1024, l / 1024, g, v }'
  echo "| open fds | $w2 | $l2 | $g2 % | $v2 |"
  echo "| threads | $w3 | $l3 | $g3 % | $v3 |"
  echo
  echo "($wn samples in the warm-up window, $ln in the final window.)"
  echo
  echo "![soak chart](soak-$stamp.svg)"
  echo
  echo "## Run"
  echo
  echo "- duration: $minutes min, a sample every $interval s from /proc/<warden>/status (VmRSS, Threads) and /proc/<warden>/fd"
  echo "- built from commit $commit$([ -n "$dirty_files" ] && echo " plus uncommitted changes of other engineers in the shared checkout: $dirty_files")"
  echo "- $(nproc) CPUs; $(uname -sr); load average at start $load_start, at end $load_end (a shared machine: other engineers were building and testing)"
  echo "- config: 200 instances of \`sh -c 'sleep 0.\$((RANDOM % 5 + 1))'\` with restart = always and a 2 s +/-20 % backoff; 4 chatty instances (a line every 20 ms, stderr every 50th, rotation at 1 MiB, exec health every 1 s); 2 \`python3 -m http.server\` with http health every 1 s"
  echo "- processes started by the warden: $spawns (\`started\` events); exits recorded: $exits; fatal events: $fatals"
  echo "- stop: SIGTERM -> exit $stop_code after $stop_ms ms"
  echo
  echo "## Open descriptors by kind"
  echo
  echo "At 40 % of the run:"
  echo
  echo '```'
  cat "$warm_fd_snapshot"
  echo '```'
  echo
  echo "At the end (before the stop):"
  echo
  echo '```'
  cat "$work/fd-end.txt"
  echo '```'
  echo
  echo "## Samples"
  echo
  echo 'Managed heap is `runtime.managedHeapBytes` from /v1/status (not part of the verdict; it tells a managed leak from GC and allocator behaviour); load is the 1-minute load average of the machine.'
  echo
  echo "| t (s) | RSS (MiB) | managed heap (MiB) | open fds | threads | restarts (sum) | instances running | load |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' 'NR > 1 { printf "| %d | %.1f | %.1f | %d | %d | %s | %s | %s |\n", $1, $2 / 1024, $7 / 1024, $3, $4, $5, $6, $8 }' "$samples"
} > "$md"

echo
echo "Rule: $rule"
printf '  %-8s warm-up mean %10s  final mean %10s  growth %7s %%  %s\n' "RSS(kB)" "$w1" "$l1" "$g1" "$v1" "fds" "$w2" "$l2" "$g2" "$v2" "threads" "$w3" "$l3" "$g3" "$v3"
echo "  spawns: $spawns; stop: exit $stop_code after $stop_ms ms; processes left behind: $leftovers"
echo "  wrote $md and $svg"
echo "$overall"
[ "$overall" = PASS ]
