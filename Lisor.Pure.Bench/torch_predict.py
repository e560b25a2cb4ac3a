#!/usr/bin/python3
"""PyTorch inference peer of `Lisor.Pure predict`: the model of the training peer (torch_train_tsv.py, imported
from --peer so both use one definition), fresh weights (inference time does not depend on them), run with
no_grad over the sequences of --data in batches of --batch (length-sorted, as the training peer evaluates);
writes one line per sequence (class, probabilities) to --out and prints one JSON line: the seconds of the
forward passes alone and the sequences."""
import argparse, importlib.util, json, random, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("--peer", required=True); ap.add_argument("--train", required=True); ap.add_argument("--data", required=True)
ap.add_argument("--out", required=True); ap.add_argument("--cell", default="mgu"); ap.add_argument("--hidden", type=int, default=10)
ap.add_argument("--layers", type=int, default=3); ap.add_argument("--batch", type=int, default=256)
ap.add_argument("--threads", type=int, default=1)
a = ap.parse_args()
spec = importlib.util.spec_from_file_location("peer", a.peer); peer = importlib.util.module_from_spec(spec); spec.loader.exec_module(peer)
torch = peer.torch
torch.manual_seed(1); torch.set_num_threads(a.threads)
vocab, classes = {"<unk>": 0}, {}
peer.read(a.train, vocab, classes, True)
rows = peer.read(a.data, vocab, classes, False)
net = peer.Net(a.cell, len(vocab), len(classes), a.hidden, a.layers, 0).eval()
data = peer.batches(rows, a.batch, False, random.Random(1))
t0 = time.perf_counter()
with torch.no_grad():
    out = [torch.softmax(net(ids, lens), -1) for ids, lens, _ in data]
secs = time.perf_counter() - t0
with open(a.out, "w") as f:
    for p in out:
        for row in p.tolist(): f.write(f"{max(range(len(row)), key=row.__getitem__)}\t" + "\t".join(f"{v:.6f}" for v in row) + "\n")
print(json.dumps({"seconds": secs, "sequences": len(rows)}))
