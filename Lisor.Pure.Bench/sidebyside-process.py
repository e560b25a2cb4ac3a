#!/usr/bin/python3
"""Whole processes side by side: what a user waits for. A `train` run of Lisor.Pure, built three ways —
  jit  the `dotnet build` output run by the dotnet host (every method JIT-compiled at first call),
  r2r  `dotnet publish -p:PublishReadyToRun=true` (framework-dependent; methods precompiled, the rest JIT),
  aot  `dotnet publish -p:PublishAot=true` (one native binary, no JIT, no IL) —
against a whole PyTorch process (torch_train_tsv.py from the peers folder, --peer or LISOR_PEERS) on the SAME
TSV files, same cell, sizes, batch, epochs, learning rate and thread count. Each timing is the whole process,
from exec to exit: start-up, `import torch` or the runtime, reading the data, training, evaluation, writing.
Runs alternate (PyTorch, then each of ours) and the table reports medians over --reps rounds of
  - wall-clock seconds of the process, and
  - processor seconds of the process (user + system, from the child's rusage) — steadier on a loaded machine.
Our three builds must write byte-identical model files; the script checks it on every run and stops if not."""
import argparse, hashlib, os, resource, statistics, subprocess, sys, time

PEERS = os.environ.get("LISOR_PEERS")  # the peers folder (not part of the repository); no default
PEER = os.path.join(PEERS, "torch_train_tsv.py") if PEERS else None


def timed(argv):
    """Wall and processor seconds of one child process run to completion."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def ours_argv(cmd, d, cell, hidden, layers, batch, epochs, lr, threads, out):
    return cmd + ["train", "--train", f"{d}/train.tsv", "--valid", f"{d}/valid.tsv", "--test", f"{d}/test.tsv",
                  "--cell", cell, "--hidden", str(hidden), "--layers", str(layers), "--batch", str(batch),
                  "--epochs", str(epochs), "--patience", str(epochs), "--lr", str(lr), "--threads", str(threads),
                  "--out", out, "--quiet"]


def torch_argv(peer, d, cell, hidden, layers, batch, epochs, lr, threads):
    return ["/usr/bin/python3", peer, "--train", f"{d}/train.tsv", "--test", f"{d}/test.tsv", "--cell", cell,
            "--hidden", str(hidden), "--layers", str(layers), "--batch", str(batch), "--epochs", str(epochs),
            "--lr", str(lr), "--threads", str(threads)]


def digest(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jit", required=True, help="Lisor.Pure.dll of `dotnet build -c Release`")
    ap.add_argument("--r2r", help="Lisor.Pure.dll of the ReadyToRun publish")
    ap.add_argument("--aot", help="the native Lisor.Pure binary of the AOT publish")
    ap.add_argument("--cells", default="srn,mgu,gru,lstm")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--hidden", type=int, default=10)
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--lr", type=float, default=0.003)
    ap.add_argument("--data", default="/tmp/lisor-sidebyside-process")
    ap.add_argument("--peer", default=PEER, required=PEER is None, help="path of torch_train_tsv.py (default: $LISOR_PEERS/torch_train_tsv.py)")
    a = ap.parse_args()
    builds = [("JIT", ["dotnet", a.jit])]
    if a.r2r: builds.append(("R2R", ["dotnet", a.r2r]))
    if a.aot: builds.append(("AOT", [a.aot]))
    d = f"{a.data}/t000"
    subprocess.run(["dotnet", a.jit, "data", "--task", "000", "--out", d, "--quiet"], check=True, capture_output=True)
    print(f"task 000 ({d}), {a.layers}×{a.hidden}, batch {a.batch}, {a.epochs} epochs; medians of {a.reps}; "
          f"load average at start {os.getloadavg()[0]:.2f}", flush=True)
    names = [n for n, _ in builds]
    print("| cell | threads | PyTorch s | " + " | ".join(f"{n} s" for n in names) + " | "
          + " | ".join(f"{n} ratio" for n in names) + " | PyTorch CPU-s | " + " | ".join(f"{n} CPU-s" for n in names)
          + " | " + " | ".join(f"{n} CPU ratio" for n in names) + " |")
    print("|---|---:|" + "---:|" * (2 + 4 * len(names)), flush=True)
    for cell in a.cells.split(","):
        for t in (int(v) for v in a.threads.split(",")):
            peer, ours = [], {n: [] for n in names}
            for _ in range(a.reps):
                peer.append(timed(torch_argv(a.peer, d, cell, a.hidden, a.layers, a.batch, a.epochs, a.lr, t)))
                sums = set()
                for n, cmd in builds:
                    out = f"{a.data}/model-{cell}-{t}-{n}.lisor"
                    ours[n].append(timed(ours_argv(cmd, d, cell, a.hidden, a.layers, a.batch, a.epochs, a.lr, t, out)))
                    sums.add(digest(out))
                if len(sums) != 1:
                    sys.exit(f"error: the builds wrote different models for {cell}, {t} threads")
            med = lambda rows, i: statistics.median(r[i] for r in rows)
            pw, pc = med(peer, 0), med(peer, 1)
            print(f"| {cell} | {t} | {pw:.2f} | " + " | ".join(f"{med(ours[n], 0):.3f}" for n in names)
                  + " | " + " | ".join(f"**{pw / med(ours[n], 0):.1f}×**" for n in names)
                  + f" | {pc:.2f} | " + " | ".join(f"{med(ours[n], 1):.3f}" for n in names)
                  + " | " + " | ".join(f"{pc / max(med(ours[n], 1), 1e-3):.1f}×" for n in names) + " |", flush=True)
    print(f"load average at end {os.getloadavg()[0]:.2f}; same model bytes from every build: yes", flush=True)


if __name__ == "__main__":
    main()
