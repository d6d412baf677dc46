#!/usr/bin/env bash
# The scale benchmark of docs/benchmarks.md: two systems of one repository side by side, a small
# shop and a large one, each started by its deploy/local/run.sh on ports of its own, grown by the
# load tool to its size, then measured in one run, interleaved (--scenario scale):
#   bash tests/LoadTool/scale.sh <repository> [large products] [large orders] [load tool options]
# Defaults: 1,000,000 products and 5,000,000 orders against 1,000 and 10,000. The data stays in
# $SCALE_DATA (default /tmp/ecommerce-scale: about 20 GB at the defaults), so a second run seeds
# nothing; delete it to start over.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
system="$(cd "$1" && pwd)"; products="${2:-1000000}"; orders="${3:-5000000}"; shift $(( $# < 3 ? $# : 3 ))
data="${SCALE_DATA:-/tmp/ecommerce-scale}"
out="${SCALE_OUT:-$data/scale-$(date -u +%Y%m%dT%H%M%SZ).txt}"
mkdir -p "$data"
dotnet build "$here/tests/LoadTool" -c Release -v quiet -nologo >/tmp/scale-build.log || { cat /tmp/scale-build.log; exit 1; }
tool="$(dotnet msbuild "$here/tests/LoadTool/LoadTool.csproj" -getProperty:TargetPath -p:Configuration=Release -nologo)"

# One system per shop: ports offset by 700 (small) and 1000 (large) from the run command's defaults.
runners=()
start() { # name offset
  RateLimits__Enabled=false bash "$system/deploy/local/run.sh" --data-dir "$data/$1" \
    --api-port $((5000 + $2)) --silo-web-port $((5200 + $2)) --simulators-port $((5100 + $2)) --pg-port $((5532 + $2)) \
    --silo-port $((11111 + $2)) --gateway-port $((30000 + $2)) >"$data/$1.log" 2>&1 &
  runners+=($!)
}
# TERM, not INT: a background job of a script ignores SIGINT.
trap 'for r in "${runners[@]}"; do kill -TERM "$r" 2>/dev/null || true; done; wait' EXIT
start small 700
# One build at a time: the second run command finds it done.
for _ in $(seq 1 900); do grep -q "The shop is up" "$data/small.log" 2>/dev/null && break; sleep 1; done
start large 1000
for name in small large; do
  for _ in $(seq 1 900); do grep -q "The shop is up" "$data/$name.log" 2>/dev/null && break; sleep 1; done
  grep -q "The shop is up" "$data/$name.log" || { tail -20 "$data/$name.log"; exit 1; }
done

pg() { echo "Host=127.0.0.1;Port=$((5532 + $1));Username=postgres;Database=ecommerce"; }
{
  echo "## scale ($system at $(git -C "$system" rev-parse --short HEAD)), $(date -u +%FT%TZ)"
  dotnet "$tool" --scenario scale --concurrency 8 --warmup 3 --duration 10 --rounds 3 \
    --small-url http://127.0.0.1:5700/ --small-simulators http://127.0.0.1:5800/ --small-postgres "$(pg 700)" \
    --url http://127.0.0.1:6000/ --simulators http://127.0.0.1:6100/ --postgres "$(pg 1000)" --silo http://127.0.0.1:6200/ \
    --seed-products "$products" --seed-orders "$orders" "$@"
} 2>&1 | tee "$out"
