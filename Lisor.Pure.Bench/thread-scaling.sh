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
# A VM's cores need not run at one speed (on the 2-core VM of 2026-12-07 one ran at 0.63–0.77× the other's speed for
# minutes at a time, and two threads then go no faster than twice the slower one), so each rep also runs the 1-thread
# workload pinned to each of the first two CPUs alone (taskset, where it exists) and the table gives the slower of the two
# ÷ the faster; the reps' raw figures follow the table.
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

per_second() { tail -1 | sed 's/.*"per_second":\([0-9.eE+-]*\).*/\1/'; }
rate() { $lisor $1 --threads $2 --json --quiet | per_second; }
# the 1-thread rate pinned to CPU $2
rate_on() { taskset -c $2 $lisor $1 --threads 1 --json --quiet | per_second; }
# "rate seconds" of one run
rate_and_time() { $lisor $1 --threads $2 --json --quiet | tail -1 | sed 's/.*"per_second":\([0-9.eE+-]*\).*"seconds":\([0-9.eE+-]*\).*/\1 \2/'; }
num() { awk -v x="$1" 'BEGIN {if (x == "-") print "–"; else if (x >= 1000) printf "%.0f", x; else printf "%.1f", x}'; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

echo "medians of $reps; load average at start $(cut -d' ' -f1 /proc/loadavg); commit $(git rev-parse --short HEAD)"
pin=""; command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ] && pin=yes
echo "| workload | 1 thread | 2 threads | two 1-thread processes (sum) | 2 ÷ 1 | ceiling (pair ÷ 1) | share of the ceiling's gain | ceiling, both running | slower core ÷ faster, alone |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
raw=""
for w in srn lstm kmeans; do
  [ -n "$only" ] && [ "$only" != "$w" ] && continue
  one=(); two=(); pair=(); both=(); cores=()
  for ((r = 0; r < reps; r++)); do
    one+=("$(rate "${work[$w]}" 1)")
    two+=("$(rate "${work[$w]}" 2)")
    a=$(mktemp); b=$(mktemp)
    rate_and_time "${work[$w]}" 1 >"$a" & rate_and_time "${work[$w]}" 1 >"$b"; wait
    pair+=("$(awk '{s += $1} END {print s}' "$a" "$b")")
    both+=("$(awk '{work += $1 * $2; if ($2 > t) t = $2} END {print work / t}' "$a" "$b")"); rm -f "$a" "$b"
    c0=-; c1=-
    if [ -n "$pin" ]; then
      c0=$(rate_on "${work[$w]}" 0); c1=$(rate_on "${work[$w]}" 1)
      cores+=("$(awk -v x="$c0" -v y="$c1" 'BEGIN {print (x < y ? x / y : y / x)}')")
    fi
    raw+="$w rep $((r + 1)): 1 thread $(num "${one[$r]}"), 2 threads $(num "${two[$r]}"), pair $(num "${pair[$r]}"), cpu 0 alone $(num "$c0"), cpu 1 alone $(num "$c1")"$'\n'
  done
  m1=$(printf '%s\n' "${one[@]}" | median); m2=$(printf '%s\n' "${two[@]}" | median); mp=$(printf '%s\n' "${pair[@]}" | median)
  mb=$(printf '%s\n' "${both[@]}" | median)
  mc=-; [ ${#cores[@]} -gt 0 ] && mc=$(printf '%s\n' "${cores[@]}" | median)
  awk -v l="${label[$w]}" -v a="$m1" -v b="$m2" -v p="$mp" -v q="$mb" -v c="$mc" \
    'function f(x) { return x >= 1000 ? sprintf("%.0f", x) : sprintf("%.1f", x) }
     BEGIN {printf "| %s | %s | %s | %s | %.2f× | %.2f× | %.0f %% | %.2f× | %s |\n", l, f(a), f(b), f(p), b / a, p / a, 100 * (b / a - 1) / (p / a - 1), q / a, c == "-" ? "–" : sprintf("%.2f", c)}'
done
printf '\nper rep (per second):\n%s' "$raw"
echo "load average at end $(cut -d' ' -f1 /proc/loadavg)"
