#!/bin/sh
# Whole-process `train` of Lisor.Pure — JIT (`dotnet build`), ReadyToRun and native AOT builds side by side —
# against a whole PyTorch process (torch_train_tsv.py in the peers folder: LISOR_PEERS=DIR or --peer PATH) on the
# same TSV files; alternated runs, medians, a Markdown table of wall and processor seconds per process.
# Needs Debian's python3-torch and libopenblas0-openmp (see the peers folder's README), and clang for the AOT build.
# Usage: Lisor.Pure.Bench/sidebyside-process.sh [--no-publish] [--cells srn,mgu,gru,lstm] [--threads 1,2] [--reps 3]
#        [--epochs 5] [--batch 32] [--hidden 10] [--layers 3] [--peer PATH]
# --no-publish reuses the builds under Lisor.Pure/bin/process/ from an earlier run.
set -eu
cd "$(dirname "$0")/.."
out=Lisor.Pure/bin/process
if [ "${1:-}" = "--no-publish" ]; then shift; else
  dotnet build -c Release Lisor.Pure >/dev/null
  dotnet publish Lisor.Pure -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o $out/r2r >/dev/null
  dotnet publish Lisor.Pure -c Release -r linux-x64 -p:PublishAot=true -o $out/aot >/dev/null
fi
export LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp
# passive OpenMP waiting: on a shared, oversubscribed machine spinning workers stall PyTorch badly
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
exec /usr/bin/python3 Lisor.Pure.Bench/sidebyside-process.py --jit Lisor.Pure/bin/Release/net10.0/Lisor.Pure.dll \
  --r2r $out/r2r/Lisor.Pure.dll --aot $out/aot/Lisor.Pure "$@"
