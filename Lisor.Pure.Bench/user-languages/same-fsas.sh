#!/bin/bash
# This build's default `extract` against another build's on the 52 models of run.sh (its data and training, made here if
# WORK lacks them: about 2 minutes), the saved FSAs compared byte for byte: per language and model the source, states and
# test fidelity of each, whether the FSAs are the same, and each run's own seconds (`extract --json`'s `seconds`).
# Usage: Lisor.Pure.Bench/user-languages/same-fsas.sh WORK OTHER_BINARY   (LISOR=this build's binary; default: the Release build)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
B=${LISOR:-$ROOT/Lisor.Pure/bin/Release/net10.0/Lisor.Pure}
[ $# -eq 2 ] || { echo "error: usage: same-fsas.sh WORK OTHER_BINARY" >&2; exit 2; }
WORK=$1; OTHER=$2
mkdir -p "$WORK" && cd "$WORK"
field() { tail -1 "$1" | /usr/bin/python3 -c "import json,sys; j=json.load(sys.stdin); print(j['source'], j['states'], j['test_fidelity'], j['seconds'], sep='|')"; }
echo "| lang | model | other: source | states | fid T | s | this: source | states | fid T | s | FSA |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
same=0 all=0
for S in 1 2; do for L in amod7 mod10 wmod5 prod34 kth4 kth5 has_abca no_10110 ends_bab parity5 diff3 firstlast6 aa_oddb; do
  for C in gru lstm; do
    P=$C$([ $S = 1 ] || echo -s$S)
    mkdir -p "$L" && cd "$L"
    [ -f train.tsv ] || /usr/bin/python3 "$HERE/gen.py" "$L" . >/dev/null
    [ -f $P.lisor ] || "$B" train --train train.tsv --valid valid.tsv --test test.tsv --cell $C --out $P.lisor --seed $S --quiet >/dev/null 2>&1
    "$OTHER" extract --model $P.lisor --data valid.tsv --test test.tsv --out $P.other.json --json > $P.other.log 2>/dev/null
    "$B" extract --model $P.lisor --data valid.tsv --test test.tsv --out $P.this.json --json > $P.this.log 2>/dev/null
    if cmp -s $P.other.json $P.this.json; then s=same; same=$((same + 1)); else s=**different**; fi
    all=$((all + 1))
    echo "| $L | $P | $(field $P.other.log) | $(field $P.this.log) | $s |"
    cd ..
  done
done; done
echo
echo "$same of $all FSAs the same."
