#!/usr/bin/env python3
"""Stress languages for Lisor.Pure's default extraction.

Each language is a DFA given as (alphabet, start, step(q, a), label(q), length range).
The data of a language is labelled by running that DFA (one source of truth), and
check.py compares an extracted FSA with the same DFA (product-automaton equivalence).

usage: gen.py NAME OUTDIR [--seed S] [--train N --valid N --test N]
       gen.py --list
"""
import random, sys, os, argparse

def mk(alpha, start, step, label, lo, hi, desc, balance=True):
    return dict(alpha=alpha, start=start, step=step, label=label, lo=lo, hi=hi, desc=desc, balance=balance)

def kth_from_end(k, sym):
    # state: tuple of the last k symbols flags (is sym), padded with False
    return (lambda q, a: (q + (a == sym,))[-k:],
            lambda q: '1' if len(q) == k and q[0] else '0')

def substring_dfa(w, alpha, contains=True):
    # KMP automaton; state = length of the longest prefix of w that is a suffix; len(w) = found (sink)
    n = len(w)
    def step(q, a):
        if q == n:
            return n
        s = ''.join(w[:q]) + a
        for l in range(min(len(s), n), -1, -1):
            if s.endswith(''.join(w[:l])) if l else True:
                return l
    def label(q):
        found = q == n
        return '1' if found == contains else '0'
    return step, label

def ends_with_dfa(w):
    n = len(w)
    def step(q, a):
        s = w[:q] + a
        for l in range(min(len(s), n), -1, -1):
            if l == 0 or s.endswith(w[:l]):
                return l
    return step, (lambda q: '1' if q == n else '0')

LANGS = {}
# 1. counter modulo 7 over {a,b}: #a = 0 mod 7
LANGS['amod7'] = mk('ab', 0, lambda q, a: (q + (a == 'a')) % 7, lambda q: '1' if q == 0 else '0', 1, 30,
                    '#a mod 7 == 0 over {a,b}, length 1-30')
# 2. counter modulo 10 over {0,1}: #1 = 3 mod 10 (length 1-40)
LANGS['mod10'] = mk('01', 0, lambda q, a: (q + (a == '1')) % 10, lambda q: '1' if q == 3 else '0', 1, 40,
                    '#1 mod 10 == 3 over {0,1}, length 1-40')
# 3. weighted counter mod 5 over {a,b,c}: (#a + 2#b + 3#c) mod 5 == 0
LANGS['wmod5'] = mk('abc', 0, lambda q, a: (q + {'a': 1, 'b': 2, 'c': 3}[a]) % 5, lambda q: '1' if q == 0 else '0', 1, 25,
                    '(#a+2#b+3#c) mod 5 == 0 over {a,b,c}, length 1-25')
# 4. product of two counters: #a mod 3 == 0 and #b mod 4 == 0 over {a,b,c}
LANGS['prod34'] = mk('abc', (0, 0), lambda q, a: ((q[0] + (a == 'a')) % 3, (q[1] + (a == 'b')) % 4),
                     lambda q: '1' if q == (0, 0) else '0', 1, 25, '#a mod 3 == 0 and #b mod 4 == 0 over {a,b,c}, length 1-25')
# 5. 4th symbol from the end is a, over {a,b}
s, l = kth_from_end(4, 'a')
LANGS['kth4'] = mk('ab', (), s, l, 1, 20, '4th symbol from the end is a over {a,b}, length 1-20')
# 6. 6th symbol from the end is 1 over {0,1}
s, l = kth_from_end(5, '1')
LANGS['kth5'] = mk('01', (), s, l, 1, 24, '5th symbol from the end is 1 over {0,1}, length 1-24')
# 7. contains abca over {a,b,c}
s, l = substring_dfa('abca', 'abc', True)
LANGS['has_abca'] = mk('abc', 0, s, l, 1, 25, 'contains abca over {a,b,c}, length 1-25')
# 8. does not contain 10110 over {0,1}
s, l = substring_dfa('10110', '01', False)
LANGS['no_10110'] = mk('01', 0, s, l, 1, 30, 'does not contain 10110 over {0,1}, length 1-30')
# 9. ends with bab over {a,b,c,d}
s, l = ends_with_dfa('bab')
LANGS['ends_bab'] = mk('abcd', 0, s, l, 1, 20, 'ends with bab over {a,b,c,d}, length 1-20')
# 10. #a even and #b odd over {a,b,c,d,e}
LANGS['parity5'] = mk('abcde', (0, 0), lambda q, a: ((q[0] + (a == 'a')) % 2, (q[1] + (a == 'b')) % 2),
                      lambda q: '1' if q == (0, 1) else '0', 1, 30, '#a even and #b odd over {a,b,c,d,e}, length 1-30')
# 11. three classes: (#a - #b) mod 3 over {a,b,c}
LANGS['diff3'] = mk('abc', 0, lambda q, a: (q + (a == 'a') - (a == 'b')) % 3, lambda q: 'c%d' % q, 1, 25,
                    '3 classes: (#a - #b) mod 3 over {a,b,c}, labels c0/c1/c2, length 1-25')
# 12. first symbol equals last symbol over 6 symbols
def fl_step(q, a):
    if q == 'S':
        return (a, True)
    return (q[0], a == q[0])
LANGS['firstlast6'] = mk('abcdef', 'S', fl_step, lambda q: '1' if q != 'S' and q[1] else '0', 1, 20,
                         'first symbol == last symbol over {a..f}, length 1-20')
# 13. contains aa and an odd number of b over {a,b,c}
def aab_step(q, a):
    seen, prev_a, par = q
    return (seen or (prev_a and a == 'a'), a == 'a', par ^ (a == 'b'))
LANGS['aa_oddb'] = mk('abc', (False, False, 0), aab_step, lambda q: '1' if q[0] and q[2] else '0', 1, 30,
                      'contains aa and odd #b over {a,b,c}, length 1-30')


def build_dfa(L):
    """Explicit DFA (states 0..n-1, start 0) reachable from L's start."""
    idx = {L['start']: 0}
    order = [L['start']]
    delta = []
    i = 0
    while i < len(order):
        q = order[i]
        row = {}
        for a in L['alpha']:
            r = L['step'](q, a)
            if r not in idx:
                idx[r] = len(order)
                order.append(r)
            row[a] = idx[r]
        delta.append(row)
        i += 1
    labels = [L['label'](q) for q in order]
    return delta, labels


def run(L, s):
    q = L['start']
    for a in s:
        q = L['step'](q, a)
    return L['label'](q)


def sample(L, n, rng):
    """n strings, lengths uniform in [lo, hi], symbols uniform; classes balanced by rejection
    (quota per class, falls back to whatever comes after many tries)."""
    delta, labels = build_dfa(L)
    classes = sorted(set(labels))
    quota = {c: n // len(classes) + (1 if i < n % len(classes) else 0) for i, c in enumerate(classes)}
    out = []
    tries = 0
    while len(out) < n:
        tries += 1
        m = rng.randint(L['lo'], L['hi'])
        s = [rng.choice(L['alpha']) for _ in range(m)]
        c = run(L, s)
        if quota.get(c, 0) > 0 or tries > 200 * n:
            quota[c] = quota.get(c, 0) - 1
            out.append((c, s))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('name', nargs='?')
    ap.add_argument('outdir', nargs='?')
    ap.add_argument('--seed', type=int, default=7)
    ap.add_argument('--train', type=int, default=3000)
    ap.add_argument('--valid', type=int, default=1000)
    ap.add_argument('--test', type=int, default=1000)
    ap.add_argument('--list', action='store_true')
    a = ap.parse_args()
    if a.list:
        for k, L in LANGS.items():
            d, lab = build_dfa(L)
            print(k, len(d), L['desc'])
        return
    L = LANGS[a.name]
    rng = random.Random(a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    for split in ('train', 'valid', 'test'):
        rows = sample(L, getattr(a, split), rng)
        with open(os.path.join(a.outdir, split + '.tsv'), 'w') as f:
            for c, s in rows:
                f.write(c + '\t' + ' '.join(s) + '\n')


if __name__ == '__main__':
    main()
