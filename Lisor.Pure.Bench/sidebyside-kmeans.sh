#!/bin/sh
# Lisor.Pure `cluster` against scikit-learn KMeans on the same .npy files; prints a Markdown table.
# Needs Debian's python3-sklearn, python3-threadpoolctl and libopenblas0-openmp (see the peers folder's README).
# Usage: Lisor.Pure.Bench/sidebyside-kmeans.sh [--shapes 100000:64,1000000:16] [--k 16,64] [--threads 1,2] [--reps 3]
set -eu
cd "$(dirname "$0")/.."
dotnet build -c Release Lisor.Pure >/dev/null
export LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp
# passive OpenMP waiting: on a shared, oversubscribed machine spinning workers stall scikit-learn badly
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
exec /usr/bin/python3 Lisor.Pure.Bench/sidebyside-kmeans.py --binary Lisor.Pure/bin/Release/net10.0/Lisor.Pure "$@"
