#!/usr/bin/env bash
# Shows the silos in the membership table of the local run's cluster.
#   ECOMMERCE_PG_PORT (default 5532), ECOMMERCE_CLUSTER_ID (default ecommerce-local)
set -euo pipefail
psql -h 127.0.0.1 -p "${ECOMMERCE_PG_PORT:-5532}" -U postgres -d ecommerce -v cluster="${ECOMMERCE_CLUSTER_ID:-ecommerce-local}" <<'SQL'
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
