#!/bin/bash
# Trains the models and prints the tables of docs/extraction.md into OUT (default ./extraction-run).
# Uses the built CLI (dotnet build -c Release first). Takes ~30–60 min on 2 cores.
# Models train the full 60 epochs (--plateau 0): the committed tables were measured before the plateau stop existed.
set -e
OUT=${1:-extraction-run}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$ROOT/Lisor.Pure/bin/Release/net10.0/Lisor.Pure
dotnet build -c Release "$ROOT/Lisor.Pure.Bench" >/dev/null
T="dotnet $ROOT/Lisor.Pure.Bench/bin/Release/net10.0/Lisor.Pure.Bench.dll extraction-table"
mkdir -p "$OUT" && cd "$OUT"
for n in 1 2 3 4 5 6 7; do
  $B data --task tomita$n --out tomita$n --quiet
  for c in srn mgu gru lstm; do $B train --train tomita$n/train.tsv --valid tomita$n/valid.tsv --test tomita$n/test.tsv --cell $c --out tomita$n/$c.lisor --plateau 0 --quiet; done
done
$B data --task 0110 --out t0110 --quiet; $B data --task 000 --out t000 --quiet
for s in 1 2 3; do for c in srn mgu gru lstm; do
  $B train --train t0110/train.tsv --valid t0110/valid.tsv --test t0110/test.tsv --cell $c --seed $s --out t0110/$c-$s.lisor --plateau 0 --quiet
  $B train --train t000/train.tsv --valid t000/valid.tsv --test t000/test.tsv --cell $c --seed $s --out t000/$c-$s.lisor --plateau 0 --quiet
done; done
for n in 4 6 8 10; do
  $T gendfa $n $n dfa$n
  $B train --train dfa$n/train.tsv --valid dfa$n/valid.tsv --test dfa$n/test.tsv --cell gru --out dfa$n/gru.lisor --plateau 0 --quiet
done
# Every table starts with the command and the inputs that fix it (data generators and seeds; models from train's defaults).
hdr() { echo "Produced by \`Lisor.Pure.Bench/extraction-table.sh OUT\` ($1). Inputs: $2. Models: \`train\` defaults (3 × 10, seed 1 unless named -S), extract: defaults (\`AutoExtraction\`, seed 1)."; echo; }
M="srn-1.lisor mgu-1.lisor gru-1.lisor lstm-1.lisor srn-2.lisor mgu-2.lisor gru-2.lisor lstm-2.lisor srn-3.lisor mgu-3.lisor gru-3.lisor lstm-3.lisor"
{ hdr "extraction-table tomita ." "\`data --task tomita1…7\`; equivalence with the grammar's minimal DFA (sink counted)"; $T tomita .; } > tomita.md
{ hdr "extraction-table task t0110 0110 …" "\`data --task 0110\`, models trained with --seed 1, 2, 3"; $T task t0110 0110 $M; } > t0110.md
{ hdr "extraction-table task t000 000 …" "\`data --task 000\`, models trained with --seed 1, 2, 3"; $T task t000 000 $M; } > t000.md
{ hdr "extraction-table gendfa N N dfaN; extraction-table task dfaN dfaN/target.json gru.lisor" "RandomDfa.Minimal(N, 3 symbols, seed N), 2000/500/500 strings of length 1–20 labelled by it (seed N + 100); one GRU per target. The test labels are the target's, so 'RNN test acc' is also the target DFA's fidelity to R on test"
  for n in 4 6 8 10; do $T task dfa$n dfa$n/target.json gru.lisor; done; } > dfa.md
# Where R is not exact: the compact curve behind each choice (fidelity on test shown for the record, never used to choose).
{ hdr "extraction-table compact dfaN gru.lisor" "as dfa.md"
  for n in 6 8 10; do echo "### dfa$n"; echo; $T compact dfa$n gru.lisor 2>/dev/null; echo; done; } > dfa-compact.md
# How far R is from any small DFA: L* with R as the membership oracle, up to 2000 states.
{ hdr "extract --method lstar --max-states 2000 --time-limit 60 on dfaN; Lisor.Pure.Bench score" "as dfa.md"
  echo "| target | L* states (minimised, sink counted) | fidelity to R on test |"; echo "|---|---|---|"
  for n in 6 8 10; do
    $B extract --method lstar --max-states 2000 --time-limit 60 --model dfa$n/gru.lisor --data dfa$n/valid.tsv --out dfa$n/lstar.json --quiet >/dev/null
    dotnet $ROOT/Lisor.Pure.Bench/bin/Release/net10.0/Lisor.Pure.Bench.dll score --fsa dfa$n/lstar.json --target dfa$n/target.json \
      --model dfa$n/gru.lisor --test dfa$n/test.tsv --max-length 8 | sed 's/.*"states":\([0-9]*\).*"fidelity":\([0-9.]*\).*/| dfa'$n' | \1 | \2 |/'
  done; } > dfa-lstar.md
# Speed: in process (first call with JIT, then warm), and the cold command line; the load average says how shared the machine was.
{ hdr "extraction-table speed …" "Tomita 1–7 GRU and task 000 (seed-1 models) as above; 500 validation strings each (000: its valid.tsv)"
  $T speed tomita1 gru.lisor tomita2 gru.lisor tomita3 gru.lisor tomita4 gru.lisor tomita5 gru.lisor tomita7 gru.lisor t000 gru-1.lisor t000 mgu-1.lisor
  echo; echo "Cold command line (\`Lisor.Pure extract --model M --data valid.tsv --out F --quiet\`, process start-up included):"; echo
  for d in tomita3/gru.lisor tomita4/gru.lisor t000/gru-1.lisor; do
    s=$( { /usr/bin/time -f "%e s wall, %U + %S s CPU" $B extract --model $d --data $(dirname $d)/valid.tsv --out /tmp/extraction-table-$$.json --quiet >/dev/null; } 2>&1 )
    echo "- $d: $s"
  done; rm -f /tmp/extraction-table-$$.json; echo; echo "Load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores."; } > speed.md
# A user's tasks: odd number of "ab" over {a, b}, and the count of a mod 3 (three classes); MGU with train's defaults.
for t in oddab amod3; do
  $T gentask $t 1 $t
  $B train --train $t/train.tsv --valid $t/valid.tsv --test $t/test.tsv --cell mgu --out $t/mgu.lisor --plateau 0 --quiet
  { hdr "extraction-table gentask $t 1 $t; extraction-table task $t none mgu.lisor" "the gentask generator, seed 1; MGU"; $T task $t none mgu.lisor; } > $t.md
done
# A counter whose RNN spreads its states (a mod 3 and b mod 5, 15 states; GRU 3 × 20): the clusters fail, L* does not.
$T gentask counters 1 counters
$B train --train counters/train.tsv --valid counters/valid.tsv --test counters/test.tsv --cell gru --hidden 20 --out counters/gru.lisor --plateau 0 --quiet
{ hdr "extraction-table gentask counters 1 counters; extraction-table task counters none gru.lisor" "the gentask generator, seed 1; GRU 3 × 20 (\`--hidden 20\`)"; $T task counters none gru.lisor; } > counters.md
# A cycle of 7 over three symbols (count of a mod 7; LSTM with train's defaults): the clusters fail, L* does not.
$T gentask amod7 1 amod7
$B train --train amod7/train.tsv --valid amod7/valid.tsv --test amod7/test.tsv --cell lstm --out amod7/lstm.lisor --plateau 0 --quiet
{ hdr "extraction-table gentask amod7 1 amod7; extraction-table task amod7 none lstm.lisor" "the gentask generator, seed 1; LSTM"; $T task amod7 none lstm.lisor; } > amod7.md
