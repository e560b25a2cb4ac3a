#!/bin/bash
# Whole processes of two commits side by side, as a user waits for them: builds the native AOT binary of REV (in a
# temporary git worktree) and of the working tree, then runs each of the paper-size commands below with one build
# and the other in turn, --reps times, alternating which goes first, and prints the medians of wall-clock and processor time as Markdown
# (ratio: old ÷ new, above 1 when the working tree is faster). Both builds read and write the same files, so they
# must give the same bytes; the script checks that the outputs of the two builds are identical.
# Commands (task 000, 3 × 10 SRN): data; train (5 epochs); predict (its 500 test strings); extract (default mode,
# 500 validation strings, then the 3000 training strings); classify (the FSA on the test strings).
# With --predict STRINGS, instead: `predict --json` on STRINGS training strings of task 000 with a 3 × 10 model per
# cell of --cells (one epoch, made by the new build: the weights do not change the time), the medians of the inference
# alone (`rnn_seconds`: encoding, the forward passes, softmax) and of the whole process, and the predictions compared.
# --native-cpu compiles both builds for this CPU (-p:IlcInstructionSet=native, as sidebyside-predict.sh --native-cpu
# does: on a CPU with 512-bit vectors the code that takes them), else both are built for the default instruction set.
# Usage: Lisor.Pure.Bench/builds-process.sh REV [--reps 15] [--threads 1] [--native-cpu] [--predict STRINGS [--cells srn,mgu,gru,lstm]]
#   (--strings is --predict; a later option overrides an earlier one)
#   e.g. Lisor.Pure.Bench/builds-process.sh HEAD~1 --reps 15
#        Lisor.Pure.Bench/builds-process.sh HEAD~1 --reps 11 --predict 30000
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
[ $# -ge 1 ] || { echo "error: usage: builds-process.sh REV [--reps N] [--threads N] [--predict STRINGS [--cells LIST]]" >&2; exit 2; }
rev=$1; shift
reps=15 threads=1 predict="" cells="" isa=()
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=${2:-}; shift 2 || { echo "error: --reps needs a value" >&2; exit 2; } ;;
    --threads) threads=${2:-}; shift 2 || { echo "error: --threads needs a value" >&2; exit 2; } ;;
    --predict|--strings) predict=${2:-}; shift 2 || { echo "error: $1 needs a value" >&2; exit 2; } ;;
    --cells) cells=${2:-}; shift 2 || { echo "error: --cells needs a value" >&2; exit 2; } ;;
    --native-cpu) isa=(-p:IlcInstructionSet=native); shift ;;
    *) echo "error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || { echo "error: --reps takes a positive whole number, not '$reps'" >&2; exit 2; }
[[ "$threads" =~ ^[1-9][0-9]*$ ]] || { echo "error: --threads takes a positive whole number, not '$threads'" >&2; exit 2; }
mode=()
if [ -n "$predict" ]; then
  [[ "$predict" =~ ^[1-9][0-9]*$ ]] || { echo "error: --predict takes a positive whole number of strings, not '$predict'" >&2; exit 2; }
  cells=${cells:-srn,mgu,gru,lstm}
  [[ "$cells" =~ ^(srn|mgu|gru|lstm)(,(srn|mgu|gru|lstm))*$ ]] || { echo "error: --cells takes srn, mgu, gru or lstm, comma-separated, not '$cells'" >&2; exit 2; }
  mode=(--predict "$predict" --cells "$cells")
elif [ -n "$cells" ]; then
  echo "error: --cells goes with --predict" >&2; exit 2
fi
git rev-parse --verify --quiet "$rev^{commit}" >/dev/null || { echo "error: '$rev' is not a commit" >&2; exit 2; }
work=$(mktemp -d)
trap 'git -C "$repo" worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/old" "$rev" >/dev/null 2>&1
(cd "$work/old" && dotnet publish Lisor.Pure -c Release -r linux-x64 -p:PublishAot=true "${isa[@]}" -o "$work/old-aot" >/dev/null)
dotnet publish Lisor.Pure -c Release -r linux-x64 -p:PublishAot=true "${isa[@]}" -o "$work/new-aot" >/dev/null
echo "$([ -n "$predict" ] && echo predict || echo whole processes), native AOT$([ ${#isa[@]} -gt 0 ] && echo ' for this CPU'); old = $(git rev-parse --short "$rev"), new = working tree on $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Lisor.Pure || echo ' (modified)')"
# (not exec: the trap above must run when the runs end, or the worktree and both builds stay behind)
/usr/bin/python3 Lisor.Pure.Bench/builds-process.py --old "$work/old-aot/Lisor.Pure" --new "$work/new-aot/Lisor.Pure" \
  --reps "$reps" --threads "$threads" --work "$work/runs" "${mode[@]}"
