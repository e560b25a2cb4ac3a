#!/usr/bin/env python3
"""check.py LANG FSA.json -> JSON: equivalence of a Lisor FSA with LANG's DFA (gen.py).
eq_nonempty: same class on every string of length >= 1; eq_all: also on the empty string;
first counterexample (shortest) if any; true_min: states of LANG's minimal DFA (complete, sink counted)."""
import json, sys
from collections import deque
sys.path.insert(0, __import__('os').path.dirname(__file__))
from gen import LANGS, build_dfa

def minimal_size(delta, labels, alpha):
    # Moore refinement
    part = {i: labels[i] for i in range(len(delta))}
    while True:
        sig = {i: (part[i],) + tuple(part[delta[i][a]] for a in alpha) for i in range(len(delta))}
        ids = {}
        newp = {i: ids.setdefault(sig[i], len(ids)) for i in sig}
        if len(set(newp.values())) == len(set(part.values())):
            return len(ids)
        part = newp

def load_fsa(path):
    j = json.load(open(path))
    pos = j.get('positive')
    classes = j['classes']
    dead_label = next((c for c in classes if c != pos), classes[0]) if pos is not None else classes[0]
    n = len(j['states'])
    lab = [None] * n
    for s in j['states']:
        lab[s['id']] = s['label']
    d = [dict() for _ in range(n)]
    for t in j['transitions']:
        d[t['from']][t['symbol']] = t['to']
    return j['start'], d, lab, dead_label, n

def check(lang, path):
    L = LANGS[lang]
    alpha = L['alpha']
    delta, labels = build_dfa(L)
    st, fd, fl, dead, n = load_fsa(path)
    def flab(q): return dead if q == -1 else fl[q]
    def fstep(q, a): return -1 if q == -1 else fd[q].get(a, -1)
    start = (0, st)
    eps_ok = labels[0] == flab(st)
    seen = {start: ''}
    dq = deque([start])
    cex = None
    while dq:
        p = dq.popleft()
        w = seen[p]
        for a in alpha:
            r = (delta[p[0]][a], fstep(p[1], a))
            if r not in seen:
                seen[r] = w + a
                if labels[r[0]] != flab(r[1]) and cex is None:
                    cex = seen[r]
                dq.append(r)
            # pairs reached at depth 0 only (the start pair) are exempt; any pair reached again by a
            # nonempty word is compared when first discovered, except the start pair:
            elif r == start and labels[r[0]] != flab(r[1]) and cex is None:
                cex = w + a
    return dict(eq_nonempty=cex is None, eq_all=(cex is None and eps_ok), eps_ok=eps_ok,
                counterexample=cex, fsa_states=n, true_min=minimal_size(delta, labels, alpha))

if __name__ == '__main__':
    print(json.dumps(check(sys.argv[1], sys.argv[2])))
