#!/usr/bin/env bash
# The runs of docs/benchmarks.md, on one system started by a run command, in one sitting:
#   bash tests/LoadTool/bench.sh <repository> <label> [run.sh options]
# starts <repository>'s deploy/local/run.sh on a fresh data directory (rate limits off),
# runs the load tool of this repository against it, and stops it. Compare two systems (a
# commit before a change and after it) by running this twice, one right after the other.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
system="$(cd "$1" && pwd)"; label="$2"; shift 2
data="/tmp/bench-$label"
out="${BENCH_OUT:-/tmp/bench-$label.txt}"
rm -rf "$data"
dotnet build "$here/tests/LoadTool" -c Release -v quiet -nologo >/tmp/bench-build.log || { cat /tmp/bench-build.log; exit 1; }
tool="$(dotnet msbuild "$here/tests/LoadTool/LoadTool.csproj" -getProperty:TargetPath -p:Configuration=Release -nologo)"
pg="Host=127.0.0.1;Port=5532;Username=postgres;Database=ecommerce"

RateLimits__Enabled=false bash "$system/deploy/local/run.sh" --data-dir "$data" "$@" >"$data.log" 2>&1 &
runner=$!
# TERM, not INT: a background job of a script ignores SIGINT.
trap 'kill -TERM $runner 2>/dev/null || true; wait $runner 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q "The shop is up" "$data.log" 2>/dev/null && break; sleep 1; done
grep -q "The shop is up" "$data.log" || { tail -20 "$data.log"; exit 1; }

# A run that misses its own check (a hot-sku count) is reported, not the end of the sitting.
run() { echo "### $label: $*"; dotnet "$tool" --quiet "$@" || echo "(exit $?)"; echo; }
{
  echo "## $label ($system at $(git -C "$system" rev-parse --short HEAD)), $(date -u +%FT%TZ)"
  run --scenario hotsku --buyers 2000 --stock 200                 # cold: the first load after the start
  dotnet "$tool" --quiet --scenario mix --duration 15 >/dev/null   # warm-up: JIT, first activations
  run --scenario read --client wrk --floors --duration 10 --concurrency 32
  run --scenario cart --client wrk --duration 10 --concurrency 32 --postgres "$pg"
  saturating="$(run --scenario checkout --duration 10 --concurrency 16 | tee /dev/stderr | awk '$1 == "checkout" && $2 ~ /^[0-9]+$/ { print int($3) }')"
  run --scenario checkout --duration 15 --rate $((saturating / 2))
  run --scenario mix --duration 10 --concurrency 32
  run --scenario hotsku --buyers 2000 --stock 200
  run --scenario hotsku --buyers 2000 --stock 200
} 2>&1 | tee "$out"
