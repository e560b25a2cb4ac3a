#!/bin/bash
# The default `extract` against `extract --method lstar` (500 states, 30 s) on 13 regular languages a user might train an RNN
# on (gen.py --list), two cells (gru, lstm) and two seeds, train's defaults (3 × 10): each language's data from its DFA
# (gen.py, seed 7; 3000/1000/1000 strings), the FSAs checked against the DFA (check.py, product automaton) and scored
# against the RNN on 20 000 fresh strings (predict --fsa). Prints the Markdown table of table.py.
# Usage: Lisor.Pure.Bench/user-languages/run.sh [WORK]   (LISOR=path to the Lisor.Pure binary; default: the Release build)
# Needs /usr/bin/python3 (standard library only). About 40 minutes on 2 cores.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
B=${LISOR:-$ROOT/Lisor.Pure/bin/Release/net10.0/Lisor.Pure}
WORK=${1:-$(mktemp -d)}
mkdir -p "$WORK" && cd "$WORK"
export PYTHONPATH="$HERE${PYTHONPATH:+:$PYTHONPATH}"
for S in 1 2; do for L in amod7 mod10 wmod5 prod34 kth4 kth5 has_abca no_10110 ends_bab parity5 diff3 firstlast6 aa_oddb; do
  for C in gru lstm; do
    P=$C$([ $S = 1 ] || echo -s$S)
    mkdir -p "$L" && cd "$L"
    [ -f train.tsv ] || /usr/bin/python3 "$HERE/gen.py" "$L" .
    [ -f big.tsv ] || { /usr/bin/python3 "$HERE/gen.py" "$L" bigtmp --seed 99 --train 1 --valid 1 --test 20000; mv bigtmp/test.tsv big.tsv; rm -rf bigtmp; }
    "$B" train --train train.tsv --valid valid.tsv --test test.tsv --cell $C --out $P.lisor --seed $S --json --quiet > $P.train.log 2>&1
    "$B" extract --model $P.lisor --data valid.tsv --test test.tsv --out $P.auto.json --json > $P.auto.log 2>&1
    "$B" extract --method lstar --model $P.lisor --data valid.tsv --test test.tsv --out $P.lstar.json --max-states 500 --time-limit 30 --json > $P.lstar.log 2>&1
    "$B" predict --model $P.lisor --fsa $P.auto.json,$P.lstar.json --data big.tsv --out $P.big.pred.tsv --json | tail -1 > $P.big.json
    /usr/bin/python3 - "$L" "$C" "$S" "$P" <<'PY'
import json, sys
from check import check
L, C, S, P = sys.argv[1:]
last = lambda f: json.loads(open(f).read().strip().splitlines()[-1])
tr = last(P + '.train.log'); au = last(P + '.auto.log'); ls = last(P + '.lstar.log')
r = dict(lang=L, cell=C, seed=int(S), tag=P, rnn_test=tr['test_accuracy'],
         auto=dict(states=au['states'], fid=au['fidelity'], test_fid=au['test_fidelity'], source=au.get('source'), seconds=au['seconds'],
                   chk=check(L, P + '.auto.json')),
         lstar=dict(states=ls['states'], fid=ls['fidelity'], test_fid=ls['test_fidelity'], seconds=ls['seconds'],
                    budget=ls.get('budget_reached'), chk=check(L, P + '.lstar.json')))
open(P + '.result.json', 'w').write(json.dumps(r) + '\n')
PY
    cd ..
  done
done; done
/usr/bin/python3 "$HERE/table.py" "$WORK"
