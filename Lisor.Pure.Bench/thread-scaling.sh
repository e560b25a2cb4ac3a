#!/bin/bash
# Two threads against one, next to what this machine gives two independent single-thread processes.
# For each workload, in rotation, --reps times:
#   one    `bench … --threads 1` alone
#   two    `bench … --threads 2` alone
#   pair   two `bench … --threads 1` processes started together (their throughputs summed)
# and prints medians as a Markdown table: 2 ÷ 1 (two / one) and the machine's ceiling for it (pair / one:
# the speed-up two cores give two jobs that share nothing) and the share of that gain two threads get,
# (2 ÷ 1 − 1) / (ceiling − 1). A 2 ÷ 1 well below the ceiling is our threading's
# loss; a ceiling well below 2 is the machine's (shared caches and memory, a busy or throttled second core).
# The summed throughputs overstate the pair when one process finishes first (the other then has the machine to
# itself), so the table also gives the pair's work divided by the longer of its two measured times ("both
# running"), which understates it when the two measured spans do not start together; the truth lies between.
# Usage: Lisor.Pure.Bench/thread-scaling.sh [--reps 5] [--only srn|lstm|kmeans]
set -eu
cd "$(dirname "$0")/.."
reps=5; only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) echo "error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
dotnet build -c Release Lisor.Pure >/dev/null
lisor="dotnet Lisor.Pure/bin/Release/net10.0/Lisor.Pure.dll"

declare -A work=(
  [srn]="bench train --cell srn --batch 64 --passes 100"
  [lstm]="bench train --cell lstm --hidden 256 --layers 1 --length 100 --batch 64 --sequences 256 --passes 2"
  [kmeans]="bench kmeans --points 200000 --dim 64 --clusters 64 --max-iterations 50"
)
declare -A label=(
  [srn]="training SRN 3 × 10, batch 64 (sequences/s)"
  [lstm]="training LSTM 1 × 256, length 100, batch 64 (sequences/s)"
  [kmeans]="k-means 200 000 × 64, k = 64, 50 iterations (point-iterations/s)"
)

rate() { $lisor $1 --threads $2 --json --quiet | tail -1 | sed 's/.*"per_second":\([0-9.eE+-]*\).*/\1/'; }
# "rate seconds" of one run
rate_and_time() { $lisor $1 --threads $2 --json --quiet | tail -1 | sed 's/.*"per_second":\([0-9.eE+-]*\).*"seconds":\([0-9.eE+-]*\).*/\1 \2/'; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

echo "medians of $reps; load average at start $(cut -d' ' -f1 /proc/loadavg); commit $(git rev-parse --short HEAD)"
echo "| workload | 1 thread | 2 threads | two 1-thread processes (sum) | 2 ÷ 1 | ceiling (pair ÷ 1) | share of the ceiling's gain | ceiling, both running |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for w in srn lstm kmeans; do
  [ -n "$only" ] && [ "$only" != "$w" ] && continue
  one=(); two=(); pair=(); both=()
  for ((r = 0; r < reps; r++)); do
    one+=("$(rate "${work[$w]}" 1)")
    two+=("$(rate "${work[$w]}" 2)")
    a=$(mktemp); b=$(mktemp)
    rate_and_time "${work[$w]}" 1 >"$a" & rate_and_time "${work[$w]}" 1 >"$b"; wait
    pair+=("$(awk '{s += $1} END {print s}' "$a" "$b")")
    both+=("$(awk '{work += $1 * $2; if ($2 > t) t = $2} END {print work / t}' "$a" "$b")"); rm -f "$a" "$b"
  done
  m1=$(printf '%s\n' "${one[@]}" | median); m2=$(printf '%s\n' "${two[@]}" | median); mp=$(printf '%s\n' "${pair[@]}" | median)
  mb=$(printf '%s\n' "${both[@]}" | median)
  awk -v l="${label[$w]}" -v a="$m1" -v b="$m2" -v p="$mp" -v q="$mb" \
    'function f(x) { return x >= 1000 ? sprintf("%.0f", x) : sprintf("%.1f", x) }
     BEGIN {printf "| %s | %s | %s | %s | %.2f× | %.2f× | %.0f %% | %.2f× |\n", l, f(a), f(b), f(p), b / a, p / a, 100 * (b / a - 1) / (p / a - 1), q / a}'
done
echo "load average at end $(cut -d' ' -f1 /proc/loadavg)"
