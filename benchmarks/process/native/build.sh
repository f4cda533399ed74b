#!/usr/bin/env bash
# Compiles the benchmark's C programs into OUTDIR (static when libc.a is present, so every child is
# a few pages and loads no shared libraries; the same binaries serve the floor, the warden and
# supervisord, so the comparison is apples to apples).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build.sh OUTDIR}"
mkdir -p "$out"
cc="${CC:-gcc}"
flags=(-O2 -Wall -Wextra -Werror -std=gnu11)
static=(-static)
echo 'int main(void){return 0;}' > "$out/.t.c"
"$cc" "${static[@]}" "$out/.t.c" -o "$out/.t" 2>/dev/null || static=()
rm -f "$out/.t.c" "$out/.t"
for p in crasher sleeper churner beater; do
  "$cc" "${flags[@]}" "${static[@]}" -I"$here" "$here/$p.c" -o "$out/$p"
done
# The floor itself is an ordinary dynamic program.
"$cc" "${flags[@]}" -I"$here" "$here/floor.c" -o "$out/floor"
echo "native: built crasher sleeper churner beater floor in $out (${static[*]:-dynamic})"
