#!/usr/bin/env bash
# The local PostgreSQL pair of `run.sh --standby`: a primary and a synchronous streaming
# standby from the machine's binaries, and what an operator (or Patroni) does to them.
#
#   start    starts both nodes, the primary first; creates the standby when it is missing, and
#            brings back as a standby a node that was primary before a failover
#   stop     stops both (the primary first, so the standby receives all of its WAL)
#   promote  promotes the standby, after its primary died (a failover)
#   rejoin   the old primary comes back as the new primary's synchronous standby: pg_rewind,
#            or a fresh base backup when it cannot be rewound
#   standby  makes an empty data folder a synchronous standby of a running primary
#   status   which node is primary, and the replication lag
#
# The nodes are run.sh's: node1 in <data-dir>/postgres on --pg-port, node2 in
# <data-dir>/postgres-2 on --standby-port (the same options and variables as run.sh). Either may
# be the primary. promote, rejoin and standby also take one node explicitly (the tests do):
#   --data DIR --port N --name NAME [--primary-port P]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data_dir="${ECOMMERCE_DATA_DIR:-$repo/.data}"
pg_port="${ECOMMERCE_PG_PORT:-5532}"
standby_port="${ECOMMERCE_PG_STANDBY_PORT:-}"
node_data="" node_port="" node_name="" primary_port=""

die() { printf 'error: %s\n' "$*" >&2; exit 1; }
log() { printf '==> %s\n' "$*"; }
value() { [[ $# -ge 2 && -n "$2" && "$2" != --* ]] || die "$1 needs a value."; printf '%s' "$2"; }

command="${1:-}"
[[ -n "$command" ]] && shift
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data-dir) data_dir="$(value "$@")"; shift 2 ;;
    --pg-port) pg_port="$(value "$@")"; shift 2 ;;
    --standby-port) standby_port="$(value "$@")"; shift 2 ;;
    --data) node_data="$(value "$@")"; shift 2 ;;
    --port) node_port="$(value "$@")"; shift 2 ;;
    --name) node_name="$(value "$@")"; shift 2 ;;
    --primary-port) primary_port="$(value "$@")"; shift 2 ;;
    *) die "Unknown option: $1 (see the top of $0)" ;;
  esac
done
standby_port="${standby_port:-$((pg_port + 1))}"
datas=("$data_dir/postgres" "$data_dir/postgres-2")
ports=("$pg_port" "$standby_port")
names=(node1 node2)

pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
[[ -n "$pg_bin" && -x "$pg_bin/pg_basebackup" ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql (run.sh installs them)."

as_postgres() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
sql() { # port sql...
  local port="$1"; shift
  local args=()
  for statement in "$@"; do args+=(-c "$statement"); done
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtAX "${args[@]}"
}
# Whether a node's postmaster is alive. Not pg_ctl status: it takes a postmaster killed a moment
# ago, a zombie until it is reaped, for a running server, which it then cannot stop.
running() { # data
  local pid
  pid="$(head -n1 "$1/postmaster.pid" 2>/dev/null)" && [[ -n "$pid" ]] || return 1
  grep -qa postgres "/proc/$pid/cmdline" 2>/dev/null && [[ "$(sed -E 's/.*\) (.).*/\1/' "/proc/$pid/stat" 2>/dev/null)" != Z ]]
}
role() { # port: primary, standby or down
  case "$(sql "$1" 'SELECT pg_is_in_recovery()' 2>/dev/null || true)" in
    f) echo primary ;; t) echo standby ;; *) echo down ;;
  esac
}
# Its log is beside the data folder, which pg_rewind and base backups replace.
start_node() { # data port
  if [[ ! -e "$1.log" ]]; then
    touch "$1.log"
    if [[ "$(id -u)" == 0 ]]; then chown postgres:postgres "$1.log"; fi
  fi
  as_postgres "$pg_bin/pg_ctl" -D "$1" -o "-p $2" -l "$1.log" -w -t 120 start >/dev/null \
    || die "PostgreSQL did not start in $1; see $1.log"
}
stop_node() { # data
  running "$1" || return 0
  as_postgres "$pg_bin/pg_ctl" -D "$1" stop -m fast -w -t 60 >/dev/null 2>&1 || true
  # A server killed a moment ago may still be on its way out.
  for _ in $(seq 1 100); do running "$1" || return 0; sleep 0.1; done
  die "The PostgreSQL in $1 does not stop."
}
empty_folder() { # data: exists, empty, the postgres user's
  mkdir -p "$1"
  find "$1" -mindepth 1 -delete
  if [[ "$(id -u)" == 0 ]]; then chown postgres:postgres "$1"; fi
  chmod 700 "$1"
}
# The newest timeline a node has seen: a promotion starts a new one and writes its history file.
timeline() { # data
  local newest
  newest="$(cd "$1/pg_wal" && ls -- *.history 2>/dev/null | sort | tail -n1 || true)"
  newest="${newest%.history}"
  echo $((16#${newest:-00000001}))
}

# A standby's own settings, after the base backup or pg_rewind copied the primary's files over
# its own: it streams from the primary through a slot of its name (so the primary keeps the WAL
# it has not received), and is named for synchronous_standby_names. It takes TCP connections
# only: pg_rewind copies a data folder whole and stops at a socket file in it. Its own
# synchronous_standby_names is empty: promoted while its old primary is down, it has no standby
# to wait for and takes writes at once (run `rejoin` to make them synchronous again).
follow() { # data port name primary_port
  as_postgres sed -i -E '/^(# database.sh:|(port|listen_addresses|unix_socket_directories|synchronous_standby_names|primary_conninfo|primary_slot_name) )/d' \
    "$1/postgresql.auto.conf"
  as_postgres tee -a "$1/postgresql.auto.conf" >/dev/null <<CONF
# database.sh: $3, a standby of the primary on port $4
port = $2
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
synchronous_standby_names = ''
primary_conninfo = 'host=127.0.0.1 port=$4 user=postgres application_name=$3'
primary_slot_name = '$3'
CONF
  as_postgres touch "$1/standby.signal"
  # Slots are a primary's: ones it had before now hold back nothing but its own disk.
  as_postgres find "$1/pg_replslot" -mindepth 1 -delete
}

base_backup() { # data name primary_port
  empty_folder "$1"
  local output
  output="$(as_postgres "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$3" -U postgres -D "$1" -X stream -S "$2" -c fast 2>&1)" \
    || die "pg_basebackup from port $3 into $1 failed: $output"
}

ensure_slot() { # primary_port name
  sql "$1" "SELECT pg_create_physical_replication_slot('$2', true)
            WHERE NOT EXISTS (SELECT FROM pg_replication_slots WHERE slot_name = '$2')" >/dev/null
}

# Commits on the primary now wait until this standby has the WAL on disk, so a commit the shop
# saw is on both servers. Returns once the standby has caught up and is the synchronous one.
make_synchronous() { # primary_port name
  sql "$1" "ALTER SYSTEM SET synchronous_standby_names = '$2'" 'SELECT pg_reload_conf()' >/dev/null
  for _ in $(seq 1 600); do
    [[ "$(sql "$1" "SELECT sync_state FROM pg_stat_replication WHERE application_name = '$2' AND state = 'streaming'")" == sync ]] && return 0
    sleep 0.1
  done
  die "$2 did not become the synchronous standby of the primary on port $1 within 60 s"
}

standby() { # data port name primary_port
  [[ "$(role "$4")" == primary ]] || die "No primary answers on port $4."
  log "Making $1 ($3, port $2) a synchronous standby of the primary on port $4"
  ensure_slot "$4" "$3"
  base_backup "$1" "$3" "$4"
  follow "$1" "$2" "$3" "$4"
  start_node "$1" "$2"
  make_synchronous "$4" "$3"
}

rejoin() { # data port name primary_port
  [[ "$(role "$4")" == primary ]] || die "No primary answers on port $4."
  stop_node "$1"
  log "Bringing $1 ($3) back as a synchronous standby of the primary on port $4"
  ensure_slot "$4" "$3"
  local output
  # pg_rewind reads the primary's timeline from its control file, which a promotion updates only
  # at its next checkpoint: without one, a rewind just after the failover finds nothing to undo.
  sql "$4" CHECKPOINT >/dev/null
  # pg_rewind recovers a crashed node first, then undoes what it wrote after the standby took over.
  if output="$(as_postgres "$pg_bin/pg_rewind" -D "$1" --source-server="host=127.0.0.1 port=$4 user=postgres dbname=postgres" 2>&1)"; then
    log "Rewound with pg_rewind"
  else
    log "pg_rewind could not rewind it ($(tail -n1 <<<"$output")); taking a fresh base backup"
    base_backup "$1" "$3" "$4"
  fi
  follow "$1" "$2" "$3" "$4"
  start_node "$1" "$2"
  make_synchronous "$4" "$3"
}

# The node of run.sh's pair that holds the given role.
node_with_role() { # role -> index
  for i in 0 1; do
    [[ "$(role "${ports[$i]}")" == "$1" ]] && { echo "$i"; return 0; }
  done
  return 1
}

case "$command" in
  start)
    [[ -s "${datas[0]}/PG_VERSION" ]] || die "${datas[0]} holds no cluster (run.sh creates it)."
    for i in 0 1; do
      if running "${datas[$i]}"; then
        die "A PostgreSQL from an earlier run still serves ${datas[$i]}; stop that run first (or: $0 stop)."
      fi
    done
    if [[ ! -s "${datas[1]}/PG_VERSION" ]]; then
      log "Starting PostgreSQL (${names[0]}) on 127.0.0.1:${ports[0]}"
      start_node "${datas[0]}" "${ports[0]}"
      standby "${datas[1]}" "${ports[1]}" "${names[1]}" "${ports[0]}"
      exit 0
    fi
    # The primary is a node without standby.signal; of two such (a failover the old primary has
    # not rejoined yet), the one on the newer timeline, and the other rejoins it.
    primary=0
    if [[ -f "${datas[0]}/standby.signal" ]] \
      || { [[ ! -f "${datas[1]}/standby.signal" ]] && (( $(timeline "${datas[1]}") > $(timeline "${datas[0]}") )); }; then
      primary=1
    fi
    other=$((1 - primary))
    [[ ! -f "${datas[$primary]}/standby.signal" ]] || die "Both nodes are standbys: promote one ($0 promote --data DIR --port N --name NAME)."
    log "Starting PostgreSQL: ${names[$primary]} (primary) on 127.0.0.1:${ports[$primary]}"
    start_node "${datas[$primary]}" "${ports[$primary]}"
    if [[ -f "${datas[$other]}/standby.signal" ]]; then
      log "Starting ${names[$other]} (standby) on 127.0.0.1:${ports[$other]}"
      start_node "${datas[$other]}" "${ports[$other]}"
      make_synchronous "${ports[$primary]}" "${names[$other]}"
    else
      rejoin "${datas[$other]}" "${ports[$other]}" "${names[$other]}" "${ports[$primary]}"
    fi
    ;;
  stop)
    first=0
    [[ "$(role "${ports[1]}")" == primary ]] && first=1
    stop_node "${datas[$first]}"
    stop_node "${datas[$((1 - first))]}"
    ;;
  promote)
    if [[ -z "$node_data" ]]; then
      if i="$(node_with_role primary)"; then
        die "${names[$i]} on port ${ports[$i]} still serves as the primary: stop it first (a failover finds it dead)."
      fi
      i="$(node_with_role standby)" || die "No standby answers on ports ${ports[*]}."
      node_data="${datas[$i]}"
    fi
    log "Promoting $node_data"
    as_postgres "$pg_bin/pg_ctl" -D "$node_data" promote -w -t 60 >/dev/null || die "Promoting $node_data failed; see $node_data.log"
    log "Promoted. It takes writes alone until the other node rejoins: $0 rejoin"
    ;;
  rejoin | standby)
    if [[ -z "$node_data" ]]; then
      p="$(node_with_role primary)" || die "No primary answers on ports ${ports[*]}."
      i=$((1 - p))
      node_data="${datas[$i]}" node_port="${ports[$i]}" node_name="${names[$i]}" primary_port="${ports[$p]}"
    fi
    [[ -n "$node_port" && -n "$node_name" && -n "$primary_port" ]] || die "$command takes --data, --port, --name and --primary-port together."
    "$command" "$node_data" "$node_port" "$node_name" "$primary_port"
    ;;
  status)
    for i in 0 1; do
      printf '%s  127.0.0.1:%s  %s  %s\n' "${names[$i]}" "${ports[$i]}" "$(role "${ports[$i]}")" "${datas[$i]}"
    done
    if i="$(node_with_role primary)"; then
      echo
      echo "Replication from ${names[$i]} (lag: WAL the standby has not yet replayed, and how long ago it was written):"
      psql -h 127.0.0.1 -p "${ports[$i]}" -U postgres -d postgres -P footer=off -c "
        SELECT application_name AS standby, state, sync_state,
               pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)) AS replay_lag,
               coalesce(replay_lag, interval '0') AS replay_lag_time
        FROM pg_stat_replication"
    else
      echo "No primary: the shop answers 503 until one is promoted ($0 promote)."
    fi
    ;;
  *)
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
    [[ -z "$command" || "$command" == -h || "$command" == --help ]] || exit 2
    ;;
esac
