-- Reminders for Microsoft.Orleans.Reminders.AdoNet. Upserts are unconditional; deletes
-- check the version. grainhash places a reminder on the ring of silos.
CREATE TABLE IF NOT EXISTS orleansreminderstable
(
    serviceid    text        NOT NULL,
    grainid      text        NOT NULL,
    remindername text        NOT NULL,
    starttime    timestamptz NOT NULL,
    period       bigint      NOT NULL,
    grainhash    integer     NOT NULL,
    version      integer     NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX IF NOT EXISTS orleansreminderstable_ring ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadReminderRowsKey',
 'SELECT grainid, remindername, starttime, period, version FROM orleansreminderstable
  WHERE serviceid = @ServiceId AND grainid = @GrainId'),
('ReadReminderRowKey',
 'SELECT grainid, remindername, starttime, period, version FROM orleansreminderstable
  WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName'),
('ReadRangeRows1Key',
 'SELECT grainid, remindername, starttime, period, version FROM orleansreminderstable
  WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash'),
('ReadRangeRows2Key',
 'SELECT grainid, remindername, starttime, period, version FROM orleansreminderstable
  WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash)'),
('UpsertReminderRowKey',
 'INSERT INTO orleansreminderstable AS r (serviceid, grainid, remindername, starttime, period, grainhash, version)
  VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
  ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
  SET starttime = EXCLUDED.starttime, period = EXCLUDED.period, grainhash = EXCLUDED.grainhash,
      version = CASE WHEN r.version = 2147483647 THEN 0 ELSE r.version + 1 END
  RETURNING r.version AS "Version"'),
('DeleteReminderRowKey',
 'WITH deleted AS (
      DELETE FROM orleansreminderstable
      WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
      RETURNING 1)
  SELECT EXISTS (SELECT 1 FROM deleted)'),
('DeleteReminderRowsKey',
 'DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
