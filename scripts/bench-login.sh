#!/usr/bin/env bash
# Times whole `kakaologin login --mock` processes: builds the binary, runs
# it N times (default 50) and prints the median and the 90th percentile
# wall time in milliseconds. Usage: scripts/bench-login.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-50}"
bin=$(mktemp -d)/kakaologin
CGO_ENABLED=0 go build -o "$bin" .
"$bin" login --mock >/dev/null # warm the page cache
times=()
for _ in $(seq "$n"); do
  start=$(date +%s%N)
  "$bin" login --mock >/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
median=${sorted[$(( n / 2 ))]}
p90=${sorted[$(( n * 9 / 10 ))]}
printf 'login --mock over %d runs: median %d.%03d ms, p90 %d.%03d ms\n' "$n" \
  $((median / 1000)) $((median % 1000)) $((p90 / 1000)) $((p90 % 1000))
