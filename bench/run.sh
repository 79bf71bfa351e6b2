#!/usr/bin/env bash
# Runs a benchmark end to end and prints its Markdown table (the README's performance figures come from here).
#   bench/run.sh catalog-csv [ROWS]     reading a generated CSV catalog (default 10,000,000 rows)
#   bench/run.sh catalog-parquet [SOURCES] [RADII] [REPEATS]   the catalog's share of a job, stage by stage: inspecting,
#                                       loading and indexing the Parquet catalog of `peers` (defaults 1000000,10000000
#                                       1.5,60 3), managed bytes held per source, peak RSS
#   bench/run.sh xmatch [OPTIONS]       crossmatch from Parquet on disk, ZTF and LSST (Rubin) datalakes one configuration
#                                       after the other; writes bench/results.md. Generates once into
#                                       bench/.cache per survey a 100 x 100,000-alert datalake (ZTF 7 GiB, LSST 17 GiB) and
#                                       one with real-sized cutouts (ZTF 500,000 alerts, 3 x 13 kB, 19 GiB; LSST 100,000
#                                       alerts, 3 x 35 kB, 10 GiB). Options (defaults): --survey both (ztf, lsst: that
#                                       survey only) --nights 100 --alerts-per-night 100000 --cutout-alerts 500000 (ZTF; 0:
#                                       none) --lsst-cutout-alerts 100000
#                                       --catalogs 75000,1000000,10000000 --radii 1.5,60 --repeats 3 --threads NPROC
#                                       --equal-reach on (also each larger catalog at the radius where it reaches as much
#                                       sky as the smallest at the largest radius: the time at a fixed answer size)
#                                       --scan-plans kept (files opened through the scan plans of the runs before, as
#                                       every job but a night's first; read: plans read from the footers in every run;
#                                       stored: plans read from disk in every run, as a night's first job after a restart)
#                                       --check on (off: no brute-force reference check, which at 10 M sources is most of
#                                       the process; for comparing builds' stage times)
#   bench/run.sh peers [OPTIONS]        whole `finkxmatch-cli xmatch` processes (the native executable, published first;
#                                       FINKXMATCH_PEERS_CLI=managed: the managed `finkxmatch`) against DuckDB (bench/FinkXmatch.Bench.DuckDb: the
#                                       Zones algorithm in SQL, 2 threads) on the same datalake and catalog files, alternating,
#                                       medians, both checked against each other and the brute-force reference; start-up costs
#                                       (empty night range, service to /health 200). Writes bench/results-peers.md. Generates
#                                       once per survey a datalake of NIGHTS x ALERTS (ZTF 20 x 250,000: 5 M alerts). Options
#                                       (defaults): --survey both --nights 20 --alerts-per-night 250000
#                                       --catalogs 75000,1000000,10000000 --radii 1.5,60 --repeats 3 --skip 10000000@60 (none:
#                                       none skipped) --startup-repeats 5 --threads 2
#   bench/run.sh match [NIGHTS] [CATALOGS] [RADII]   the match stage alone, one thread, positions in memory, and
#                                       its RA/Dec cell mask alone (defaults: 10 nights of the 100-night datalake,
#                                       75000,1000000,10000000, 1.5,60)
#   bench/run.sh open [DATALAKE...]    opening files (whole footer, scan plan read, on disk, kept) and reading
#                                       their positions, ns per alert, one thread, over the datalakes cached by xmatch
#   bench/run.sh smalljob [OPTIONS]    submit -> completed of small jobs on the service host (in process, loopback HTTP,
#                                       embedded Kafka), with the job's phases. Options (defaults): --jobs 20 --warmup 3
#                                       --nights 5 --alerts-per-night 20000 --sources 1000 --radius 1.5
#   bench/run.sh conesearch [OPTIONS]  the sky index of a generated ZTF datalake (build rate, bytes per alert) and cone
#                                       searches through it, cold and warm, median and p99. Options (defaults): --nights 100
#                                       --alerts-per-night 100000 --queries 200 --radius 5 (arcsec); then catalogs of
#                                       --xmatch-sources 1000,5000,20000,50000 at 1.5" crossmatched through the index and by
#                                       the full scan (median of --repeats 3)
#   bench/run.sh avro                   our Avro encoder against Apache.Avro on the real sample of tests/data/kafka
set -euo pipefail
# Generated inputs go to bench/.cache unless FINKXMATCH_BENCH_CACHE names another directory (checkouts can share one).
cd "$(dirname "$0")/.."
dotnet build bench/FinkXmatch.Bench -c Release -v quiet -nologo >/dev/null
results=""
if [[ "${1:-}" == xmatch ]]; then results="$PWD/bench/results.md"; fi
if [[ "${1:-}" == peers ]]; then
    results="$PWD/bench/results-peers.md"
    dotnet build bench/FinkXmatch.Bench.DuckDb -c Release -v quiet -nologo >/dev/null
    # The jobs run by the native finkxmatch-cli (published here), or with FINKXMATCH_PEERS_CLI=managed by the managed
    # finkxmatch; the service's start-up is the managed executable's either way. The report names the one measured.
    export FINKXMATCH_SERVICE="$PWD/silo/FinkXmatch.Silo/bin/Release/net10.0/finkxmatch"
    if [[ "${FINKXMATCH_PEERS_CLI:-native}" == managed ]]; then
        export FINKXMATCH_CLI="$FINKXMATCH_SERVICE"
    else
        dotnet publish silo/FinkXmatch.Cli -c Release -v quiet -nologo >/dev/null
        export FINKXMATCH_CLI="$PWD/silo/FinkXmatch.Cli/bin/Release/net10.0/$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')/publish/finkxmatch-cli"
    fi
    export FINKXMATCH_DUCKDB_PEER="$PWD/bench/FinkXmatch.Bench.DuckDb/bin/Release/net10.0/duckdb-xmatch"
fi
# The match stage alone and the opening of files are compared between builds: compiled fully optimized from the start, so that the JIT's tiers
# are not one of the differences between runs (with them, 75 k sources at 5.2" measured 11.4 ns per alert six times,
# then 5.3; steps within a run still happen without them, more rarely: read the runs, not only the median).
if [[ "${1:-}" == match || "${1:-}" == open ]]; then export DOTNET_TieredCompilation=0; fi
FINKXMATCH_BENCH_CACHE="${FINKXMATCH_BENCH_CACHE:-$PWD/bench/.cache}" FINKXMATCH_BENCH_RESULTS="$results" FINKXMATCH_TEST_DATA="$PWD/tests/data" \
    dotnet bench/FinkXmatch.Bench/bin/Release/net10.0/FinkXmatch.Bench.dll "$@"
