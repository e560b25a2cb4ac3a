#!/bin/bash
# One `bench` figure of two commits side by side: builds REV (in a temporary git worktree) and the working tree,
# then runs the same `bench ... --json` with each build in turn, --reps times, alternating which goes first, and
# prints every run and the medians as Markdown. For a change that should only make things faster: the ratio is
# new ÷ old throughput.
# Usage: Lisor.Pure.Bench/builds-alternated.sh REV [--reps 5] -- BENCH-ARGS...
#   e.g. Lisor.Pure.Bench/builds-alternated.sh HEAD~1 --reps 5 -- predict --cell lstm --threads 1
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
[ $# -ge 1 ] || { echo "error: usage: builds-alternated.sh REV [--reps N] -- BENCH-ARGS..." >&2; exit 2; }
rev=$1; shift
reps=5
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "error: no bench arguments after '--'" >&2; exit 2; }
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || { echo "error: --reps takes a positive whole number, not '$reps'" >&2; exit 2; }
git rev-parse --verify --quiet "$rev^{commit}" >/dev/null || { echo "error: '$rev' is not a commit" >&2; exit 2; }
work=$(mktemp -d)
trap 'git -C "$repo" worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/old" "$rev" >/dev/null 2>&1
(cd "$work/old" && dotnet build -c Release Lisor.Pure >/dev/null)
dotnet build -c Release Lisor.Pure >/dev/null
old="$work/old/Lisor.Pure/bin/Release/net10.0/Lisor.Pure.dll"
new="$repo/Lisor.Pure/bin/Release/net10.0/Lisor.Pure.dll"
rate() {
  local out
  out=$(dotnet "$1" bench "${@:2}" --json --quiet 2>&1 | tail -1)
  [[ "$out" == *'"per_second":'* ]] || { echo "error: bench ${*:2} gave no figure: $out" >&2; exit 1; }
  echo "$out" | sed 's/.*"per_second":\([0-9.eE+-]*\).*/\1/'
}
echo "bench $*; old = $(git rev-parse --short "$rev"), new = working tree on $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Lisor.Pure || echo ' (modified)'); load average at start $(cut -d' ' -f1 /proc/loadavg)"
echo "| run | old per second | new per second |"
echo "|---:|---:|---:|"
olds=() news=()
for ((i = 1; i <= reps; i++)); do
  if (( i % 2 )); then o=$(rate "$old" "$@"); n=$(rate "$new" "$@"); else n=$(rate "$new" "$@"); o=$(rate "$old" "$@"); fi
  olds+=("$o"); news+=("$n")
  printf '| %d | %.1f | %.1f |\n' "$i" "$o" "$n"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mo=$(median "${olds[@]}"); mn=$(median "${news[@]}")
awk -v a="$mo" -v b="$mn" 'BEGIN { printf "| median | %.1f | %.1f |\nnew ÷ old (medians): %.2f×\n", a, b, b / a }'
echo "load average at end $(cut -d' ' -f1 /proc/loadavg)"
