#!/bin/sh
# The native AOT binary against the JIT build (the program `dotnet build` makes).
# 1. Publishes the native binary (unless --native PATH) and fails on any trimming or AOT warning.
# 2. Runs the same commands with each build in its own folder: demo, data, train, extract (JSON, DOT,
#    SVG; default and paper mode), predict (labelled and unlabelled) and classify; then compares every
#    file they wrote byte for byte, and their stdout once times are masked (wall-clock differs).
# 3. Unless --no-timing: start-up side by side, alternated rounds, medians of wall-clock seconds:
#    `--version`, `check`, `demo`, and a paper-size `train` (tomita4, LSTM 3 × 10, up to 60 epochs).
# Exits 1 when any output differs. Usage:
#   Lisor.Pure.Bench/native-identical.sh [--native PATH] [--rounds N] [--no-timing] [--keep DIR]
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
native="" rounds=5 timing=1 keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --native) native=$(realpath "$2"); shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --no-timing) timing=0; shift ;;
        --keep) keep=$2; shift 2 ;;
        *) echo "error: unknown option '$1'" >&2; exit 2 ;;
    esac
done
work=${keep:-$(mktemp -d)}
mkdir -p "$work"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT

dotnet build -c Release Lisor.Pure >/dev/null
jit="$repo/Lisor.Pure/bin/Release/net10.0/Lisor.Pure"
if [ -z "$native" ]; then
    dotnet publish Lisor.Pure -c Release -r linux-x64 -p:PublishAot=true -o "$work/publish" >"$work/publish.log" 2>&1 \
        || { tail -20 "$work/publish.log"; exit 1; }
    warnings=$(grep -cE "warning (IL|CS)[0-9]+" "$work/publish.log" || true)
    echo "native publish: $warnings trimming/AOT/compiler warnings"
    [ "$warnings" -eq 0 ] || { grep -E "warning (IL|CS)[0-9]+" "$work/publish.log" | sort -u; exit 1; }
    native="$work/publish/Lisor.Pure"
fi

# The same commands with one build, in folder $2.
commands() {
    bin=$1; dir=$2
    mkdir -p "$dir" && cd "$dir"
    "$bin" demo --out demo --quiet >demo.out
    "$bin" data --task tomita4 --out t4 --quiet >data.out
    "$bin" train --train t4/train.tsv --valid t4/valid.tsv --test t4/test.tsv --cell lstm --out t4/model.lisor --epochs 15 --quiet >train.out
    "$bin" extract --model t4/model.lisor --data t4/valid.tsv --test t4/test.tsv --out t4/fsa.json --dot t4/fsa.dot --svg t4/fsa.svg --quiet >extract.out
    "$bin" extract --model t4/model.lisor --data t4/valid.tsv --mode paper --clusters 6 --out t4/fsa-paper.json --svg t4/fsa-paper.svg --quiet >extract-paper.out
    cut -f2 demo/test.tsv >unlabelled.txt
    "$bin" predict --model demo/model.lisor --fsa demo/fsa-minimal.json,demo/fsa.json --data unlabelled.txt --out predict-unlabelled.tsv --quiet >predict-unlabelled.out
    "$bin" predict --model t4/model.lisor --fsa t4/fsa.json --data t4/test.tsv --out predict.tsv --json --quiet >predict.out
    "$bin" classify --fsa t4/fsa.json,t4/fsa-paper.json --model t4/model.lisor --data t4/test.tsv --predictions classify.tsv --quiet >classify.out
    cd "$repo"
}
commands "$jit" "$work/jit"
commands "$native" "$work/native"

# Wall-clock times in stdout ("in 0.9 s", "5306 sequences/s", "seconds": 1.2) are masked before comparing.
mask() { sed -E 's/[0-9]+(\.[0-9]+)? ?(s|ms)\b/<time>/g; s/[0-9]+ sequences\/s/<rate>/g; s/"[a-z_]*seconds?": ?[0-9.eE+-]+/"<seconds>"/g' "$1"; }
files=0 differ=0
for f in $(cd "$work/jit" && find . -type f | sort); do
    files=$((files + 1))
    case "$f" in
        *.out|*/report.md)
            mask "$work/jit/$f" >"$work/masked-jit"; mask "$work/native/$f" >"$work/masked-native"
            if ! cmp -s "$work/masked-jit" "$work/masked-native"; then
                echo "differs (times masked): $f"; differ=$((differ + 1))
            fi ;;
        *)
            if ! cmp -s "$work/jit/$f" "$work/native/$f"; then echo "differs: $f"; differ=$((differ + 1)); fi ;;
    esac
done
echo "compared $files files written by demo, data, train, extract, predict and classify: $differ differ"
[ "$differ" -eq 0 ] || exit 1

[ "$timing" -eq 1 ] || exit 0
cd "$work"
"$jit" data --task tomita4 --out paper --quiet >/dev/null
seconds() { /usr/bin/time -f %e -o "$work/t" "$@" >/dev/null 2>&1; cat "$work/t"; }
for r in $(seq "$rounds"); do
    for flavour in jit native; do
        eval "bin=\$$flavour"
        echo "$flavour version $(seconds "$bin" --version)"
        echo "$flavour check $(seconds "$bin" check)"
        echo "$flavour demo $(seconds "$bin" demo --out "demo-$flavour" --quiet)"
        echo "$flavour train $(seconds "$bin" train --train paper/train.tsv --valid paper/valid.tsv --cell lstm --out "m-$flavour.lisor" --quiet)"
    done
done >"$work/times"
echo "start-up, $rounds alternated rounds, median wall-clock seconds (load average: $(cut -d' ' -f1 /proc/loadavg))"
echo "| command | JIT | native AOT |"
echo "| --- | ---: | ---: |"
for c in version check demo train; do
    med() { grep "^$1 $c " "$work/times" | cut -d' ' -f3 | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
    echo "| $c | $(med jit) | $(med native) |"
done
