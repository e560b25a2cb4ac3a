#!/usr/bin/python3
"""Side by side: scikit-learn KMeans (lloyd, k-means++ init, n_init=1) and `Lisor.Pure cluster`
on the SAME .npy file, same k, same thread count, same stopping rule (tol on the summed squared
centre shift relative to the mean variance, or no label change). Runs alternate (sklearn, ours)
and the table reports medians over --reps seeds: wall seconds of the fit alone (file reading
excluded on both sides) and the process CPU seconds it used (the fairer figure on a loaded machine). Data: the kmeans.py peer's make_data
(32 overlapping Gaussian sources through tanh, float32)."""
import argparse, json, os, statistics, subprocess, sys, time
import numpy as np
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits


def make_data(N, D, seed=0, n_src=32):  # identical to the kmeans.py peer's
    rng = np.random.default_rng(seed)
    centers = rng.standard_normal((n_src, D)).astype(np.float32)
    lab = rng.integers(0, n_src, size=N)
    X = centers[lab] + rng.standard_normal((N, D), dtype=np.float32)
    np.tanh(X, out=X)
    return np.ascontiguousarray(X, dtype=np.float32)


def sklearn_fit(X, k, threads, seed, tol):
    with threadpool_limits(limits=threads):
        km = KMeans(n_clusters=k, init="k-means++", n_init=1, algorithm="lloyd", tol=tol, random_state=seed)
        t0, c0 = time.perf_counter(), time.process_time()
        km.fit(X)
        return time.perf_counter() - t0, float(km.inertia_), int(km.n_iter_), time.process_time() - c0


def ours_fit(binary, path, k, threads, seed, tol):
    # `bench kmeans --data` times one fit after a small warm-up fit (JIT excluded, as sklearn's
    # compiled code needs none); `cluster` on the same file gives the same result, JIT included.
    out = subprocess.run([binary, "bench", "kmeans", "--data", path, "--clusters", str(k), "--threads", str(threads),
                          "--seed", str(seed + 1), "--tolerance", str(tol), "--json"],
                         check=True, capture_output=True, text=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    return r["seconds"], r["inertia"], r["iterations"], r["cpu_seconds"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--shapes", default="100000:64,1000000:16")
    ap.add_argument("--k", default="16,64")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--data", default="/tmp/lisor-kmeans")
    a = ap.parse_args()
    os.makedirs(a.data, exist_ok=True)
    print(f"| N | D | k | threads | sklearn s | Lisor.Pure s | speed-up | sklearn CPU s | Lisor.Pure CPU s | CPU ratio | sklearn iters | ours iters | inertia ours/sklearn |")
    print(f"|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    for shape in a.shapes.split(","):
        N, D = (int(v) for v in shape.split(":"))
        path = os.path.join(a.data, f"kmeans_N{N}_D{D}.npy")
        X = make_data(N, D)
        np.save(path, X)
        for k in (int(v) for v in a.k.split(",")):
            for t in (int(v) for v in a.threads.split(",")):
                sk, us = [], []
                for rep in range(a.reps):
                    sk.append(sklearn_fit(X, k, t, rep, a.tol))
                    us.append(ours_fit(a.binary, path, k, t, rep, a.tol))
                med = lambda rows, i: statistics.median(r[i] for r in rows)
                print(f"| {N} | {D} | {k} | {t} | {med(sk, 0):.3f} | {med(us, 0):.3f} | {med(sk, 0) / med(us, 0):.2f}× "
                      f"| {med(sk, 3):.3f} | {med(us, 3):.3f} | {med(sk, 3) / med(us, 3):.2f}× "
                      f"| {med(sk, 2):g} | {med(us, 2):g} | {med(us, 1) / med(sk, 1):.4f} |", flush=True)


if __name__ == "__main__":
    main()
