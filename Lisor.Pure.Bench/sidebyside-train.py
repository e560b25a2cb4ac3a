#!/usr/bin/python3
"""Side by side: `Lisor.Pure train --json` and the PyTorch peer (torch_train_tsv.py from the peers folder, --peer or LISOR_PEERS) on the
SAME TSV files, same cell, sizes, batch, epochs, learning rate and thread count. Runs alternate (PyTorch,
ours) and the table reports medians over --reps runs of
  - training sequences per wall-clock second (both sides time the training steps only), and
  - training sequences per processor second of the whole process over the same steps (ours:
    `training_cpu_seconds`; PyTorch: time.process_time around its timed loop) — steadier on a loaded
    machine, and with 2 threads it shows how much CPU the second thread costs.
Cases: the paper's sizes (task 000 from our `data` command, 3 layers × 10, batch 32) and a large one
(1 layer × 256, length 100, batch 64, random binary strings labelled by their first symbol)."""
import argparse, json, os, random, statistics, subprocess, sys

PEERS = os.environ.get("LISOR_PEERS")  # the peers folder (not part of the repository); no default
PEER = os.path.join(PEERS, "torch_train_tsv.py") if PEERS else None
# Runs the peer script unchanged, recording wall and process CPU time at its two perf_counter() calls.
WRAP = """import json, runpy, sys, time
calls = []; wall = time.perf_counter
def stamp():
    calls.append((wall(), time.process_time())); return calls[-1][0]
time.perf_counter = stamp
script = sys.argv[1]; sys.argv = sys.argv[1:]
runpy.run_path(script, run_name="__main__")
print(json.dumps({"cpu_seconds": calls[1][1] - calls[0][1]}))
"""


def ours(binary, d, cell, hidden, layers, batch, epochs, lr, threads):
    out = subprocess.run(["dotnet", binary, "train", "--train", f"{d}/train.tsv", "--valid", f"{d}/valid.tsv",
                          "--cell", cell, "--hidden", str(hidden), "--layers", str(layers), "--batch", str(batch),
                          "--epochs", str(epochs), "--patience", str(epochs), "--lr", str(lr), "--threads", str(threads),
                          "--out", f"{d}/model-{cell}.json", "--json", "--quiet"],
                         check=True, capture_output=True, text=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    seen = epochs * count(f"{d}/train.tsv")
    return r["sequences_per_second"], seen / max(r["training_cpu_seconds"], 1e-9)


def torch(peer, d, cell, hidden, layers, batch, epochs, lr, threads):
    out = subprocess.run([sys.executable, "-c", WRAP, peer, "--train", f"{d}/train.tsv", "--test", f"{d}/test.tsv",
                          "--cell", cell, "--hidden", str(hidden), "--layers", str(layers), "--batch", str(batch),
                          "--epochs", str(epochs), "--lr", str(lr), "--threads", str(threads)],
                         check=True, capture_output=True, text=True).stdout.strip().splitlines()
    r, cpu = json.loads(out[-2]), json.loads(out[-1])["cpu_seconds"]
    return r["sequences_per_second"], r["train_sequences"] / max(cpu, 1e-9)


_counts = {}


def count(path):
    if path not in _counts:
        _counts[path] = sum(1 for line in open(path, encoding="utf-8") if line.strip() and not line.startswith("#"))
    return _counts[path]


def random_task(d, n, length, seed=1):
    os.makedirs(d, exist_ok=True)
    rng = random.Random(seed)
    for name, size in (("train", n), ("valid", 64), ("test", 64)):
        with open(f"{d}/{name}.tsv", "w", encoding="utf-8") as f:
            for _ in range(size):
                s = [rng.choice("01") for _ in range(length)]
                f.write(f"{s[0]}\t{' '.join(s)}\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True, help="Lisor.Pure.dll")
    ap.add_argument("--cells", default="srn,mgu,gru,lstm")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--lr", type=float, default=0.003)
    ap.add_argument("--large-train", type=int, default=640, help="training sequences of the 1×256 case")
    ap.add_argument("--large-epochs", type=int, default=2)
    ap.add_argument("--cases", default="paper,large")
    ap.add_argument("--data", default="/tmp/lisor-sidebyside-train")
    ap.add_argument("--peer", default=PEER, required=PEER is None, help="path of torch_train_tsv.py (default: $LISOR_PEERS/torch_train_tsv.py)")
    a = ap.parse_args()
    paper, large = f"{a.data}/t000", f"{a.data}/large"
    subprocess.run(["dotnet", a.binary, "data", "--task", "000", "--out", paper, "--quiet"], check=True, capture_output=True)
    random_task(large, a.large_train, 100)
    cases = {"paper": (paper, 10, 3, 32, a.epochs), "large": (large, 256, 1, 64, a.large_epochs)}
    print("| case | cell | threads | PyTorch seq/s | Lisor.Pure seq/s | ratio | PyTorch seq/CPU-s | Lisor.Pure seq/CPU-s | CPU ratio |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    for case in a.cases.split(","):
        d, hidden, layers, batch, epochs = cases[case]
        label = f"{layers}×{hidden}, batch {batch}, {epochs} epochs, {count(d + '/train.tsv')} seqs"
        for cell in a.cells.split(","):
            for t in (int(v) for v in a.threads.split(",")):
                pt, us = [], []
                for _ in range(a.reps):
                    pt.append(torch(a.peer, d, cell, hidden, layers, batch, epochs, a.lr, t))
                    us.append(ours(a.binary, d, cell, hidden, layers, batch, epochs, a.lr, t))
                med = lambda rows, i: statistics.median(r[i] for r in rows)
                print(f"| {label} | {cell} | {t} | {med(pt, 0):.0f} | {med(us, 0):.0f} | {med(us, 0) / med(pt, 0):.1f}× "
                      f"| {med(pt, 1):.0f} | {med(us, 1):.0f} | {med(us, 1) / med(pt, 1):.1f}× |", flush=True)


if __name__ == "__main__":
    main()
