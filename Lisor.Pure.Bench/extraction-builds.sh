#!/bin/bash
# The default extraction's in-process time, two commits side by side: builds REV (in a temporary git worktree) and the
# working tree, trains models of Tomita 3, 5, 6 and 7 (`data --task tomitaN`, `train --cell srn|gru --epochs 8`, seed
# 1: some exact, some not regular within the budget, where state merging does most of the work), then runs
# `extraction-table speed` on their validation strings with each build in turn, --reps times, alternating which goes
# first, on all cores as a user runs it (the extraction tries its k in parallel: pinned to one CPU, its threads take
# turns on it and the timings mix in the scheduler's), and prints each run's warm medians (wall seconds) and whether
# the two builds wrote the same FSA for every model (`extract` with the defaults, compared by cmp).
# Usage: Lisor.Pure.Bench/extraction-builds.sh REV [--reps 3]
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
[ $# -ge 1 ] || { echo "error: usage: extraction-builds.sh REV [--reps N]" >&2; exit 2; }
rev=$1; shift
reps=3
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=$2; shift 2 ;;
    *) echo "error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || { echo "error: --reps takes a positive whole number, not '$reps'" >&2; exit 2; }
git rev-parse --verify --quiet "$rev^{commit}" >/dev/null || { echo "error: '$rev' is not a commit" >&2; exit 2; }
work=$(mktemp -d)
trap 'git -C "$repo" worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q --detach "$work/old" "$rev"
dotnet build -c Release "$work/old/Lisor.Pure.Bench" >/dev/null
dotnet build -c Release "$repo/Lisor.Pure.Bench" >/dev/null
lisor="dotnet $repo/Lisor.Pure/bin/Release/net10.0/Lisor.Pure.dll"
cd "$work"
models=()
for n in 3 5 6 7; do
  $lisor data --task tomita$n --out tomita$n --quiet >/dev/null
  for c in srn gru; do
    $lisor train --train tomita$n/train.tsv --valid tomita$n/valid.tsv --cell $c --epochs 8 --out tomita$n/$c.lisor --quiet >/dev/null
    models+=(tomita$n $c.lisor)
  done
done
echo "REV $(git -C "$repo" rev-parse --short "$rev") (old) against the working tree at $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet || echo ' + changes') (new); load average $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "Warm median wall seconds of \`extraction-table speed\` (7 warm calls after a first; the default extraction, 500 validation strings; $(nproc) cores):"
echo
header="| run | build |"; rule="|---|---|"
for ((i = 0; i < ${#models[@]}; i += 2)); do header+=" ${models[i]} ${models[i+1]%.lisor} |"; rule+="---:|"; done
echo "$header"; echo "$rule"
for ((r = 1; r <= reps; r++)); do
  order="old new"; [ $((r % 2)) -eq 0 ] && order="new old"
  for b in $order; do
    bench="dotnet $work/old/Lisor.Pure.Bench/bin/Release/net10.0/Lisor.Pure.Bench.dll"
    [ $b = new ] && bench="dotnet $repo/Lisor.Pure.Bench/bin/Release/net10.0/Lisor.Pure.Bench.dll"
    row="| $r | $b |"
    while IFS= read -r line; do
      row+=" $(echo "$line" | awk -F'|' '{split($7, m, "/"); gsub(/ /, "", m[1]); print m[1]}') |"
    done < <($bench extraction-table speed "${models[@]}" 2>/dev/null | grep '^| tomita')
    echo "$row"
  done
done
echo
same=0; differ=""
for ((i = 0; i < ${#models[@]}; i += 2)); do
  d=${models[i]}; m=${models[i+1]}
  dotnet "$work/old/Lisor.Pure/bin/Release/net10.0/Lisor.Pure.dll" extract --model $d/$m --data $d/valid.tsv --out old.json --quiet >/dev/null 2>&1
  $lisor extract --model $d/$m --data $d/valid.tsv --out new.json --quiet >/dev/null 2>&1
  if cmp -s old.json new.json; then same=$((same + 1)); else differ+=" $d/$m"; fi
done
echo "same FSA file from both builds: $same of $(( ${#models[@]} / 2 ))${differ:+; different:$differ}"
