#!/usr/bin/env bash
# Starts the whole system on this machine: a private PostgreSQL (data kept under .data/),
# the schema, a silo serving the API (or a separate API process: --separate-api) and a demo
# catalog; with --standby, a synchronous standby beside PostgreSQL (deploy/local/database.sh).
# Ctrl-C stops everything.
# Options: --help (each also reads an environment variable).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
api_port="${ECOMMERCE_API_PORT:-5000}"
silo_web_port="${ECOMMERCE_SILO_WEB_PORT:-5200}"
api_operator_port="${ECOMMERCE_API_OPERATOR_PORT:-5300}"
simulators_port="${ECOMMERCE_SIMULATORS_PORT:-5100}"
pg_port="${ECOMMERCE_PG_PORT:-5532}"
data_dir="${ECOMMERCE_DATA_DIR:-$repo/.data}"
demo_products="${ECOMMERCE_DEMO_PRODUCTS:-1000}"
silos="${ECOMMERCE_SILOS:-1}"
separate_api="${ECOMMERCE_SEPARATE_API:-}"
silo_port="${ECOMMERCE_SILO_PORT:-11111}"
gateway_port="${ECOMMERCE_GATEWAY_PORT:-30000}"
with_standby="${ECOMMERCE_STANDBY:-}"
standby_port="${ECOMMERCE_PG_STANDBY_PORT:-}"

usage() {
  cat <<'USAGE'
Usage: bash deploy/local/run.sh [options]
  --api-port N        API port (silo i serves it on N+i) [ECOMMERCE_API_PORT, default 5000]
  --silo-web-port N   first silo's operator port (health, metrics, dashboard)
                                                      [ECOMMERCE_SILO_WEB_PORT, default 5200]
  --api-operator-port N  the separate API's operator port (health, metrics)
                                                      [ECOMMERCE_API_OPERATOR_PORT, default 5300]
  --simulators-port N simulated outside services      [ECOMMERCE_SIMULATORS_PORT, default 5100]
  --pg-port N         private PostgreSQL's port       [ECOMMERCE_PG_PORT, default 5532]
  --data-dir DIR      where PostgreSQL keeps data     [ECOMMERCE_DATA_DIR, default <repo>/.data]
  --products N        demo catalog size               [ECOMMERCE_DEMO_PRODUCTS, default 1000]
  --silos N           silos to start (ports +1 each)  [ECOMMERCE_SILOS, default 1]
  --silo-port N       first silo's silo-to-silo port  [ECOMMERCE_SILO_PORT, default 11111]
  --gateway-port N    first silo's gateway port       [ECOMMERCE_GATEWAY_PORT, default 30000]
  --separate-api      run the API as a process of its own, an Orleans client of the
                      silos, instead of in each silo  [ECOMMERCE_SEPARATE_API=1]
  --standby           a synchronous streaming standby beside PostgreSQL; the shop connects to
                      whichever is primary. Fail over and back with deploy/local/database.sh
                      (promote, rejoin)                [ECOMMERCE_STANDBY=1]
  --standby-port N    the standby's port              [ECOMMERCE_PG_STANDBY_PORT, default --pg-port + 1]
USAGE
}

# An option's value, or the usage when it is missing.
value() {
  if [[ $# -lt 2 || -z "$2" || "$2" == --* ]]; then
    echo "$1 needs a value." >&2
    usage >&2
    exit 2
  fi
  printf '%s' "$2"
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --api-port) api_port="$(value "$@")"; shift 2 ;;
    --silo-web-port) silo_web_port="$(value "$@")"; shift 2 ;;
    --api-operator-port) api_operator_port="$(value "$@")"; shift 2 ;;
    --simulators-port) simulators_port="$(value "$@")"; shift 2 ;;
    --pg-port) pg_port="$(value "$@")"; shift 2 ;;
    --data-dir) data_dir="$(value "$@")"; shift 2 ;;
    --products) demo_products="$(value "$@")"; shift 2 ;;
    --silos) silos="$(value "$@")"; shift 2 ;;
    --silo-port) silo_port="$(value "$@")"; shift 2 ;;
    --gateway-port) gateway_port="$(value "$@")"; shift 2 ;;
    --separate-api) separate_api=1; shift ;;
    --standby) with_standby=1; shift ;;
    --standby-port) standby_port="$(value "$@")"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# --- PostgreSQL -------------------------------------------------------------------------
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
if [[ -z "$pg_bin" || ! -x "$pg_bin/initdb" ]]; then
  # The README's two commands are the whole set-up: install the server as CI does.
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  command -v apt-get >/dev/null || die "PostgreSQL server binaries not found, and no apt-get to install them: install PostgreSQL 15 or later."
  log "Installing PostgreSQL (apt-get install postgresql)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
  [[ -n "$pg_bin" && -x "$pg_bin/initdb" ]] || die "PostgreSQL server binaries still not found after installing."
fi
command -v dotnet >/dev/null || die "The .NET 10 SDK is required (dotnet not on PATH)."
command -v curl >/dev/null || die "curl is required: sudo apt-get install -y curl"

as_postgres() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_data="$data_dir/postgres"
mkdir -p "$data_dir" "$data_dir/logs"
if [[ ! -s "$pg_data/PG_VERSION" ]]; then
  log "Creating a private PostgreSQL cluster in $pg_data"
  mkdir -p "$pg_data"
  [[ "$(id -u)" == 0 ]] && chown postgres:postgres "$pg_data" && chmod 700 "$pg_data"
  as_postgres test -w "$pg_data" || die "The postgres user cannot write $pg_data; choose another --data-dir."
  as_postgres "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$data_dir/logs/initdb.log"
  cat >>"$pg_data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pg_data'
max_connections = 200
CONF
fi
standby_port="${standby_port:-$((pg_port + 1))}"
# The pair's scripts take the same folder and ports.
export ECOMMERCE_DATA_DIR="$data_dir" ECOMMERCE_PG_PORT="$pg_port" ECOMMERCE_PG_STANDBY_PORT="$standby_port"
database() { bash "$repo/deploy/local/database.sh" "$@"; }
if [[ -n "$with_standby" ]] && ! grep -q '^wal_log_hints' "$pg_data/postgresql.conf"; then
  # What pg_rewind needs to bring a failed primary back as a standby without a full copy: hint
  # bits in the WAL, and no socket file in the data folder (it copies the folder whole).
  printf "wal_log_hints = on\nunix_socket_directories = ''\n" | as_postgres tee -a "$pg_data/postgresql.conf" >/dev/null
fi

(( silos >= 1 && silos <= 9 )) || die "--silos takes 1 to 9."

pids=()
declare -A names=()
stopping=
stop_all() {
  [[ -n "$stopping" ]] && return
  stopping=1
  log "Stopping"
  # The API first, then the silos (they hand over grains and leave the membership table
  # while the database is still up), then PostgreSQL.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid="${pids[$i]}"
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ -n "$with_standby" ]]; then
    database stop || true
  else
    as_postgres "$pg_bin/pg_ctl" -D "$pg_data" stop -m fast >/dev/null 2>&1 || true
  fi
  log "Stopped"
}
# Interrupted, it stops and ends there, rather than going on to start what comes next.
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

if [[ -n "$with_standby" ]]; then
  # Either node may be the primary (after a failover); every client lists both and takes the primary.
  database start || die "The PostgreSQL pair did not start (above)."
  hosts="127.0.0.1:$pg_port,127.0.0.1:$standby_port"
  db_connection="Host=$hosts;Target Session Attributes=primary"
  psql_target="host=127.0.0.1,127.0.0.1 port=$pg_port,$standby_port target_session_attrs=read-write"
else
  if as_postgres "$pg_bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; then
    die "A PostgreSQL from an earlier run still serves $pg_data; stop that run first (or: $pg_bin/pg_ctl -D $pg_data stop)."
  fi
  log "Starting PostgreSQL on 127.0.0.1:$pg_port"
  as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -o "-p $pg_port" -l "$pg_data/server.log" -w -t 30 start >/dev/null \
    || die "PostgreSQL did not start; see $pg_data/server.log"
  db_connection="Host=127.0.0.1;Port=$pg_port"
  psql_target="host=127.0.0.1 port=$pg_port"
fi
psql_admin() { local db="$1"; shift; psql "$psql_target user=postgres dbname=$db" -v ON_ERROR_STOP=1 -qtAX "$@"; }
if [[ "$(psql_admin postgres -c "SELECT 1 FROM pg_database WHERE datname = 'ecommerce'")" != 1 ]]; then
  psql_admin postgres -c "CREATE DATABASE ecommerce"
fi

# --- .NET processes ---------------------------------------------------------------------
log "Building"
dotnet build "$repo/Ecommerce.sln" -c Release -v quiet -nologo >"$data_dir/logs/build.log" 2>&1 \
  || { tail -n 30 "$data_dir/logs/build.log"; die "Build failed; see $data_dir/logs/build.log"; }

export ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
export Database__ConnectionString="$db_connection;Database=ecommerce;Username=postgres"
export Orleans__ClusterId=ecommerce-local Orleans__ServiceId=ecommerce
# Where the build put each app, as MSBuild says (no framework or folder layout assumed here).
target_of() { dotnet msbuild "$repo/src/$1/$1.csproj" -getProperty:TargetPath -p:Configuration=Release -nologo; }
silo_dll="$(target_of Silo)"
api_dll="$(target_of Api)"
simulators_dll="$(target_of Simulators)"
simulators="http://127.0.0.1:$simulators_port"
for service in Payment Inventory Email; do export "Services__${service}__BaseUrl=$simulators/"; done

# Each app runs from its output folder, so that it finds its appsettings.json.
run_app() { # dll [args]
  cd "$(dirname "$1")" && exec dotnet "$@"
}

log "Applying the database schema"
(run_app "$silo_dll" --apply-schema) >"$data_dir/logs/schema.log" 2>&1 \
  || { cat "$data_dir/logs/schema.log"; die "Schema step failed"; }

wait_ready() { # name url pid
  for _ in $(seq 1 120); do
    curl -fs "$2" >/dev/null 2>&1 && return 0
    kill -0 "$3" 2>/dev/null || die "$1 exited; see $data_dir/logs/$1.log"
    sleep 0.5
  done
  die "$1 not ready after 60 s; see $data_dir/logs/$1.log"
}

log "Starting simulators (payment, inventory, e-mail) on $simulators"
Urls="$simulators" run_app "$simulators_dll" >"$data_dir/logs/simulators.log" 2>&1 &
pids+=($!); names[$!]="simulators"
wait_ready simulators "$simulators/health/ready" "${pids[-1]}"

# By default each silo serves the API itself (Api:CoHosted: grain calls in process, no hop
# between two processes; docs/benchmarks.md), on its API port beside its operator port, which
# serves the operator alone (Operator:Port).
for ((i = 0; i < silos; i++)); do
  web=$((silo_web_port + i))
  urls="http://127.0.0.1:$web"
  [[ -n "$separate_api" ]] || urls="http://127.0.0.1:$((api_port + i));$urls"
  log "Starting silo $i (web ${urls//;/ and }, operator port $web, silo port $((silo_port + i)), gateway $((gateway_port + i)))"
  Urls="$urls" Operator__Port=$web Api__CoHosted="$([[ -n "$separate_api" ]] && echo false || echo true)" \
    Orleans__SiloPort=$((silo_port + i)) Orleans__GatewayPort=$((gateway_port + i)) \
    run_app "$silo_dll" >"$data_dir/logs/silo-$i.log" 2>&1 &
  pids+=($!); names[$!]="silo-$i"
done
for ((i = 0; i < silos; i++)); do
  wait_ready "silo-$i" "http://127.0.0.1:$((silo_web_port + i))/health/ready" "${pids[$((i + 1))]}"
done

if [[ -n "$separate_api" ]]; then
  log "Starting the API on http://127.0.0.1:$api_port (operator port $api_operator_port)"
  Urls="http://127.0.0.1:$api_port;http://127.0.0.1:$api_operator_port" Operator__Port=$api_operator_port \
    run_app "$api_dll" >"$data_dir/logs/api.log" 2>&1 &
  pids+=($!); names[$!]="api"
  wait_ready api "http://127.0.0.1:$api_port/health/ready" "${pids[-1]}"
fi
api="http://127.0.0.1:$api_port"
metrics="http://127.0.0.1:$silo_web_port/metrics"
[[ -z "$separate_api" ]] || metrics="$metrics  http://127.0.0.1:$api_operator_port/metrics"

# --- Demo catalog -----------------------------------------------------------------------
# Through the API as an admin would (each product through its grain into the read model),
# then 1000 units of each in the simulated inventory; products already there are kept.
log "Seeding the demo catalog ($demo_products products) and its stock"
demo_catalog_dll="$(target_of DemoCatalog)"
(run_app "$demo_catalog_dll" --api "$api" --simulators "$simulators" --products "$demo_products") \
  || die "Seeding the demo catalog failed (above)."

cat <<INFO

  The shop is up.
    API             $api
    Products        curl '$api/api/products?pageSize=5'
    API page        $api/scalar/   (OpenAPI document: $api/openapi/v1.json)
    Dashboard       http://127.0.0.1:$silo_web_port/dashboard/   (user "operator", password "operator-dev-password")
    Metrics         $metrics   (the same credential)
    Silos           $silos, operator ports $silo_web_port..$((silo_web_port + silos - 1)); membership: bash deploy/local/status.sh
    Simulators      $simulators/control/charges  $simulators/control/emails
    PostgreSQL      psql "$psql_target user=postgres dbname=ecommerce"$([[ -z "$with_standby" ]] || printf '
                    primary and synchronous standby: bash deploy/local/status.sh; after the primary dies,
                    bash deploy/local/database.sh promote, then rejoin (once the old one can start again)')
    Logs            $data_dir/logs

  A token to try the API with (Development only):
    curl -s -X POST $api/dev/token -H 'Content-Type: application/json' -d '{"customerId": "alice", "admin": false}'

  Ctrl-C stops everything.
INFO

# A silo stopped by hand leaves the others serving; the run ends when the API or the
# simulators exit, or the last silo does.
alive=("${pids[@]}")
while [[ -z "$stopping" ]]; do
  exited=
  wait -n -p exited "${alive[@]}" || true
  [[ -n "$stopping" || -z "$exited" ]] && break
  echo "${names[$exited]} exited; see $data_dir/logs" >&2
  [[ "${names[$exited]}" == silo-* ]] || break
  remaining=() live=0
  for pid in "${alive[@]}"; do
    [[ "$pid" == "$exited" ]] && continue
    remaining+=("$pid")
    [[ "${names[$pid]}" == silo-* ]] && live=$((live + 1))
  done
  alive=("${remaining[@]}")
  (( live > 0 )) || break
  echo "The cluster keeps serving with $live silo(s)." >&2
done
