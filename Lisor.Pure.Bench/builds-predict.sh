#!/bin/bash
# `predict` of two commits side by side at paper size: builds the native AOT binary of REV (in a temporary git worktree)
# and of the working tree, makes task 000's data (`data --train STRINGS`) and a 3 × 10 model per cell (one epoch, with
# the new build: the weights do not change the time), then runs `predict --json` on the training strings with one
# build and the other in turn, --reps times, alternating which goes first. Prints the medians of the inference alone
# (`rnn_seconds`: encoding, the forward passes, softmax) and of the whole process, old ÷ new (above 1 when the working
# tree is faster), and checks that both builds wrote the same predictions, byte for byte.
# Usage: Lisor.Pure.Bench/builds-predict.sh REV [--reps 11] [--strings 30000] [--cells srn,mgu,gru,lstm] [--threads 1]
#   e.g. Lisor.Pure.Bench/builds-predict.sh HEAD~1 --reps 11 --strings 30000
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
[ $# -ge 1 ] || { echo "error: usage: builds-predict.sh REV [--reps N] [--strings N] [--cells LIST] [--threads N]" >&2; exit 2; }
rev=$1; shift
reps=11 strings=30000 cells=srn,mgu,gru,lstm threads=1
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=${2:-}; shift 2 || { echo "error: --reps needs a value" >&2; exit 2; } ;;
    --strings) strings=${2:-}; shift 2 || { echo "error: --strings needs a value" >&2; exit 2; } ;;
    --cells) cells=${2:-}; shift 2 || { echo "error: --cells needs a value" >&2; exit 2; } ;;
    --threads) threads=${2:-}; shift 2 || { echo "error: --threads needs a value" >&2; exit 2; } ;;
    *) echo "error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
for v in "$reps" "$strings" "$threads"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "error: --reps, --strings and --threads take positive whole numbers, not '$v'" >&2; exit 2; }
done
[[ "$cells" =~ ^(srn|mgu|gru|lstm)(,(srn|mgu|gru|lstm))*$ ]] || { echo "error: --cells takes srn, mgu, gru or lstm, comma-separated, not '$cells'" >&2; exit 2; }
git rev-parse --verify --quiet "$rev^{commit}" >/dev/null || { echo "error: '$rev' is not a commit" >&2; exit 2; }
work=$(mktemp -d)
trap 'git -C "$repo" worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/old" "$rev" >/dev/null 2>&1
(cd "$work/old" && dotnet publish Lisor.Pure -c Release -r linux-x64 -p:PublishAot=true -o "$work/old-aot" >/dev/null)
dotnet publish Lisor.Pure -c Release -r linux-x64 -p:PublishAot=true -o "$work/new-aot" >/dev/null
echo "predict, native AOT; old = $(git rev-parse --short "$rev"), new = working tree on $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Lisor.Pure || echo ' (modified)')"
exec /usr/bin/python3 Lisor.Pure.Bench/builds-predict.py --old "$work/old-aot/Lisor.Pure" --new "$work/new-aot/Lisor.Pure" \
  --reps "$reps" --strings "$strings" --cells "$cells" --threads "$threads" --work "$work/runs"
