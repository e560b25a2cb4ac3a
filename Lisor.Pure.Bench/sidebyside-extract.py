#!/usr/bin/env python3
"""AALpy's learners (from the peers folder given with --peers) on one side-by-side target, as one JSON row.

  lstar|kv --oracle "CMD" --alphabet a,b   L* or Kearns-Vazirani with CMD as the membership oracle (one token line in,
                                           one label out, flushed), AALpy's random W-method equivalence oracle
  rpni --train R.tsv                       RPNI (GSM) on strings labelled by R

Every mode then scores the learned DFA: exact = it answers as the target on every non-empty line of --exact (all
strings up to a length, target labels), epsilon = and on the empty one; fidelity = agreement with --fidelity (test strings labelled by R). Run with Debian's
/usr/bin/python3; used by sidebyside-extract.sh.
"""
import argparse, json, os, random, sys, time


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["lstar", "kv", "rpni"])
    ap.add_argument("--peers", required=True, help="folder holding automata_peers.py and aalpy/")
    ap.add_argument("--target", required=True); ap.add_argument("--oracle"); ap.add_argument("--alphabet")
    ap.add_argument("--train"); ap.add_argument("--exact", required=True); ap.add_argument("--fidelity", required=True)
    ap.add_argument("--budget", type=float, default=30); ap.add_argument("--walks", type=int, default=20)
    ap.add_argument("--walk-len", type=int, default=15); ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    sys.path.insert(0, os.path.abspath(a.peers))
    import automata_peers as peers   # puts its vendored aalpy on sys.path
    positive = {"1"}
    row = {"target": a.target, "method": "aalpy-" + a.mode}
    if a.mode == "rpni":
        from aalpy.learning_algs import run_RPNI
        data = [(list(w), y in positive) for y, w in peers.read_tsv(a.train)]
        t = time.perf_counter()
        model = run_RPNI(data, "dfa", algorithm="gsm", input_completeness="sink_state", print_info=False)
        row["seconds"] = time.perf_counter() - t
    else:
        from aalpy.base import SUL
        from aalpy.oracles import RandomWMethodEqOracle
        from aalpy.learning_algs import run_KV, run_Lstar
        oracle = peers.Oracle(a.oracle, positive)
        oracle("")   # the oracle process has started (and compiled) before the clock starts
        oracle.calls = 0
        deadline = time.perf_counter() + a.budget

        class RnnSul(SUL):
            def __init__(self): super().__init__(); self.word = []
            def pre(self): self.word = []
            def post(self): pass
            def step(self, letter):
                if time.perf_counter() > deadline: raise TimeoutError
                if letter is not None: self.word.append(letter)
                return oracle(self.word)

        alphabet = a.alphabet.split(",")
        sul = RnnSul(); random.seed(a.seed)
        eq = RandomWMethodEqOracle(alphabet, sul, walks_per_state=a.walks, walk_len=a.walk_len)
        t = time.perf_counter()
        try:
            model = run_KV(alphabet, sul, eq, "dfa", print_level=0) if a.mode == "kv" else \
                run_Lstar(alphabet, sul, eq, "dfa", print_level=0, cache_and_non_det_check=False)
        except TimeoutError:
            row.update(exact=False, seconds=a.budget, runs=oracle.calls, note=f"budget {a.budget:g} s hit")
            print(json.dumps(row)); return
        row.update(seconds=time.perf_counter() - t, runs=oracle.calls)
    row["states"] = len(model.states)
    every = peers.read_tsv(a.exact)
    row["exact"] = all(peers.dfa_accepts(model, w) == (y in positive) for y, w in every if w)   # non-empty strings
    row["epsilon"] = all(peers.dfa_accepts(model, w) == (y in positive) for y, w in every if not w)
    fid = peers.read_tsv(a.fidelity)
    row["fidelity"] = sum(peers.dfa_accepts(model, w) == (y in positive) for y, w in fid) / len(fid)
    print(json.dumps(row))


if __name__ == "__main__":
    main()
