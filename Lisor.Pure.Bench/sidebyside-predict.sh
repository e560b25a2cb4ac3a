#!/bin/sh
# `Lisor.Pure predict` (the native AOT build when Lisor.Pure/bin/process/aot exists — sidebyside-process.sh makes it —
# else the Release build) against PyTorch inference (torch_predict.py, with the model of the peers folder's
# torch_train_tsv.py: LISOR_PEERS=DIR or --peer PATH) on the same TSV files; alternated runs, medians, a Markdown table.
# Needs Debian's python3-torch and libopenblas0-openmp (see the peers folder's README).
# --jit runs the Release build under `dotnet` even when the native one exists: the build `dotnet run` gives, whose
# JIT compiles for this CPU (512-bit products where it has them; the native build is compiled for x86-64-v3).
# --native-cpu instead publishes a native binary compiled for this CPU (-p:IlcInstructionSet=native, so with
# AVX-512 where it has it; it would not start on a CPU without this one's instructions) to Lisor.Pure/bin/process/aot-cpu
# and runs that.
# Usage: Lisor.Pure.Bench/sidebyside-predict.sh [--jit | --native-cpu] [--cells srn,mgu,gru,lstm] [--threads 1] [--reps 3] [--cases paper,large] [--paper-strings 3000]
set -eu
cd "$(dirname "$0")/.."
build=aot n=$#
while [ "$n" -gt 0 ]; do   # take --jit and --native-cpu out wherever they stand; the rest goes to the Python script
  a=$1; shift; n=$((n - 1))
  case "$a" in
    --jit|--native-cpu)
      [ "$build" = aot ] || { echo "error: --jit and --native-cpu exclude each other" >&2; exit 2; }
      build=${a#--} ;;
    *) set -- "$@" "$a" ;;
  esac
done
bin=Lisor.Pure/bin/process/aot/Lisor.Pure
if [ "$build" = native-cpu ]; then
  dotnet publish Lisor.Pure -c Release -r linux-x64 -p:PublishAot=true -p:IlcInstructionSet=native -o Lisor.Pure/bin/process/aot-cpu >/dev/null
  bin=Lisor.Pure/bin/process/aot-cpu/Lisor.Pure
fi
if [ "$build" = jit ] || [ ! -x $bin ]; then dotnet build -c Release Lisor.Pure >/dev/null; bin=Lisor.Pure/bin/Release/net10.0/Lisor.Pure.dll; fi
export LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
exec /usr/bin/python3 Lisor.Pure.Bench/sidebyside-predict.py --binary $bin "$@"
