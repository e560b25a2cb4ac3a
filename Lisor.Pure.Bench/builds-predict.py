#!/usr/bin/python3
"""`predict --json` of two builds of Lisor.Pure on task 000's strings at paper size (builds-predict.sh makes the builds):
for each cell, one build then the other (alternating which goes first), --reps times; the table gives the medians of
the inference alone (rnn_seconds) and of the whole process, old ÷ new. Both builds' predictions are compared byte for byte."""
import argparse, filecmp, json, os, statistics, subprocess, sys, time


def run(argv):
    """The whole process's wall seconds and its --json report."""
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(argv)} exited with {done.returncode}: {done.stderr.strip()}")
    return seconds, json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", required=True)
    ap.add_argument("--new", required=True)
    ap.add_argument("--reps", type=int, default=11)
    ap.add_argument("--strings", type=int, default=30000)
    ap.add_argument("--cells", default="srn,mgu,gru,lstm")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    if a.reps < 1 or a.strings < 1 or a.threads < 1:
        sys.exit("error: --reps, --strings and --threads take positive whole numbers")
    builds = {"old": a.old, "new": a.new}
    d = os.path.join(a.work, "t000")
    subprocess.run([a.new, "data", "--task", "000", "--out", d, "--train", str(a.strings), "--quiet"], check=True, capture_output=True)
    data = f"{d}/train.tsv"
    print(f"{a.strings} strings of task 000, 3 × 10, {a.threads} thread(s), medians of {a.reps}; load average at start {os.getloadavg()[0]:.2f}")
    print("| cell | steps / symbols | old inference ms | new inference ms | old ÷ new | old process ms | new process ms | old ÷ new | predictions |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    differ = False
    for cell in a.cells.split(","):
        model = f"{d}/model-{cell}.lisor"
        subprocess.run([a.new, "train", "--train", data, "--valid", f"{d}/valid.tsv", "--cell", cell, "--hidden", "10", "--layers", "3",
                        "--epochs", "1", "--out", model, "--quiet"], check=True, capture_output=True)
        times = {k: [] for k in builds}
        report = {}
        for r in range(a.reps):
            for k in (("old", "new") if r % 2 == 0 else ("new", "old")):
                seconds, report[k] = run([builds[k], "predict", "--model", model, "--data", data, "--out", f"{d}/{k}-{cell}.tsv",
                                          "--threads", str(a.threads), "--json", "--quiet"])
                times[k].append((report[k]["rnn_seconds"], seconds))
        same = filecmp.cmp(f"{d}/old-{cell}.tsv", f"{d}/new-{cell}.tsv", shallow=False)
        differ |= not same
        med = lambda k, i: statistics.median(t[i] for t in times[k])
        steps = f"{report['old']['rnn_steps']} → {report['new']['rnn_steps']} / {report['new']['rnn_symbols']}"
        print(f"| {cell} | {steps} | {med('old', 0) * 1000:.1f} | {med('new', 0) * 1000:.1f} | {med('old', 0) / med('new', 0):.2f}× "
              f"| {med('old', 1) * 1000:.1f} | {med('new', 1) * 1000:.1f} | {med('old', 1) / med('new', 1):.2f}× "
              f"| {'byte-identical' if same else 'DIFFERENT'} |", flush=True)
    print(f"load average at end {os.getloadavg()[0]:.2f}")
    if differ:
        sys.exit(1)


if __name__ == "__main__":
    main()
