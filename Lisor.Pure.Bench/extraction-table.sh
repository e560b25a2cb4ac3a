#!/bin/bash
# Trains the models and prints the tables of docs/extraction.md into OUT (default ./extraction-run).
# Uses the built CLI (dotnet build -c Release first). Takes ~30–60 min on 2 cores.
set -e
OUT=${1:-extraction-run}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$ROOT/Lisor.Pure/bin/Release/net10.0/Lisor.Pure
dotnet build -c Release "$ROOT/Lisor.Pure.Bench" >/dev/null
T="dotnet $ROOT/Lisor.Pure.Bench/bin/Release/net10.0/Lisor.Pure.Bench.dll extraction-table"
mkdir -p "$OUT" && cd "$OUT"
for n in 1 2 3 4 5 6 7; do
  $B data --task tomita$n --out tomita$n --quiet
  for c in srn mgu gru lstm; do $B train --train tomita$n/train.tsv --valid tomita$n/valid.tsv --test tomita$n/test.tsv --cell $c --out tomita$n/$c.lisor --quiet; done
done
$B data --task 0110 --out t0110 --quiet; $B data --task 000 --out t000 --quiet
for s in 1 2 3; do for c in srn mgu gru lstm; do
  $B train --train t0110/train.tsv --valid t0110/valid.tsv --test t0110/test.tsv --cell $c --seed $s --out t0110/$c-$s.lisor --quiet
  $B train --train t000/train.tsv --valid t000/valid.tsv --test t000/test.tsv --cell $c --seed $s --out t000/$c-$s.lisor --quiet
done; done
for n in 4 6 8 10; do
  $T gendfa $n $n dfa$n
  $B train --train dfa$n/train.tsv --valid dfa$n/valid.tsv --test dfa$n/test.tsv --cell gru --out dfa$n/gru.lisor --quiet
done
M="srn-1.lisor mgu-1.lisor gru-1.lisor lstm-1.lisor srn-2.lisor mgu-2.lisor gru-2.lisor lstm-2.lisor srn-3.lisor mgu-3.lisor gru-3.lisor lstm-3.lisor"
$T tomita . > tomita.md
$T task t0110 0110 $M > t0110.md
$T task t000 000 $M > t000.md
for n in 4 6 8 10; do $T task dfa$n dfa$n/target.json gru.lisor; done > dfa.md
# A user's tasks: odd number of "ab" over {a, b}, and the count of a mod 3 (three classes); MGU with train's defaults.
for t in oddab amod3; do
  $T gentask $t 1 $t
  $B train --train $t/train.tsv --valid $t/valid.tsv --test $t/test.tsv --cell mgu --out $t/mgu.lisor --quiet
  $T task $t none mgu.lisor > $t.md
done
