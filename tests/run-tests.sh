#!/usr/bin/env bash
# The README's test command: installs what the suite needs on a fresh Debian machine (as root, or with sudo), then
# runs the whole suite and ends with one line "tests: N passed, N failed, N skipped". .ci/run calls exactly this.
# The tests read their data from tests/data (in the repository); nothing outside the clone is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# Independent Kafka clients the tests check our topics with (Debian packages).
need=()
[ -x /usr/bin/kcat ] || need+=(kcat)
# The browser test of the web page drives Debian's Chromium (tests/web/e2e.mjs).
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c "import avro, confluent_kafka" 2>/dev/null || need+=(python3-avro python3-confluent-kafka)
# PostgreSQL server binaries for the durable-mode tests, which start their own throwaway server (nothing runs globally).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# The disk-full test mounts a small tmpfs in a private mount namespace (unshare, mount: util-linux, mount).
command -v unshare >/dev/null || need+=(util-linux)
command -v mount >/dev/null || need+=(mount)
if [ ${#need[@]} -gt 0 ]; then
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# playwright-core for the browser test, at the version package-lock.json pins (it downloads no browser), and
# oauth2-mock-server, the OpenID Connect provider the page's own sign-in is tested against (tests/web/oidc-provider.mjs).
if [ ! -d tests/web/node_modules/playwright-core ] || [ ! -d tests/web/node_modules/oauth2-mock-server ]; then
  (cd tests/web && npm ci --no-audit --no-fund)
fi

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK (dotnet on PATH) is needed; see global.json" >&2; exit 1; }
dotnet --version
dotnet restore FinkXmatch.sln
# The native finkxmatch-cli, which tests/FinkXmatch.Cli.Tests run beside the managed executable (NativeCliTests).
dotnet publish silo/FinkXmatch.Cli -c Release -nologo

log=$(mktemp)
# Test child processes that died of a signal and were started again write here (tests/.../Durable/CrashReport.cs).
export FINKXMATCH_TEST_CRASH_LOG
FINKXMATCH_TEST_CRASH_LOG=$(mktemp)
set +e
dotnet test FinkXmatch.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

if [ -s "$FINKXMATCH_TEST_CRASH_LOG" ]; then
  echo "child processes that crashed during the run (the tests started them again):"
  cat "$FINKXMATCH_TEST_CRASH_LOG"
fi

# One plain closing line for CI: sum the per-assembly summaries of `dotnet test`.
awk '/(Passed|Failed)!  *- Failed:/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { gsub(",", "", p); printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log" "$FINKXMATCH_TEST_CRASH_LOG"
exit "$status"
