#!/bin/bash
# `predict` of two commits side by side at paper size: `builds-process.sh REV --predict STRINGS` (native AOT builds of
# REV and of the working tree, `predict --json` on task 000's strings alternated, the medians of the inference alone and
# of the whole process, the predictions compared byte for byte) with this script's defaults, 11 reps of 30 000 strings;
# options as builds-process.sh takes them, --strings for --predict.
# Usage: Lisor.Pure.Bench/builds-predict.sh REV [--reps 11] [--strings 30000] [--cells srn,mgu,gru,lstm] [--threads 1] [--native-cpu]
#   e.g. Lisor.Pure.Bench/builds-predict.sh HEAD~1 --reps 11 --strings 30000
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "error: usage: builds-predict.sh REV [--reps N] [--strings N] [--cells LIST] [--threads N]" >&2; exit 2; }
rev=$1; shift
exec Lisor.Pure.Bench/builds-process.sh "$rev" --reps 11 --predict 30000 "$@"
