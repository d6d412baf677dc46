#!/usr/bin/env bash
# The runs of docs/benchmarks.md, on one system started by a run command, in one sitting:
#   bash tests/LoadTool/bench.sh <repository> <label> [run.sh options]
# starts <repository>'s deploy/local/run.sh on a fresh data directory (rate limits off),
# runs the load tool of this repository against it, and stops it. Compare two systems (a
# commit before a change and after it) by running this twice, one right after the other.
# BENCH_RUNS picks the runs: standard (the default: docs/benchmarks.md's standard runs), cart
# (a 15 s mix, then cart writes against the storage floor twice), checkouts (a 15 s mix, a
# saturating checkout run not counted, one counted, then 20 s at half its rate twice), or tail
# (a 15 s mix, a saturating checkout run not counted, then checkouts at $BENCH_RATE/s, default
# 160, for 150 s, each second's slowest answer in the progress lines).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
system="$(cd "$1" && pwd)"; label="$2"; shift 2
data="/tmp/bench-$label"
out="${BENCH_OUT:-/tmp/bench-$label.txt}"
runs="${BENCH_RUNS:-standard}"
[[ "$runs" =~ ^(standard|cart|checkouts|tail)$ ]] || { echo "BENCH_RUNS is standard, cart, checkouts or tail, not $runs" >&2; exit 2; }
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
warm() { dotnet "$tool" --quiet --scenario mix --duration 15 >/dev/null; }   # JIT, first activations
runs_standard() {
  run --scenario hotsku --buyers 2000 --stock 200                 # cold: the first load after the start
  warm
  run --scenario read --client wrk --floors --duration 10 --concurrency 32
  run --scenario cart --client wrk --duration 10 --concurrency 32 --postgres "$pg"
  saturating="$(run --scenario checkout --duration 10 --concurrency 16 | tee /dev/stderr | awk '$1 == "checkout" && $2 ~ /^[0-9]+$/ { print int($3) }')"
  run --scenario checkout --duration 15 --rate $((saturating / 2))
  run --scenario mix --duration 10 --concurrency 32
  run --scenario hotsku --buyers 2000 --stock 200
  run --scenario hotsku --buyers 2000 --stock 200
}
runs_cart() {
  warm
  run --scenario cart --client wrk --duration 10 --concurrency 32 --postgres "$pg"
  run --scenario cart --client wrk --duration 10 --concurrency 32 --postgres "$pg"
}
runs_checkouts() {
  warm
  dotnet "$tool" --quiet --scenario checkout --duration 10 --concurrency 16 >/dev/null   # the silo still compiles
  saturating="$(run --scenario checkout --duration 10 --concurrency 16 | tee /dev/stderr | awk '$1 == "checkout" && $2 ~ /^[0-9]+$/ { print int($3) }')"
  run --scenario checkout --duration 20 --rate $((saturating / 2))
  run --scenario checkout --duration 20 --rate $((saturating / 2))
}
runs_tail() {
  warm
  dotnet "$tool" --quiet --scenario checkout --duration 10 --concurrency 16 >/dev/null   # the silo still compiles
  run --scenario checkout --duration 150 --rate "${BENCH_RATE:-160}"
}
{
  echo "## $label ($system at $(git -C "$system" rev-parse --short HEAD)), $runs runs, $(date -u +%FT%TZ)"
  "runs_$runs"
} 2>&1 | tee "$out"
