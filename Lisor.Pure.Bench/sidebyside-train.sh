#!/bin/sh
# Lisor.Pure `train` against the PyTorch peer (torch_train_tsv.py in the peers folder:
# LISOR_PEERS=DIR or --peer PATH) on the same TSV files;
# alternated runs, medians, prints a Markdown ratio table (wall-clock and processor-time figures).
# Needs Debian's python3-torch and libopenblas0-openmp (see the peers folder's README).
# Usage: Lisor.Pure.Bench/sidebyside-train.sh [--cells srn,mgu,gru,lstm] [--threads 1,2] [--reps 5] [--epochs 5]
#        [--cases paper,large] [--large-train 640] [--large-epochs 2] [--lr 0.003] [--peer PATH]
set -eu
cd "$(dirname "$0")/.."
dotnet build -c Release Lisor.Pure >/dev/null
export LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp
# passive OpenMP waiting: on a shared, oversubscribed machine spinning workers stall PyTorch badly
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
exec /usr/bin/python3 Lisor.Pure.Bench/sidebyside-train.py --binary Lisor.Pure/bin/Release/net10.0/Lisor.Pure.dll "$@"
