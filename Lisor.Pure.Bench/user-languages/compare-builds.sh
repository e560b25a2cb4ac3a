#!/bin/bash
# Another build's default `extract` on the models run.sh trained in WORK: per language and model its states, fidelity to the
# RNN on test and on the 20 000 fresh strings, and whether it is the language (check.py), beside this build's (the
# .auto.json run.sh wrote). Usage: Lisor.Pure.Bench/user-languages/compare-builds.sh WORK OTHER_BINARY
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$1; OTHER=$2
export PYTHONPATH="$HERE${PYTHONPATH:+:$PYTHONPATH}"
echo "| lang | model | R test | other: states | fid T | fid 20k | = lang | this: states | fid T | fid 20k | = lang |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for f in $(ls "$WORK"/*/*.result.json | sort); do
  d=$(dirname "$f"); p=$(basename "$f" .result.json); l=$(basename "$d")
  ( cd "$d"
    "$OTHER" extract --model $p.lisor --data valid.tsv --test test.tsv --out $p.other.json --json 2>/dev/null | tail -1 > $p.other.log
    "$OTHER" predict --model $p.lisor --fsa $p.other.json,$p.auto.json --data big.tsv --out $p.other.pred.tsv --json 2>/dev/null | tail -1 > $p.other.big.json
    /usr/bin/python3 - "$l" "$p" <<'PY'
import json, sys
from check import check
l, p = sys.argv[1:]
r = json.load(open(p + '.result.json')); o = json.load(open(p + '.other.log')); big = json.load(open(p + '.other.big.json'))['fsa_fidelity']
eq = lambda c: 'yes' if c['eq_all'] else ('yes≠ε' if c['eq_nonempty'] else 'no')
a = r['auto']
print(f"| {l} | {p} | {r['rnn_test']:.3f} | {o['states']} | {o['test_fidelity']:.4f} | {big[0]:.4f} | {eq(check(l, p + '.other.json'))} | {a['states']} | {a['test_fid']:.4f} | {big[1]:.4f} | {eq(a['chk'])} |")
PY
  )
done
