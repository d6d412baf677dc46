-- Grain state for Microsoft.Orleans.Persistence.AdoNet.
--
-- The provider identifies a grain by hash, numeric parts, extension string, state name
-- and service id. The unique index over all of them (NULL extensions compared as equal)
-- is what makes two concurrent first writes of one grain leave exactly one row.
CREATE TABLE IF NOT EXISTS orleansstorage
(
    grainidhash            integer     NOT NULL,
    grainidn0              bigint      NOT NULL,
    grainidn1              bigint      NOT NULL,
    graintypehash          integer     NOT NULL,
    graintypestring        text        NOT NULL,
    grainidextensionstring text,
    serviceid              text        NOT NULL,
    payloadbinary          bytea,
    version                integer     NOT NULL,
    modifiedon             timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX IF NOT EXISTS orleansstorage_grain
    ON orleansstorage (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, grainidextensionstring, serviceid)
    NULLS NOT DISTINCT;

-- Every query of this table finds one row by the unique key above, so its statistics steer
-- no plan; but its rows are overwritten all day, so autovacuum analyzes it every minute, and
-- ANALYZE samples 300 rows per unit of the largest statistics target. At the default (100:
-- 30,000 rows) that took 140-220 ms of a core each time on the benchmark machine, a burst
-- that every request in flight waited behind; at 10 (3,000 rows), 25-53 ms
-- (docs/benchmarks.md, 2026-12-02).
ALTER TABLE orleansstorage
    ALTER COLUMN grainidhash SET STATISTICS 10, ALTER COLUMN grainidn0 SET STATISTICS 10,
    ALTER COLUMN grainidn1 SET STATISTICS 10, ALTER COLUMN graintypehash SET STATISTICS 10,
    ALTER COLUMN graintypestring SET STATISTICS 10, ALTER COLUMN grainidextensionstring SET STATISTICS 10,
    ALTER COLUMN serviceid SET STATISTICS 10, ALTER COLUMN payloadbinary SET STATISTICS 10,
    ALTER COLUMN version SET STATISTICS 10, ALTER COLUMN modifiedon SET STATISTICS 10;

-- Read: zero or one row of (payloadbinary, version).
CREATE OR REPLACE FUNCTION orleans_storage_read(
    p_grainidhash integer, p_grainidn0 bigint, p_grainidn1 bigint, p_graintypehash integer,
    p_graintypestring text, p_grainidextensionstring text, p_serviceid text)
RETURNS TABLE (payloadbinary bytea, version integer)
LANGUAGE sql STABLE AS $$
    SELECT s.payloadbinary, s.version
    FROM orleansstorage s
    WHERE s.grainidhash = p_grainidhash AND s.graintypehash = p_graintypehash
      AND s.grainidn0 = p_grainidn0 AND s.grainidn1 = p_grainidn1
      AND s.graintypestring = p_graintypestring
      AND s.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
      AND s.serviceid = p_serviceid;
$$;

-- Write: one row with the new version, or NULL when the caller's version is stale.
-- A NULL version means "I believe there is no row": insert, and lose to a concurrent
-- first write instead of overwriting it.
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_grainidhash integer, p_grainidn0 bigint, p_grainidn1 bigint, p_graintypehash integer,
    p_graintypestring text, p_grainidextensionstring text, p_serviceid text,
    p_version integer, p_payloadbinary bytea)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_new integer;
BEGIN
    IF p_version IS NULL THEN
        INSERT INTO orleansstorage AS s
            (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
             grainidextensionstring, serviceid, payloadbinary, version)
        VALUES
            (p_grainidhash, p_grainidn0, p_grainidn1, p_graintypehash, p_graintypestring,
             p_grainidextensionstring, p_serviceid, p_payloadbinary, 1)
        ON CONFLICT (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, grainidextensionstring, serviceid)
            DO NOTHING
        RETURNING s.version INTO v_new;
    ELSE
        UPDATE orleansstorage AS s
        SET payloadbinary = p_payloadbinary,
            version = CASE WHEN s.version = 2147483647 THEN 1 ELSE s.version + 1 END,
            modifiedon = now()
        WHERE s.grainidhash = p_grainidhash AND s.graintypehash = p_graintypehash
          AND s.grainidn0 = p_grainidn0 AND s.grainidn1 = p_grainidn1
          AND s.graintypestring = p_graintypestring
          AND s.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
          AND s.serviceid = p_serviceid
          AND s.version = p_version
        RETURNING s.version INTO v_new;
    END IF;
    RETURN v_new;
END;
$$;

-- Clear keeps the row (so the version keeps counting) and drops the payload.
CREATE OR REPLACE FUNCTION orleans_storage_clear(
    p_grainidhash integer, p_grainidn0 bigint, p_grainidn1 bigint, p_graintypehash integer,
    p_graintypestring text, p_grainidextensionstring text, p_serviceid text, p_version integer)
RETURNS integer
LANGUAGE sql AS $$
    UPDATE orleansstorage AS s
    SET payloadbinary = NULL,
        version = CASE WHEN s.version = 2147483647 THEN 1 ELSE s.version + 1 END,
        modifiedon = now()
    WHERE s.grainidhash = p_grainidhash AND s.graintypehash = p_graintypehash
      AND s.grainidn0 = p_grainidn0 AND s.grainidn1 = p_grainidn1
      AND s.graintypestring = p_graintypestring
      AND s.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
      AND s.serviceid = p_serviceid
      AND s.version IS NOT DISTINCT FROM p_version
    RETURNING s.version;
$$;

-- Delete removes the row; success is any value other than the version sent.
CREATE OR REPLACE FUNCTION orleans_storage_delete(
    p_grainidhash integer, p_grainidn0 bigint, p_grainidn1 bigint, p_graintypehash integer,
    p_graintypestring text, p_grainidextensionstring text, p_serviceid text, p_version integer)
RETURNS integer
LANGUAGE sql AS $$
    DELETE FROM orleansstorage AS s
    WHERE s.grainidhash = p_grainidhash AND s.graintypehash = p_graintypehash
      AND s.grainidn0 = p_grainidn0 AND s.grainidn1 = p_grainidn1
      AND s.graintypestring = p_graintypestring
      AND s.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
      AND s.serviceid = p_serviceid
      AND s.version IS NOT DISTINCT FROM p_version
    RETURNING s.version + 1;
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey',
 'SELECT payloadbinary AS "PayloadBinary", version AS "Version" FROM orleans_storage_read(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId)'),
('WriteToStorageKey',
 'SELECT orleans_storage_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary) AS "NewGrainStateVersion"'),
('ClearStorageKey',
 'SELECT orleans_storage_clear(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @GrainStateVersion) AS "NewGrainStateVersion"'),
('DeleteStorageKey',
 'SELECT orleans_storage_delete(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @GrainStateVersion) AS "NewGrainStateVersion"')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
