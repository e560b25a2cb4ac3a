#!/bin/sh
# Extraction side by side on the same trained GRUs (3 × 10): our `extract --method lstar`, the paper's literal mode
# (`extract --mode paper --clusters k`, k = n, 2n, 3n, 4n; the smallest exact k is shown), the default `extract` (no --clusters),
# AALpy's L* and KV with our RNN as the membership oracle, and AALpy's RPNI on R's own labels of the training strings.
# Targets: Tomita 1–7 and random minimal DFAs over 3 symbols with 4–10 states. Per target and method: exact (answers as
# the target on every string of length 1 … MAXLEN; "ε wrong" marks a wrong answer on the empty string), minimised states (complete DFA, sink counted), fidelity to R on the
# test strings, seconds (learning only, start-up excluded) and R runs (RNN steps for ours, distinct oracle strings for
# AALpy). Prints a Markdown table; rows are kept in $WORK/rows.jsonl and trained models are reused from $WORK.
#
# Usage: Lisor.Pure.Bench/sidebyside-extract.sh PEERS_DIR
#   PEERS_DIR   the folder with automata_peers.py and its vendored aalpy/ (or set LISOR_PEERS); no default
# Environment (all optional):
#   WORK=DIR           where data, models and results go (default: a new temporary folder)
#   TARGETS="..."      subset of: tomita1 … tomita7 dfa4 … dfa10 (default: all fourteen)
#   BUDGET=30          seconds for each learner that can run out (ours: --time-limit; AALpy L*/KV: --budget)
#   MAXLEN=10          exactness is checked on every string of length 1 … MAXLEN
#   ORACLE=bench       the oracle process for AALpy: bench (Lisor.Pure.Bench's `oracle` mode) or predict
#                      (`Lisor.Pure predict --model M --data - --out -`, first column)
#   SEED=1
# AALpy imports pydot at start-up though these runs never draw; where Debian's python3-pydot is not installed, a module
# pydot.py defining empty classes Dot, Node and Edge on PYTHONPATH stands in (the run of docs/results-extraction/sidebyside.md).
set -eu
PEERS=${1:-${LISOR_PEERS:-}}
if [ -z "$PEERS" ] || [ ! -f "$PEERS/automata_peers.py" ]; then
    echo "error: give the peers folder (holding automata_peers.py) as the first argument or in LISOR_PEERS" >&2
    exit 2
fi
PEERS=$(cd "$PEERS" && pwd)
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
TARGETS=${TARGETS:-"tomita1 tomita2 tomita3 tomita4 tomita5 tomita6 tomita7 dfa4 dfa5 dfa6 dfa7 dfa8 dfa9 dfa10"}
BUDGET=${BUDGET:-30}
MAXLEN=${MAXLEN:-10}
ORACLE=${ORACLE:-bench}
SEED=${SEED:-1}
dotnet build -c Release Lisor.Pure.Bench >/dev/null
CLI="$ROOT/Lisor.Pure/bin/Release/net10.0/Lisor.Pure"
BENCH="dotnet $ROOT/Lisor.Pure.Bench/bin/Release/net10.0/Lisor.Pure.Bench.dll"
PY=/usr/bin/python3
ROWS="$WORK/rows.jsonl"
: > "$ROWS"

for target in $TARGETS; do
    D="$WORK/$target"
    mkdir -p "$D"
    case $target in
        tomita*)
            g=${target#tomita}
            n=$(echo "2 3 5 4 4 3 5" | cut -d' ' -f"$g")
            sigma=0,1
            [ -f "$D/train.tsv" ] || "$CLI" data --task "$target" --out "$D" --seed "$SEED" --quiet >/dev/null
            $BENCH dfa-task --tomita "$g" --out "$D" --max-length "$MAXLEN" ;;
        dfa*)
            n=${target#dfa}
            sigma=a,b,c
            [ -f "$D/train.tsv" ] || $BENCH dfa-task --states "$n" --alphabet 3 --seed "$((SEED * 100 + n))" --out "$D" --max-length "$MAXLEN" ;;
        *) echo "error: unknown target '$target'" >&2; exit 2 ;;
    esac
    M="$D/model.lisor"
    [ -f "$M" ] || "$CLI" train --train "$D/train.tsv" --valid "$D/valid.tsv" --test "$D/test.tsv" --cell gru --hidden 10 --layers 3 --plateau 0 \
        --out "$M" --seed "$SEED" --quiet --json > "$D/train.out"
    $BENCH relabel --model "$M" --data "$D/train.tsv" --out "$D/train.R.tsv"
    $BENCH relabel --model "$M" --data "$D/test.tsv" --out "$D/test.R.tsv"
    $BENCH relabel --model "$M" --data "$D/all.tsv" --out "$D/all.R.tsv"
    # R itself: exact when it answers as the target on every non-empty string up to MAXLEN; "fidelity" = its test accuracy.
    wrong=$(paste "$D/all.tsv" "$D/all.R.tsv" | awk -F'\t' '$2 != "" && $1 != $3' | wc -l)
    epsilon=$(paste "$D/all.tsv" "$D/all.R.tsv" | awk -F'\t' '$2 == "" { print ($1 == $3) ? "true" : "false" }')
    acc=$(tail -n 1 "$D/train.out" | sed 's/.*"test_accuracy":\([0-9.]*\).*/\1/')
    echo "{\"target\":\"$target\",\"method\":\"R (GRU 3x10)\",\"exact\":$([ "$wrong" -eq 0 ] && echo true || echo false),\"epsilon\":$epsilon,\"fidelity\":$acc,\"note\":\"$wrong of $(($(wc -l < "$D/all.tsv") - 1)) strings wrong\"}" >> "$ROWS"

    # Ours: L* with R in process.
    "$CLI" extract --method lstar --model "$M" --data "$D/valid.tsv" --out "$D/lstar.json" --time-limit "$BUDGET" --json > "$D/lstar.out"
    $BENCH score --fsa "$D/lstar.json" --target "$D/target.json" --model "$M" --test "$D/test.tsv" --max-length "$MAXLEN" \
        --row-target "$target" --row-method "lisor lstar" --extract-json "$D/lstar.out" >> "$ROWS"
    # The paper's literal mode at k = n, 2n, 3n, 4n.
    for m in 1 2 3 4; do
        k=$((m * n))
        if "$CLI" extract --mode paper --model "$M" --data "$D/valid.tsv" --clusters "$k" --out "$D/paper-$k.json" --json > "$D/paper-$k.out" 2>&1; then
            $BENCH score --fsa "$D/paper-$k.json" --target "$D/target.json" --model "$M" --test "$D/test.tsv" --max-length "$MAXLEN" \
                --row-target "$target" --row-method "paper k=$k" --extract-json "$D/paper-$k.out" >> "$ROWS"
        fi
    done
    # The default extract (no --clusters).
    if "$CLI" extract --model "$M" --data "$D/valid.tsv" --out "$D/auto.json" --json > "$D/auto.out" 2> "$D/auto.err"; then
        $BENCH score --fsa "$D/auto.json" --target "$D/target.json" --model "$M" --test "$D/test.tsv" --max-length "$MAXLEN" \
            --row-target "$target" --row-method "lisor auto" --extract-json "$D/auto.out" >> "$ROWS"
    else
        echo "{\"target\":\"$target\",\"method\":\"lisor auto\",\"note\":\"failed\"}" >> "$ROWS"
    fi
    # AALpy.
    case $ORACLE in
        bench) oracle="$BENCH oracle --model $M" ;;
        predict) oracle="$CLI predict --model $M --data - --out - | stdbuf -oL cut -f1" ;;
        *) echo "error: ORACLE must be bench or predict" >&2; exit 2 ;;
    esac
    for algorithm in lstar kv; do
        $PY Lisor.Pure.Bench/sidebyside-extract.py "$algorithm" --peers "$PEERS" --target "$target" --oracle "$oracle" --alphabet "$sigma" \
            --exact "$D/all.tsv" --fidelity "$D/test.R.tsv" --budget "$BUDGET" --seed "$SEED" >> "$ROWS"
    done
    $PY Lisor.Pure.Bench/sidebyside-extract.py rpni --peers "$PEERS" --target "$target" --train "$D/train.R.tsv" \
        --exact "$D/all.tsv" --fidelity "$D/test.R.tsv" >> "$ROWS"
    echo "$target done" >&2
done
$BENCH table "$ROWS"
