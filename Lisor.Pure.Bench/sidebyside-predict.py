#!/usr/bin/python3
"""Inference side by side: `Lisor.Pure predict` against PyTorch inference (torch_predict.py beside this script,
using the model of the training peer torch_train_tsv.py: --peer or LISOR_PEERS) on the SAME TSV file, same cell,
sizes and thread count. Ours runs a model trained for one epoch by `train` (the weights do not change the time).
Runs alternate; medians over --reps of
  - the whole process: wall seconds and processor seconds (user + system, from the child's rusage), and
  - the inference alone: ours the `rnn_seconds` of `predict --json` (encoding each batch of 256, forward passes,
    softmax), PyTorch the forward passes and softmax under no_grad (batches of 256, length-sorted, encoded before the
    clock starts). Reading, parsing, writing and start-up are excluded on both sides.
Cases: the paper's sizes (task 000's 3000 training strings, lengths 5–20, 3 layers × 10) and a large one
(2000 random binary strings of length 100, 1 layer × 256)."""
import argparse, importlib.util, json, os, resource, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.environ.get("LISOR_PEERS")
PEER = os.path.join(PEERS, "torch_train_tsv.py") if PEERS else None


def timed(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = json.loads(out.strip().splitlines()[-1])
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), summary.get("rnn_seconds", summary["seconds"])


def random_task(d, n, length):
    """The training script's random binary task (train.tsv of n strings of `length` symbols, label = first symbol)."""
    spec = importlib.util.spec_from_file_location("sidebyside_train", os.path.join(HERE, "sidebyside-train.py"))
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    train.random_task(d, n, length)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True, help="our command: the native Lisor.Pure, or a Lisor.Pure.dll run by dotnet")
    ap.add_argument("--cells", default="srn,mgu,gru,lstm")
    ap.add_argument("--threads", default="1")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--cases", default="paper,large")
    ap.add_argument("--data", default="/tmp/lisor-sidebyside-predict")
    ap.add_argument("--paper-strings", type=int, default=3000,
                    help="task 000 strings to train on and classify in the paper case (`data --train N`); more make a timing of milliseconds less a matter of the first batch")
    ap.add_argument("--peer", default=PEER, required=PEER is None, help="path of torch_train_tsv.py (default: $LISOR_PEERS/torch_train_tsv.py)")
    a = ap.parse_args()
    ours = ["dotnet", a.binary] if a.binary.endswith(".dll") else [a.binary]
    paper, large = f"{a.data}/t000", f"{a.data}/large"
    if a.paper_strings < 1:
        print(f"error: --paper-strings must be at least 1, not {a.paper_strings}", file=sys.stderr)
        sys.exit(2)
    subprocess.run(ours + ["data", "--task", "000", "--out", paper, "--train", str(a.paper_strings), "--quiet"], check=True, capture_output=True)
    random_task(large, 2000, 100)
    cases = {"paper": (paper, 10, 3), "large": (large, 256, 1)}
    print(f"medians of {a.reps}; load average at start {os.getloadavg()[0]:.2f}")
    print("| case | cell | threads | PyTorch process s | ours process s | ratio | PyTorch CPU-s | ours CPU-s | CPU ratio "
          "| PyTorch inference s | ours inference s | ratio |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    for case in a.cases.split(","):
        d, hidden, layers = cases[case]
        data = f"{d}/train.tsv"
        for cell in a.cells.split(","):
            model = f"{d}/model-{cell}.lisor"
            subprocess.run(ours + ["train", "--train", data, "--valid", f"{d}/valid.tsv", "--cell", cell, "--hidden", str(hidden),
                                   "--layers", str(layers), "--epochs", "1", "--out", model, "--quiet"], check=True, capture_output=True)
            for t in (int(v) for v in a.threads.split(",")):
                pt, us = [], []
                for _ in range(a.reps):
                    pt.append(timed(["/usr/bin/python3", f"{HERE}/torch_predict.py", "--peer", a.peer, "--train", data, "--data", data,
                                     "--out", f"{d}/torch-{cell}.tsv", "--cell", cell, "--hidden", str(hidden), "--layers", str(layers),
                                     "--threads", str(t)]))
                    us.append(timed(ours + ["predict", "--model", model, "--data", data, "--out", f"{d}/ours-{cell}.tsv",
                                            "--threads", str(t), "--json", "--quiet"]))
                med = lambda rows, i: statistics.median(r[i] for r in rows)
                label = f"{layers}×{hidden}, {sum(1 for _ in open(data))} seqs"
                print(f"| {label} | {cell} | {t} | {med(pt, 0):.2f} | {med(us, 0):.3f} | **{med(pt, 0) / med(us, 0):.1f}×** "
                      f"| {med(pt, 1):.2f} | {med(us, 1):.3f} | {med(pt, 1) / max(med(us, 1), 1e-3):.1f}× "
                      f"| {med(pt, 2):.4f} | {med(us, 2):.4f} | **{med(pt, 2) / max(med(us, 2), 1e-4):.1f}×** |", flush=True)
    print(f"load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
