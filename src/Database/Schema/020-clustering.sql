-- Cluster membership for Microsoft.Orleans.Clustering.AdoNet. @DeploymentId carries the
-- ClusterId. Every change of a member row bumps the cluster's table version, and only
-- when the caller read the version it sends: that is the membership protocol's CAS.
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable
(
    deploymentid text        PRIMARY KEY,
    timestamp    timestamptz NOT NULL DEFAULT now(),
    version      integer     NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS orleansmembershiptable
(
    deploymentid text        NOT NULL REFERENCES orleansmembershipversiontable (deploymentid) ON DELETE CASCADE,
    address      text        NOT NULL,
    port         integer     NOT NULL,
    generation   integer     NOT NULL,
    siloname     text        NOT NULL,
    hostname     text        NOT NULL,
    status       integer     NOT NULL,
    proxyport    integer     NOT NULL,
    suspecttimes text,
    starttime    timestamptz NOT NULL,
    iamalivetime timestamptz NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

CREATE OR REPLACE FUNCTION orleans_membership_init(p_deploymentid text)
RETURNS boolean
LANGUAGE sql AS $$
    WITH inserted AS (
        INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (p_deploymentid)
        ON CONFLICT (deploymentid) DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM inserted);
$$;

CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deploymentid text, p_address text, p_port integer, p_generation integer,
    p_siloname text, p_hostname text, p_status integer, p_proxyport integer,
    p_starttime timestamptz, p_iamalivetime timestamptz, p_version integer)
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    -- The row lock serialises writers; the version test makes a stale writer lose.
    PERFORM 1 FROM orleansmembershipversiontable
    WHERE deploymentid = p_deploymentid AND version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    VALUES
        (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname, p_status, p_proxyport, p_starttime, p_iamalivetime)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = p_deploymentid;
    RETURN true;
END;
$$;

CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deploymentid text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspecttimes text, p_iamalivetime timestamptz, p_version integer)
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM orleansmembershipversiontable
    WHERE deploymentid = p_deploymentid AND version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleansmembershiptable
    SET status = p_status, suspecttimes = p_suspecttimes, iamalivetime = p_iamalivetime
    WHERE deploymentid = p_deploymentid AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = p_deploymentid;
    RETURN true;
END;
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey',
 'SELECT orleans_membership_init(@DeploymentId)'),
('MembershipReadAllKey',
 'SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
         m.suspecttimes, m.starttime, m.iamalivetime, v.version
  FROM orleansmembershipversiontable v
  LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
  WHERE v.deploymentid = @DeploymentId'),
('MembershipReadRowKey',
 'SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
         m.suspecttimes, m.starttime, m.iamalivetime, v.version
  FROM orleansmembershipversiontable v
  LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
  WHERE v.deploymentid = @DeploymentId'),
('InsertMembershipKey',
 'SELECT orleans_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)'),
('UpdateMembershipKey',
 'SELECT orleans_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version)'),
('UpdateIAmAlivetimeKey',
 'UPDATE orleansmembershiptable SET iamalivetime = @IAmAliveTime
  WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation'),
('DeleteMembershipTableEntriesKey',
 'DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId'),
('CleanupDefunctSiloEntriesKey',
 'DELETE FROM orleansmembershiptable
  WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3'),
('GatewaysQueryKey',
 'SELECT address, proxyport, generation FROM orleansmembershiptable
  WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
