#!/usr/bin/env bash
# The overload table of docs/benchmarks.md, before and after a change, in one sitting:
#   bash tests/LoadTool/overload.sh <before-revision> [seconds-per-phase] [scenario...]
# exports <before-revision> of this repository (git archive) and starts it beside this working
# tree's system, each by its own deploy/local/run.sh on a fresh data directory (rate limits off),
# on the run command's ports +$OVERLOAD_PORTS (20) and +10 more, clear of a system on the
# defaults; then runs this load tool's --overload 0.5,1,2,4 against one and then the other,
# scenario by scenario (default: read cart checkout mix), so that each pair is taken minutes
# apart on the same machine; last, each system's orders by status once none has work left.
# Prints to the terminal and to $BENCH_OUT (/tmp/overload.txt).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
revision="$1"; seconds="${2:-10}"; shift $(( $# < 2 ? $# : 2 ))
scenarios=("$@"); (( ${#scenarios[@]} )) || scenarios=(read cart checkout mix)
out="${BENCH_OUT:-/tmp/overload.txt}"
first="${OVERLOAD_PORTS:-20}"; second=$((first + 10))
before="/tmp/overload-before-$(git -C "$here" rev-parse --short "$revision")"
rm -rf "$before" /tmp/overload-data-before /tmp/overload-data-after
mkdir -p "$before"
git -C "$here" archive "$revision" | tar -x -C "$before"
dotnet build "$here/tests/LoadTool" -c Release -v quiet -nologo >/tmp/overload-build.log || { cat /tmp/overload-build.log; exit 1; }
tool="$(dotnet msbuild "$here/tests/LoadTool/LoadTool.csproj" -getProperty:TargetPath -p:Configuration=Release -nologo)"

runners=()
# TERM, not INT: a background job of a script ignores SIGINT.
trap 'for r in "${runners[@]}"; do kill -TERM "$r" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
start() {  # label repository port-offset
  local log="/tmp/overload-data-$1.log" o="$3"
  RateLimits__Enabled=false bash "$2/deploy/local/run.sh" --data-dir "/tmp/overload-data-$1" \
    --api-port $((5000 + o)) --silo-web-port $((5200 + o)) --simulators-port $((5100 + o)) --pg-port $((5532 + o)) \
    --silo-port $((11111 + o)) --gateway-port $((30000 + o)) --api-operator-port $((5300 + o)) >"$log" 2>&1 &
  runners+=($!)
  for _ in $(seq 1 600); do grep -q "The shop is up" "$log" 2>/dev/null && return; sleep 1; done
  tail -20 "$log"; exit 1
}
# One after the other: two builds at once would each take twice as long.
start before "$before" "$first"
start after "$here" "$second"

{
  echo "## overload: before $revision ($(git -C "$here" rev-parse --short "$revision")), after $(git -C "$here" rev-parse --short HEAD)$(git -C "$here" diff --quiet || echo ' with uncommitted changes'), $(date -u +%FT%TZ)"
  for scenario in "${scenarios[@]}"; do
    # Checkouts reach their saturating rate by 16 in flight, the rest by 32 (docs/benchmarks.md).
    concurrency=32; [[ "$scenario" == checkout ]] && concurrency=16
    for pair in "before $first" "after $second"; do
      read -r label o <<<"$pair"
      echo "### $label: $scenario, $(date -u +%T)"
      dotnet "$tool" --scenario "$scenario" --overload 0.5,1,2,4 --duration "$seconds" --concurrency "$concurrency" \
        --url "http://127.0.0.1:$((5000 + o))/" --simulators "http://127.0.0.1:$((5100 + o))/" --silo "http://127.0.0.1:$((5200 + o))/" \
        || echo "(exit $?)"
      echo
    done
  done
  # What the overload left behind: every order the shop started reaches a final state (the
  # sweep finishes the unfinished within a minute or two), and none stays Pending.
  sql() { psql "host=127.0.0.1 port=$((5532 + o)) user=postgres dbname=ecommerce" -qtAX -c "$1"; }   # of system $o
  for pair in "before $first" "after $second"; do
    read -r label o <<<"$pair"
    for _ in $(seq 1 180); do [[ "$(sql 'SELECT count(*) FROM orders_unfinished')" == 0 ]] && break; sleep 1; done
    echo "### $label: orders by status after the run: $(sql "SELECT string_agg(status || ' ' || n, ', ' ORDER BY status) FROM (SELECT status, count(*) n FROM orders GROUP BY status) s"); unfinished $(sql 'SELECT count(*) FROM orders_unfinished')"
  done
} 2>&1 | tee "$out"
