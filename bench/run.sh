#!/usr/bin/env bash
# Runs a benchmark end to end and prints its Markdown table (the README's performance figures come from here).
#   bench/run.sh catalog-csv [ROWS]     reading a generated CSV catalog (default 10,000,000 rows)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/FinkXmatch.Bench -c Release -v quiet -nologo >/dev/null
FINKXMATCH_BENCH_CACHE="$PWD/bench/.cache" dotnet bench/FinkXmatch.Bench/bin/Release/net10.0/FinkXmatch.Bench.dll "$@"
