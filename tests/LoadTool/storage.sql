-- Database bytes per confirmed order and per idle cart (docs/benchmarks.md, "Storage per order
-- and per cart"), on a shop that has taken checkouts (the load tool's checkout scenario) and
-- whose carts hold lines:
--   psql -h 127.0.0.1 -p 5532 -U postgres -d ecommerce -f tests/LoadTool/storage.sql [-v since=<timestamptz>]
-- (since: only orders created and carts written from then on, such as those of a new build).
-- Each kind's rows are copied into tables of their own with the indexes the shop gives them, so
-- each figure is the rows' own, packed as a table and its indexes are when nothing was ever
-- deleted from them; beside it, the orders read model as it stands after VACUUM (its rows
-- rewritten by each step of a checkout, its indexes grown by inserts in random order).
\set ON_ERROR_STOP on
\if :{?since}
\else
\set since '-infinity'
\endif
\pset footer off
VACUUM ANALYZE orleansstorage;
VACUUM ANALYZE orders;
VACUUM ANALYZE orleansreminderstable;

BEGIN;
-- A confirmed order: its grain state row, its read model row, and the index entries of both.
CREATE TEMP TABLE order_state ON COMMIT DROP AS
    SELECT s.* FROM orleansstorage s JOIN orders o ON o.order_id = s.grainidextensionstring
    WHERE s.graintypestring = 'order' AND o.status = 'Confirmed' AND o.created_at >= :'since';
CREATE UNIQUE INDEX ON order_state (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, grainidextensionstring, serviceid) NULLS NOT DISTINCT;
CREATE TEMP TABLE order_read ON COMMIT DROP AS SELECT * FROM orders WHERE status = 'Confirmed' AND created_at >= :'since';
ALTER TABLE order_read ADD PRIMARY KEY (order_id);
CREATE INDEX ON order_read (created_at DESC, order_id DESC);
CREATE INDEX ON order_read (customer_id, created_at DESC, order_id DESC);
CREATE INDEX ON order_read (status, created_at DESC, order_id DESC);
CREATE INDEX ON order_read (customer_id, status, created_at DESC, order_id DESC);

-- An idle cart with lines: its grain state row and its expiry reminder, with their index entries.
CREATE TEMP TABLE cart_state ON COMMIT DROP AS
    SELECT * FROM orleansstorage
    WHERE graintypestring = 'cart' AND modifiedon >= :'since' AND convert_from(payloadbinary, 'UTF8')::jsonb -> 'lines' <> '[]';
CREATE UNIQUE INDEX ON cart_state (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, grainidextensionstring, serviceid) NULLS NOT DISTINCT;
CREATE TEMP TABLE cart_reminder ON COMMIT DROP AS
    SELECT r.* FROM orleansreminderstable r JOIN cart_state c ON substr(r.grainid, strpos(r.grainid, '/') + 1) = c.grainidextensionstring;
ALTER TABLE cart_reminder ADD PRIMARY KEY (serviceid, grainid, remindername);
CREATE INDEX ON cart_reminder (serviceid, grainhash);

CREATE TEMP VIEW sizes AS
    SELECT 'order: grain state' AS what, 'order_state'::regclass AS rel, (SELECT count(*) FROM order_state) AS n,
           (SELECT avg(length(payloadbinary)) FROM order_state) AS payload
    UNION ALL SELECT 'order: read model', 'order_read', (SELECT count(*) FROM order_read), (SELECT avg(pg_column_size(document)) FROM order_read)
    UNION ALL SELECT 'cart: grain state', 'cart_state', (SELECT count(*) FROM cart_state), (SELECT avg(length(payloadbinary)) FROM cart_state)
    UNION ALL SELECT 'cart: reminder', 'cart_reminder', (SELECT count(*) FROM cart_reminder), NULL;
ANALYZE order_state; ANALYZE order_read; ANALYZE cart_state; ANALYZE cart_reminder;

SELECT what, n AS rows, round(payload) AS "payload or document bytes",
       round(pg_table_size(rel)::numeric / nullif(n, 0)) AS "table bytes per row",
       round(pg_indexes_size(rel)::numeric / nullif(n, 0)) AS "index bytes per row",
       round(pg_total_relation_size(rel)::numeric / nullif(n, 0)) AS "total per row"
FROM sizes;

SELECT 'orders read model as it stands' AS what, count(*) AS rows,
       round(pg_table_size('orders')::numeric / count(*)) AS "table bytes per row",
       round(pg_indexes_size('orders')::numeric / count(*)) AS "index bytes per row",
       round(pg_total_relation_size('orders')::numeric / count(*)) AS "total per row"
FROM orders;
ROLLBACK;
