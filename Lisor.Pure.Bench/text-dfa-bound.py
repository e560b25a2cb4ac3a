"""Diagnostic (docs/readme-text.md), not part of the method: how well can ANY 2-state DFA over words do on a text split?

A DFA with a start state S (answers the negative class) and two states N (negative) and P (positive), like LISOR's k = 2 FSA:
each word w has a transition function f_w: {S, N, P} -> {N, P}; padding and words outside the vocabulary stay put. The search
is coordinate ascent on the LABELS of --fit: for each word in turn (most frequent first) try all 8 functions and keep the best
for accuracy on the --fit sequences; repeat until no word changes. It is a local search (a lower bound on the best DFA for the
fit set), started from a log-odds rule (|log-odds| > 1.5 -> go to P/N, else stay) or from a LISOR FSA (--init fsa.json).

Usage: /usr/bin/python3 Lisor.Pure.Bench/text-dfa-bound.py --data DIR --fit train|test [--init FSA.json] [--min-count 2]
(DIR holds train.tsv and test.tsv; fitting on test is an oracle: it says what the DFA class can represent, not what generalises.)
Needs numpy.
"""
import argparse, collections, json, time
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument('--data', default='data/spam'); ap.add_argument('--fit', default='train')
ap.add_argument('--init'); ap.add_argument('--min-count', type=int, default=2); ap.add_argument('--positive', default='spam')
ap.add_argument('--sweeps', type=int, default=5)
a = ap.parse_args()

def read(path):
    labels, seqs = [], []
    for line in open(path, encoding='utf8'):
        if not line.strip() or line.startswith('#'): continue
        label, tokens = line.rstrip('\n').split('\t')
        labels.append(1 if label == a.positive else 0); seqs.append(tokens.split())
    return np.array(labels), seqs

y_fit, s_fit = read(f'{a.data}/{a.fit}.tsv'); y_test, s_test = read(f'{a.data}/test.tsv')
counts = collections.Counter(w for s in s_fit for w in s)
vocab = {w: i + 1 for i, (w, c) in enumerate(counts.most_common()) if c >= a.min_count}   # id 0: any other word
V, T = len(vocab) + 1, max(len(s) for s in s_fit + s_test)
PAD = V

def encode(seqs):
    x = np.full((len(seqs), T), PAD, np.int64)
    for i, s in enumerate(seqs):
        for t, w in enumerate(s): x[i, t] = vocab.get(w, 0)
    return x

x_fit, x_test = encode(s_fit), encode(s_test)
START, NEG, POS = 0, 1, 2
CHOICES = [(p, q, r) for p in (NEG, POS) for q in (NEG, POS) for r in (NEG, POS)]
f = np.zeros((V + 1, 3), np.int64)
f[PAD] = (START, NEG, POS)
if a.init:
    fsa = json.load(open(a.init))
    state = {s['id']: (START if s.get('start') else POS if s['label'] == fsa['positive'] else NEG) for s in fsa['states']}
    f[:V] = (NEG, NEG, POS)
    for tr in fsa['transitions']:
        if tr['symbol'] in vocab: f[vocab[tr['symbol']], state[tr['from']]] = state[tr['to']]
else:
    docs_pos, docs_neg = collections.Counter(), collections.Counter()
    for y, s in zip(y_fit, s_fit):
        for w in set(s): (docs_pos if y else docs_neg)[vocab.get(w, 0)] += 1
    n_pos, n_neg = y_fit.sum(), len(y_fit) - y_fit.sum()
    for w in range(V):
        lo = np.log((docs_pos[w] + 1) / (n_pos + 2)) - np.log((docs_neg[w] + 1) / (n_neg + 2))
        f[w] = (POS, POS, POS) if lo > 1.5 else (NEG, NEG, NEG) if lo < -1.5 else (NEG, NEG, POS)

def answers(x):
    s = np.full(len(x), START, np.int64)
    for t in range(T): s = f[x[:, t], s]
    return (s == POS).astype(int)

def report(what):
    print(f'{what}: accuracy on {a.fit} {(answers(x_fit) == y_fit).mean():.4f}, on test {(answers(x_test) == y_test).mean():.4f}', flush=True)

report('start')
rows = collections.defaultdict(list)
for i, row in enumerate(x_fit):
    for w in set(row[row != PAD].tolist()): rows[w].append(i)
order = sorted(rows, key=lambda w: -len(rows[w]))
for sweep in range(a.sweeps):
    clock, changed = time.time(), 0
    for w in order:
        idx = np.array(rows[w]); xs, ys = x_fit[idx], y_fit[idx]
        old = tuple(f[w]); best, best_right = old, (answers(xs) == ys).sum()
        for c in CHOICES:
            if c == old: continue
            f[w] = c; right = (answers(xs) == ys).sum()
            if right > best_right: best, best_right = c, right
        f[w] = best; changed += best != old
    report(f'sweep {sweep + 1} ({changed} words changed, {time.time() - clock:.0f} s)')
    if changed == 0: break
