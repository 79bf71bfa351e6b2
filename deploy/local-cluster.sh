#!/usr/bin/env bash
# A FinkXmatch cluster on one machine: PostgreSQL, one Kafka broker (`finkxmatch kafka serve`) and N silo processes
# (default 3) sharing one database, one data directory and one datalake; each silo has its own HTTP, silo and gateway
# port; and one front end (`finkxmatch api`: the HTTP API and web page alone, an Orleans client of the silos) on
# HTTP_PORT+SILOS. Prints the URLs and runs until Ctrl-C, then stops everything it started (and only that). A front end
# that exits (or is killed) is started again, as a supervisor would: it holds nothing, the silos keep every job.
#
#   deploy/local-cluster.sh                      # throwaway PostgreSQL in the state directory, demo datalake
#   FINKXMATCH_STORAGE=postgres://u:p@h:5432/db deploy/local-cluster.sh   # an existing database instead
#   FINKXMATCH_DATALAKE=/data/fink deploy/local-cluster.sh                 # a real datalake instead of the demo
#
# Settings (environment): SILOS (3), STATE_DIR (./local-cluster: data/, datalake, PostgreSQL, logs),
# HTTP_PORT (5081: silo i listens on HTTP_PORT+i), SILO_PORT (11111), GATEWAY_PORT (30001), PG_PORT (55432).
# Needs the .NET SDK, and for the throwaway database the PostgreSQL server binaries (Debian: apt-get install postgresql).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
silos=${SILOS:-3}
state=$(mkdir -p "${STATE_DIR:-local-cluster}" && cd "${STATE_DIR:-local-cluster}" && pwd)
http_port=${HTTP_PORT:-5081}
silo_port=${SILO_PORT:-11111}
gateway_port=${GATEWAY_PORT:-30001}
pg_port=${PG_PORT:-55432}
logs=$state/logs
mkdir -p "$logs" "$state/data"

pids=()
api_pid=""
pg_dir=""
as_postgres=()
[ "$(id -u)" = 0 ] && as_postgres=(runuser -u postgres --)

stop_all() {
  trap - INT TERM EXIT
  echo
  echo "stopping..."
  # SIGTERM lets each silo leave the cluster cleanly; wait for each process we started, by its id.
  for pid in "${pids[@]}" $api_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}" $api_pid; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$pg_dir" ]; then "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_dir" -m fast -w stop >/dev/null || true; fi
  echo "stopped (state kept in $state)"
  exit "${1:-0}"
}
# The end of a log without the stack frames, which would hide the message.
last_words() { grep -v '^[[:space:]]*at ' "$1" | tail -8 >&2; }

trap 'stop_all 0' INT TERM
trap 'stop_all $?' EXIT

echo "building FinkXmatch (Release)..."
dotnet build "$repo/silo/FinkXmatch.Silo" -c Release -v quiet -nologo >"$logs/build.log" 2>&1 \
  || { echo "error: build failed, see $logs/build.log" >&2; exit 1; }
finkxmatch=(dotnet "$repo/silo/FinkXmatch.Silo/bin/Release/net10.0/finkxmatch.dll")

# 1. PostgreSQL: the given URL, or a throwaway server in the state directory (kept between runs, like the data).
storage=${FINKXMATCH_STORAGE:-}
if [ -z "$storage" ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$pg_bin/initdb" ] || { echo "error: no PostgreSQL server binaries; apt-get install postgresql, or set FINKXMATCH_STORAGE" >&2; exit 1; }
  pg_dir=$state/postgres
  if [ ! -f "$pg_dir/PG_VERSION" ]; then
    mkdir -p "$pg_dir"
    [ ${#as_postgres[@]} -gt 0 ] && chown postgres "$pg_dir"
    "${as_postgres[@]}" "$pg_bin/initdb" -D "$pg_dir" -U finkxmatch --auth=trust -E UTF8 >"$logs/initdb.log"
  fi
  "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" -w \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1" start >/dev/null
  "${as_postgres[@]}" "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U finkxmatch -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'finkxmatch'" | grep -q 1 \
    || "${as_postgres[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U finkxmatch finkxmatch
  storage=postgres://finkxmatch@127.0.0.1:$pg_port/finkxmatch
fi

# 2. One datalake for every silo: the given one, or a small demo generated once.
datalake=${FINKXMATCH_DATALAKE:-$state/datalake}
if [ -z "${FINKXMATCH_DATALAKE:-}" ] && [ ! -d "$datalake" ]; then
  echo "generating a demo datalake in $datalake..."
  "${finkxmatch[@]}" datalake generate --out "$datalake" --nights 3 --alerts-per-night 2000 --cutout-bytes 1000 >"$logs/datalake.log" 2>&1
fi

# 3. One Kafka broker for the result topics of every silo.
rm -f "$state/kafka.address"
"${finkxmatch[@]}" kafka serve --port-file "$state/kafka.address" >"$logs/kafka.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$state/kafka.address" ] && break; sleep 0.1; done
kafka=$(cat "$state/kafka.address")

# 4. The silos: same database, data directory, datalake and broker; their own ports.
urls=()
for i in $(seq 0 $((silos - 1))); do
  url=http://127.0.0.1:$((http_port + i))
  FINKXMATCH__STORAGE=$storage "${finkxmatch[@]}" --urls "$url" --data-dir "$state/data" --datalake "$datalake" \
    --kafka "$kafka" --silo-port $((silo_port + i)) --gateway-port $((gateway_port + i)) >"$logs/silo$i.log" 2>&1 &
  pids+=($!)
  urls+=("$url")
done

for i in "${!urls[@]}"; do
  for _ in $(seq 240); do
    curl -sf "${urls[$i]}/health" >/dev/null 2>&1 && break
    kill -0 "${pids[$((i + 1))]}" 2>/dev/null || { echo "error: silo $i exited; see $logs/silo$i.log" >&2; last_words "$logs/silo$i.log"; exit 1; }
    sleep 0.5
  done
  curl -sf "${urls[$i]}/health" >/dev/null || { echo "error: silo $i not healthy after 2 min; see $logs/silo$i.log" >&2; exit 1; }
done

# 5. A front end beside the silos: it scales apart from them, and stopping it loses nothing.
front_url=http://127.0.0.1:$((http_port + silos))
start_front_end() {
  FINKXMATCH__STORAGE=$storage "${finkxmatch[@]}" api --urls "$front_url" --data-dir "$state/data" --datalake "$datalake" \
    --kafka "$kafka" >>"$logs/api.log" 2>&1 &
  api_pid=$!
  for _ in $(seq 240); do
    curl -sf "$front_url/health" >/dev/null 2>&1 && return 0
    kill -0 "$api_pid" 2>/dev/null || { echo "error: the front end exited; see $logs/api.log" >&2; last_words "$logs/api.log"; exit 1; }
    sleep 0.5
  done
  echo "error: the front end is not healthy after 2 min; see $logs/api.log" >&2
  exit 1
}
start_front_end

echo
echo "FinkXmatch cluster of $silos silos is running (Ctrl-C stops it)"
for i in "${!urls[@]}"; do
  echo "  silo $i   ${urls[$i]}/api/v1   dashboard ${urls[$i]}/dashboard   (silo port $((silo_port + i)), gateway $((gateway_port + i)))"
done
echo "  api      $front_url/   (finkxmatch api: front end, no silo; pid $api_pid)"
echo "  storage  ${storage%%://*}://$(echo "${storage#*://}" | sed 's/:[^:@]*@/:***@/')"
echo "  Kafka    $kafka"
echo "  data     $state/data"
echo "  datalake $datalake"
echo "  logs     $logs"

# Until Ctrl-C, or until a silo or the broker ends by itself. A front end that ends is started again (one that
# cannot get healthy stops the script: start_front_end exits).
while true; do
  ended=""
  wait -n -p ended "${pids[@]}" "$api_pid" || true
  [ -n "$ended" ] || { echo "no process of the cluster is left; see $logs" >&2; exit 1; }
  if [ "$ended" = "$api_pid" ]; then
    echo "the front end (pid $ended) exited; the silos keep every job: starting it again" >&2
    start_front_end
    echo "  api      $front_url/   (started again; pid $api_pid)"
    continue
  fi
  echo "a process of the cluster exited (pid $ended); see $logs" >&2
  exit 1
done
