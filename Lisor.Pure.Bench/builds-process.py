#!/usr/bin/python3
"""Whole-process wall time of two builds of Lisor.Pure on the same paper-size commands (builds-process.sh makes the
builds). Each command runs with one build, then the other (alternating which goes first), --reps times; the table
gives the medians of wall and processor time (user + system) and old ÷ new. Every output file of the two builds is compared byte for byte."""
import argparse, filecmp, os, resource, statistics, subprocess, sys, time


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
    a = ap.parse_args()
    if a.reps < 1 or a.threads < 1:
        sys.exit("error: --reps and --threads take positive whole numbers")
    builds = {"old": a.old, "new": a.new}
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


if __name__ == "__main__":
    main()
