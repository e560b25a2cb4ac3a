#!/bin/bash
# `predict` on one thread against two (the default on a 2-core machine), cell by cell and size by size: the native
# binary of the working tree (or of --rev REV), one-epoch models of task 000 (trained on 3000 strings; the weights do not change the time),
# `predict --json --threads 1` and `--threads 2` alternated on task 000's training strings, the medians of the inference
# alone (`rnn_seconds`) and of the whole process, and the work of a batch of 1024 lines as LaneInference.PartsFrom
# counts it (its symbols × the cells' parameters: `train --json`'s parameters less the output layer's H · C + C).
# Usage: Lisor.Pure.Bench/predict-threads.sh [--reps 5] [--strings 3000,30000] [--models srn:10,lstm:10,...] [--rev REV] [--native-cpu]
#   a model is CELL:H (3 layers); --native-cpu builds for this CPU (AVX-512 where it has it), as the side-by-side scripts do.
set -eu
cd "$(dirname "$0")/.."
reps=5; strings=3000,30000; native=""; rev=""
models=srn:10,mgu:10,gru:10,lstm:10,lstm:16,srn:32,mgu:32,gru:32,srn:48,lstm:32,srn:64,lstm:64
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --strings) strings="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --rev) rev="$2"; shift 2 ;;
    --native-cpu) native="-p:IlcInstructionSet=native"; shift ;;
    *) echo "error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
dir=$(mktemp -d)
src=.; built="the working tree ($(git rev-parse --short HEAD)$(git diff --quiet || echo ', modified'))"
if [ -n "$rev" ]; then
  git worktree add -q --detach "$dir/src" "$rev"
  src="$dir/src"; built="$(git rev-parse --short "$rev")"
fi
trap 'if [ -n "$rev" ]; then git worktree remove --force "$dir/src"; fi; rm -rf "$dir"' EXIT
dotnet publish "$src/Lisor.Pure" -c Release -r linux-x64 -p:PublishAot=true $native -o "$dir/bin" >/dev/null
bin="$dir/bin/Lisor.Pure"
"$bin" data --task 000 --out "$dir/t3000" --train 3000 --quiet >/dev/null
for n in ${strings//,/ }; do [ -d "$dir/t$n" ] || "$bin" data --task 000 --out "$dir/t$n" --train "$n" --quiet >/dev/null; done
declare -A work
for m in ${models//,/ }; do
  cell=${m%%:*}; h=${m##*:}
  p=$("$bin" train --train "$dir/t3000/train.tsv" --valid "$dir/t3000/valid.tsv" --cell "$cell" --hidden "$h" --layers 3 \
      --epochs 1 --out "$dir/$cell-$h.lisor" --quiet --json | tail -1 | sed 's/.*"parameters":\([0-9]*\).*/\1/')
  work[$m]=$(( (p - 2 * h - 2) * 1024 ))   # per symbol of a batch of 1024 lines (× mean length below)
done
echo "predict, native AOT of $built$([ -n "$native" ] && echo ' for this CPU'); medians of $reps; load average at start $(cut -d' ' -f1 /proc/loadavg)"
echo "| strings | model | work per batch (M) | 1 thread: inference ms | 2 threads: inference ms | 1 ÷ 2 | 1 thread: process ms | 2 threads: process ms | 1 ÷ 2 |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
for n in ${strings//,/ }; do
  mean=$(awk -F'\t' '{s += split($2, a, " ")} END {print s / NR}' "$dir/t$n/train.tsv")
  for m in ${models//,/ }; do
    cell=${m%%:*}; h=${m##*:}
    : > "$dir/r1"; : > "$dir/r2"; : > "$dir/w1"; : > "$dir/w2"
    for r in $(seq 1 "$reps"); do
      for t in 1 2; do
        start=$(date +%s%N)
        "$bin" predict --model "$dir/$cell-$h.lisor" --data "$dir/t$n/train.tsv" --out "$dir/out.tsv" --threads $t --quiet --json \
          | tail -1 | sed 's/.*"rnn_seconds":\([0-9.eE-]*\).*/\1/' >> "$dir/r$t"
        echo $(( ($(date +%s%N) - start) / 1000 )) >> "$dir/w$t"
        rm -f "$dir/out.tsv"
      done
    done
    a=$(median < "$dir/r1"); b=$(median < "$dir/r2"); c=$(median < "$dir/w1"); d=$(median < "$dir/w2")
    awk -v n="$n" -v m="3 × ${h} ${cell}" -v w="${work[$m]}" -v mean="$mean" -v a="$a" -v b="$b" -v c="$c" -v d="$d" 'BEGIN {
      printf "| %d | %s | %.0f | %.2f | %.2f | %.2f× | %.1f | %.1f | %.2f× |\n", n, m, w * mean / 1e6, a * 1000, b * 1000, a / b, c / 1000, d / 1000, c / d }'
  done
done
echo "load average at end $(cut -d' ' -f1 /proc/loadavg)"
