#!/usr/bin/env bash
# Benchmark: a warm `./build.sh --help` against NUKE's way of starting a build
# (`dotnet build build/_build.csproj && dotnet run --project build/_build.csproj --no-build -- --help`),
# both measured in this run on this machine. Prints the medians and their ratio.
# Usage: benchmarks/bootstrap.sh [runs]   (default 5)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-5}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

milliseconds() { date +%s%3N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
measure() {
  local times=()
  for _ in $(seq "$runs"); do
    local start; start=$(milliseconds)
    "$@" >/dev/null 2>&1
    times+=($(( $(milliseconds) - start )))
  done
  printf '%s\n' "${times[@]}" | median
}

./build.sh --help >/dev/null   # warm: compiles once and writes the stamp
warm=$(measure ./build.sh --help)
nuke=$(measure bash -c 'dotnet build build/_build.csproj -nologo -clp:NoSummary --verbosity quiet && dotnet run --project build/_build.csproj --no-build -- --help')

echo "warm ./build.sh --help:                      ${warm} ms (median of $runs)"
echo "dotnet build && dotnet run --no-build --help: ${nuke} ms (median of $runs)"
awk -v w="$warm" -v n="$nuke" 'BEGIN { printf "ratio: %.2f (target: at most 0.33)\n", w / n }'
