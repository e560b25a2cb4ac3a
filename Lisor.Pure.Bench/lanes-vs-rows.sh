#!/bin/bash
# predict's inference lane-major against row-major (`bench predict --path both`: the two predictors alternated pass
# by pass in one process, one thread), for every lane cell at the paper's 3 × 10 and at the sizes around
# LaneInference.MaxHidden. Prints a Markdown table; "rows ÷ lanes" > 1 means the lane-major pass is faster.
# Usage: Lisor.Pure.Bench/lanes-vs-rows.sh [--passes 40]
set -eu
cd "$(dirname "$0")/.."
passes=40
if [ "${1:-}" = "--passes" ]; then passes="$2"; shift 2; fi
if [ $# -gt 0 ]; then echo "error: unknown option '$1'" >&2; exit 2; fi
dotnet build -c Release Lisor.Pure >/dev/null
lisor="dotnet Lisor.Pure/bin/Release/net10.0/Lisor.Pure.dll"
echo "one thread, $passes passes over 3000 random 0/1 strings per case; load average at start $(cut -d' ' -f1 /proc/loadavg); commit $(git rev-parse --short HEAD)"
echo "| cell | layers × H | lengths | lane-major seq/s | row-major seq/s | rows ÷ lanes (time) |"
echo "|---|---|---|---:|---:|---:|"
run() {  # cell layers hidden min max passes
  local json
  json=$($lisor bench predict --cell "$1" --layers "$2" --hidden "$3" --min-length "$4" --max-length "$5" --passes "$6" \
         --path both --threads 1 --json --quiet | tail -1)
  local lanes rows
  lanes=$(echo "$json" | sed 's/.*"per_second":\([0-9.eE+-]*\).*/\1/')
  rows=$(echo "$json" | sed 's/.*"rows_per_second":\([0-9.eE+-]*\).*/\1/')
  awk -v c="$1" -v l="$2" -v h="$3" -v a="$4" -v b="$5" -v x="$lanes" -v y="$rows" \
    'BEGIN { printf "| %s | %s × %s | %s–%s | %.0f | %.0f | %.2f× |\n", c, l, h, a, b, x, y, x / y }'
}
for cell in srn mgu gru lstm; do run $cell 3 10 5 20 $passes; done
for h in 32 64 128; do for cell in srn lstm; do run $cell 3 $h 5 20 $(( passes * 10 / h > 2 ? passes * 10 / h : 2 )); done; done
for cell in srn lstm; do run $cell 1 64 100 100 $(( passes / 10 > 2 ? passes / 10 : 2 )); done
echo "load average at end $(cut -d' ' -f1 /proc/loadavg)"
