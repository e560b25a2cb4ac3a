#!/bin/bash
# Training on a machine whose cores are all busy with other processes: one busy loop per core (`yes > /dev/null`)
# runs beside `bench train --cell srn --batch 64` (paper size) at 1 and at 2 threads, alternated, --runs times each;
# prints every run's throughput and the medians and minimums. The busy loops are stopped on exit.
# Usage: Lisor.Pure.Bench/loaded-threads.sh [--runs 8] [--passes 60]
set -eu
cd "$(dirname "$0")/.."
runs=8; passes=60
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --passes) passes="$2"; shift 2 ;;
    *) echo "error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
dotnet build -c Release Lisor.Pure >/dev/null
lisor="dotnet Lisor.Pure/bin/Release/net10.0/Lisor.Pure.dll"
hogs=()
trap 'kill "${hogs[@]}" 2>/dev/null || true' EXIT
for _ in $(seq "$(nproc)"); do yes > /dev/null & hogs+=($!); done
sleep 1
echo "$(nproc) busy loops beside us; bench train --cell srn --batch 64 --passes $passes; commit $(git rev-parse --short HEAD)"
echo "| run | 1 thread (seq/s) | 2 threads (seq/s) |"
echo "|---:|---:|---:|"
one=(); two=()
for r in $(seq "$runs"); do
  a=$($lisor bench train --cell srn --batch 64 --passes "$passes" --threads 1 --json --quiet | tail -1 | sed 's/.*"per_second":\([0-9.eE+-]*\).*/\1/')
  b=$($lisor bench train --cell srn --batch 64 --passes "$passes" --threads 2 --json --quiet | tail -1 | sed 's/.*"per_second":\([0-9.eE+-]*\).*/\1/')
  one+=("$a"); two+=("$b")
  printf "| %d | %.0f | %.0f |\n" "$r" "$a" "$b"
done
median() { printf "%s\n" "$@" | sort -g | awk '{v[NR]=$1} END {printf "%.0f", (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
minimum() { printf "%s\n" "$@" | sort -g | head -1 | awk '{printf "%.0f", $1}'; }
echo "| median | $(median "${one[@]}") | $(median "${two[@]}") |"
echo "| minimum | $(minimum "${one[@]}") | $(minimum "${two[@]}") |"
