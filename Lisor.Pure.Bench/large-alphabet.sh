#!/bin/bash
# Extraction on a text model's alphabet (thousands of words): wall time and peak memory of `extract` with L* (a time
# limit of 3 s) and in mode auto (50 and all 857 validation e-mails), and the default (mode text), for this build and,
# with --old REV, a build of REV side by side (run one after the other, case by case), and whether both wrote the
# same FSA. The model: the shipped spam corpus, a GRU of 1 × 16 with an embedding of 16, two epochs, seed 1.
# Usage: Lisor.Pure.Bench/large-alphabet.sh [--old REV] [--timeout SECONDS (300)] [--work DIR]
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
old=""; limit=300; work=$(mktemp -d)
while [ $# -gt 0 ]; do
  case "$1" in
    --old) old="$2"; shift 2 ;;
    --timeout) limit="$2"; shift 2 ;;
    --work) work="$2"; mkdir -p "$work"; shift 2 ;;
    *) echo "error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
dotnet build -c Release Lisor.Pure >/dev/null
new="dotnet $root/Lisor.Pure/bin/Release/net10.0/Lisor.Pure.dll"
builds="new"
if [ -n "$old" ]; then
  git worktree add -q --detach "$work/old-src" "$old"
  dotnet build -c Release "$work/old-src/Lisor.Pure" >/dev/null
  builds="new old"
fi
run_of() { if [ "$1" = new ]; then echo "$new"; else echo "dotnet $work/old-src/Lisor.Pure/bin/Release/net10.0/Lisor.Pure.dll"; fi; }
cd "$work"
$new data --spam --out spam --quiet
head -50 spam/valid.tsv > valid50.tsv
$new train --train spam/train.tsv --valid spam/valid.tsv --cell gru --embed 16 --hidden 16 --layers 1 --epochs 2 --out m.lisor --quiet
echo "commit $(git -C "$root" rev-parse --short HEAD)${old:+, against $old}; $(nproc) cores; timeout ${limit} s"
echo
echo "| case | build | wall s | peak RSS MB | states | alphabet |"
echo "|---|---|---:|---:|---:|---:|"
declare -A args=(
  [lstar]="--data spam/valid.tsv --method lstar --time-limit 3"
  [auto50]="--data valid50.tsv --mode auto"
  [auto857]="--data spam/valid.tsv --mode auto"
  [text]="--data spam/valid.tsv"
)
for c in lstar auto50 auto857 text; do
  for b in $builds; do
    lisor=$(run_of $b)
    rm -f "$c-$b.json"
    /usr/bin/time -f "%e %M" -o time.txt timeout "$limit" $lisor extract --model m.lisor ${args[$c]} --out "$c-$b.json" --quiet >/dev/null 2>err.txt || true
    read -r wall rss < <(tail -1 time.txt)
    if [ -f "$c-$b.json" ]; then
      # "FSA F: N states, T transitions, |Σ| = S"
      read -r n sigma < <($new classify --fsa "$c-$b.json" --data valid50.tsv 2>&1 | sed -n 's/^FSA [^:]*: \([0-9]*\) states.*|Σ| = \([0-9]*\).*/\1 \2/p' | head -1)
    else n="(killed at ${limit} s)"; sigma=""; fi
    echo "| extract ${args[$c]} | $b | $wall | $((rss / 1024)) | $n | $sigma |"
  done
  if [ -n "$old" ] && [ -f "$c-new.json" ] && [ -f "$c-old.json" ]; then
    cmp -s "$c-new.json" "$c-old.json" && echo "| (same FSA file from both builds) | | | | | |" || echo "| (the two builds wrote different FSAs) | | | | | |"
  fi
done
[ -n "$old" ] && git -C "$root" worktree remove --force "$work/old-src"
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
