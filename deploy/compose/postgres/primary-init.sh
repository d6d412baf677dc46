#!/usr/bin/env bash
# Runs once, as the official image creates the primary's data folder (docker-entrypoint-initdb.d):
# the role the standby streams as, its replication slot, and synchronous commit to it. Set with
# ALTER SYSTEM, they apply from the server's real start; on the image's temporary init server
# synchronous_standby_names would make every commit wait for a standby that does not exist yet.
set -euo pipefail
psql -v ON_ERROR_STOP=1 -v password="$REPLICATION_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SELECT pg_create_physical_replication_slot('standby');
-- A commit returns once the standby has it on disk: a failover loses nothing acknowledged.
ALTER SYSTEM SET synchronous_standby_names = 'standby';
ALTER SYSTEM SET synchronous_commit = 'on';
-- What pg_rewind needs to bring this server back as a standby after a failover.
ALTER SYSTEM SET wal_log_hints = 'on';
SQL
echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"
