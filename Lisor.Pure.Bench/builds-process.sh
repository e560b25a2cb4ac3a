#!/bin/bash
# Whole processes of two commits side by side, as a user waits for them: builds the native AOT binary of REV (in a
# temporary git worktree) and of the working tree, then runs each of the paper-size commands below with one build
# and the other in turn, --reps times, alternating which goes first, and prints the medians of wall-clock and processor time as Markdown
# (ratio: old ÷ new, above 1 when the working tree is faster). Both builds read and write the same files, so they
# must give the same bytes; the script checks that the outputs of the two builds are identical.
# Commands (task 000, 3 × 10 SRN): data; train (5 epochs); predict (its 500 test strings); extract (default mode,
# 500 validation strings, then the 3000 training strings); classify (the FSA on the test strings).
# Usage: Lisor.Pure.Bench/builds-process.sh REV [--reps 15] [--threads 1]
#   e.g. Lisor.Pure.Bench/builds-process.sh HEAD~1 --reps 15
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
[ $# -ge 1 ] || { echo "error: usage: builds-process.sh REV [--reps N] [--threads N]" >&2; exit 2; }
rev=$1; shift
reps=15 threads=1
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=${2:-}; shift 2 || { echo "error: --reps needs a value" >&2; exit 2; } ;;
    --threads) threads=${2:-}; shift 2 || { echo "error: --threads needs a value" >&2; exit 2; } ;;
    *) echo "error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || { echo "error: --reps takes a positive whole number, not '$reps'" >&2; exit 2; }
[[ "$threads" =~ ^[1-9][0-9]*$ ]] || { echo "error: --threads takes a positive whole number, not '$threads'" >&2; exit 2; }
git rev-parse --verify --quiet "$rev^{commit}" >/dev/null || { echo "error: '$rev' is not a commit" >&2; exit 2; }
work=$(mktemp -d)
trap 'git -C "$repo" worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/old" "$rev" >/dev/null 2>&1
(cd "$work/old" && dotnet publish Lisor.Pure -c Release -r linux-x64 -p:PublishAot=true -o "$work/old-aot" >/dev/null)
dotnet publish Lisor.Pure -c Release -r linux-x64 -p:PublishAot=true -o "$work/new-aot" >/dev/null
echo "whole processes, native AOT; old = $(git rev-parse --short "$rev"), new = working tree on $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Lisor.Pure || echo ' (modified)')"
exec /usr/bin/python3 Lisor.Pure.Bench/builds-process.py --old "$work/old-aot/Lisor.Pure" --new "$work/new-aot/Lisor.Pure" \
  --reps "$reps" --threads "$threads" --work "$work/runs"
