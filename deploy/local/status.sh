#!/usr/bin/env bash
# Shows the silos in the membership table of the local run's cluster and, for run.sh --standby,
# which PostgreSQL node is primary and how far the standby lags.
#   ECOMMERCE_PG_PORT (default 5532), ECOMMERCE_PG_STANDBY_PORT (default ECOMMERCE_PG_PORT + 1),
#   ECOMMERCE_CLUSTER_ID (default ecommerce-local)
set -euo pipefail
pg_port="${ECOMMERCE_PG_PORT:-5532}"
standby_port="${ECOMMERCE_PG_STANDBY_PORT:-$((pg_port + 1))}"
# Whichever node is primary (without --standby the second port answers nothing and is skipped).
psql "host=127.0.0.1,127.0.0.1 port=$pg_port,$standby_port target_session_attrs=read-write user=postgres dbname=ecommerce" \
  -v cluster="${ECOMMERCE_CLUSTER_ID:-ecommerce-local}" <<'SQL' || echo "(No PostgreSQL primary answers: the membership table cannot be read.)"
SELECT siloname AS silo,
       address || ':' || port AS endpoint,
       proxyport AS gateway,
       CASE status WHEN 1 THEN 'Created' WHEN 2 THEN 'Joining' WHEN 3 THEN 'Active'
                   WHEN 4 THEN 'ShuttingDown' WHEN 5 THEN 'Stopping' WHEN 6 THEN 'Dead' ELSE status::text END AS status,
       to_char(starttime, 'YYYY-MM-DD HH24:MI:SS') AS started,
       round(extract(epoch FROM now() - iamalivetime)) || ' s ago' AS last_alive
FROM orleansmembershiptable
WHERE deploymentid = :'cluster'
ORDER BY status = 3 DESC, starttime DESC;
SQL
if psql -h 127.0.0.1 -p "$standby_port" -U postgres -d postgres -qtAc 'SELECT 1' >/dev/null 2>&1 \
  || [[ -s "${ECOMMERCE_DATA_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.data}/postgres-2/PG_VERSION" ]]; then
  bash "$(dirname "${BASH_SOURCE[0]}")/database.sh" status
fi
