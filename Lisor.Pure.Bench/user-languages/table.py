#!/usr/bin/env python3
"""The Markdown table of run.sh: per language and model, the default extract against L* (usage: table.py WORK)."""
import json, glob, os, sys
work = sys.argv[1]
rows = [json.loads(open(f).read()) for f in sorted(glob.glob(os.path.join(work, '*', '*.result.json')))]
def eq(c): return 'yes' if c['eq_all'] else ('yes≠ε' if c['eq_nonempty'] else 'no')
print('| lang | model | R test | auto states | auto fid V | auto fid T | auto fid 20k | source | auto s | auto = lang | L* states | L* fid V | L* fid T | L* fid 20k | L* s | L* = lang | lang min DFA | flag |')
print('|' + '---|' * 18)
for r in rows:
    a, l = r['auto'], r['lstar']
    big = json.load(open(os.path.join(work, r['lang'], r['tag'] + '.big.json')))['fsa_fidelity']
    f = []
    if l['test_fid'] - a['test_fid'] >= 0.005 or big[1] - big[0] >= 0.005: f.append('L* more faithful')
    if a['seconds'] > 10: f.append('slow')
    if a['states'] > 2 * l['states'] and abs(a['test_fid'] - l['test_fid']) < 0.005: f.append('auto larger')
    if a['states'] * 2 < l['states'] and a['test_fid'] >= l['test_fid'] - 0.002 and big[0] >= big[1] - 0.002: f.append('auto smaller')
    if a['test_fid'] - l['test_fid'] >= 0.005 or big[0] - big[1] >= 0.005: f.append('auto more faithful')
    print(f"| {r['lang']} | {r['tag']} | {r['rnn_test']:.3f} | {a['states']} | {a['fid']:.4f} | {a['test_fid']:.4f} | {big[0]:.4f} | {a['source']} | {a['seconds']:.1f} | {eq(a['chk'])} | {l['states']} | {l['fid']:.4f} | {l['test_fid']:.4f} | {big[1]:.4f} | {l['seconds']:.1f}{'*' if l['budget'] else ''} | {eq(l['chk'])} | {a['chk']['true_min']} | {', '.join(f)} |")
