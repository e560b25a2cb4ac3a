#!/usr/bin/python3
"""Whole-process wall time of two builds of Lisor.Pure on the same paper-size commands (builds-process.sh makes the
builds). Each command runs with one build, then the other (alternating which goes first), --reps times; the table
gives the medians of wall and processor time (user + system) and old ÷ new. Every output file of the two builds is compared byte for byte.
With --predict STRINGS: `predict --json` on task 000's strings instead, per cell, the medians of the inference alone
(rnn_seconds) and of the whole process; the predictions compared byte for byte."""
import argparse, filecmp, json, os, resource, statistics, subprocess, sys, time


def run(argv):
    """Wall seconds and processor seconds (user + system, from the child's rusage) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(argv)} exited with {done.returncode}: {done.stderr.strip()}")
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", required=True)
    ap.add_argument("--new", required=True)
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--work", required=True)
    ap.add_argument("--predict", type=int, default=0)
    ap.add_argument("--cells", default="srn,mgu,gru,lstm")
    a = ap.parse_args()
    if a.reps < 1 or a.threads < 1 or a.predict < 0:
        sys.exit("error: --reps, --threads and --predict take positive whole numbers")
    builds = {"old": a.old, "new": a.new}
    if a.predict:
        return predict_table(a, builds)
    t = ["--threads", str(a.threads), "--quiet"]

    def commands(d):
        return [
            ("data", ["data", "--task", "000", "--out", d, "--quiet"]),
            ("train", ["train", "--train", f"{d}/train.tsv", "--valid", f"{d}/valid.tsv", "--cell", "srn", "--hidden", "10",
                       "--layers", "3", "--epochs", "5", "--out", f"{d}/model.lisor"] + t),
            ("predict", ["predict", "--model", f"{d}/model.lisor", "--data", f"{d}/test.tsv", "--out", f"{d}/predictions.tsv"] + t),
            ("extract", ["extract", "--model", f"{d}/model.lisor", "--data", f"{d}/valid.tsv", "--out", f"{d}/fsa.json"] + t),
            ("extract, 3000 strings", ["extract", "--model", f"{d}/model.lisor", "--data", f"{d}/train.tsv", "--out", f"{d}/fsa-3000.json"] + t),
            ("classify", ["classify", "--fsa", f"{d}/fsa.json", "--data", f"{d}/test.tsv", "--predictions", f"{d}/classified.tsv"] + t),
        ]

    folders = {k: os.path.join(a.work, k) for k in builds}
    for f in folders.values():
        os.makedirs(f, exist_ok=True)
    times = {(name, k): [] for name, _ in commands("") for k in builds}
    for r in range(a.reps):
        order = ("old", "new") if r % 2 == 0 else ("new", "old")
        for name, _ in commands(""):
            for k in order:
                argv = dict(commands(folders[k]))[name]
                times[(name, k)].append(run([builds[k]] + argv))
    same = filecmp.dircmp(folders["old"], folders["new"])
    differ = same.diff_files + same.left_only + same.right_only
    print(f"medians of {a.reps}, {a.threads} thread(s); load average at end {os.getloadavg()[0]:.2f}; "
          f"outputs {'byte-identical' if not differ else 'DIFFERENT: ' + ', '.join(differ)}")
    print("| command | old ms | new ms | old ÷ new | old CPU ms | new CPU ms | CPU old ÷ new |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, _ in commands(""):
        med = lambda k, i: statistics.median(r[i] for r in times[(name, k)])
        old, new, old_cpu, new_cpu = med("old", 0), med("new", 0), med("old", 1), med("new", 1)
        print(f"| {name} | {old * 1000:.1f} | {new * 1000:.1f} | {old / new:.2f}× "
              f"| {old_cpu * 1000:.1f} | {new_cpu * 1000:.1f} | {old_cpu / max(new_cpu, 1e-4):.2f}× |")
    if differ:
        sys.exit(1)


def predict_table(a, builds):
    """`predict --json` of both builds on a.predict strings of task 000, a 3 × 10 model per cell (one epoch, the new build)."""
    d = os.path.join(a.work, "t000")
    subprocess.run([a.new, "data", "--task", "000", "--out", d, "--train", str(a.predict), "--quiet"], check=True, capture_output=True)
    data = f"{d}/train.tsv"
    print(f"{a.predict} strings of task 000, 3 × 10, {a.threads} thread(s), medians of {a.reps}; load average at start {os.getloadavg()[0]:.2f}")
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
                argv = [builds[k], "predict", "--model", model, "--data", data, "--out", f"{d}/{k}-{cell}.tsv",
                        "--threads", str(a.threads), "--json", "--quiet"]
                start = time.perf_counter()
                done = subprocess.run(argv, capture_output=True, text=True)
                seconds = time.perf_counter() - start
                if done.returncode != 0:
                    sys.exit(f"error: {' '.join(argv)} exited with {done.returncode}: {done.stderr.strip()}")
                report[k] = json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])
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
