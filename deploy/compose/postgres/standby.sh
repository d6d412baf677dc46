#!/usr/bin/env bash
# The standby's entrypoint: on an empty data folder, a base backup of the primary through the
# standby's slot, set to stream from it (standby.signal, primary_conninfo naming it "standby",
# the name the primary's synchronous_standby_names waits for); then the official entrypoint,
# which runs a standby because of standby.signal.
set -euo pipefail
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  until pg_isready -h postgres -U replicator -q; do sleep 1; done
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  PGPASSWORD="$REPLICATION_PASSWORD" gosu postgres pg_basebackup -h postgres -U replicator -D "$PGDATA" \
    -d "application_name=standby" -S standby -X stream -R -c fast
  # Promoted, it runs alone until the old primary comes back as its standby: it must not wait
  # for a synchronous standby (the primary's setting, copied with its files) that is not there.
  echo "synchronous_standby_names = ''" | gosu postgres tee -a "$PGDATA/postgresql.auto.conf" >/dev/null
fi
exec docker-entrypoint.sh postgres
