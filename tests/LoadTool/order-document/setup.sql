-- Does the orders read model's copy of each order's document pay (docs/benchmarks.md, "Storage
-- per order")? On a shop grown by the load tool (--scenario seed), a read model without the
-- document but with the grain state row's key hash, so that a listing takes its page's ids from
-- the read model and each order's JSON from its grain state row by the row's unique key:
--   psql -h 127.0.0.1 -p 6532 -U postgres -d ecommerce -f tests/LoadTool/order-document/setup.sql
-- then the listings both ways with pgbench (-D typehash=<graintypehash of 'order' rows>):
--   pgbench -n -M prepared -c 4 -j 2 -T 20 -D typehash=... -f tests/LoadTool/order-document/<listing>-<document|state>.pgbench ...
-- and DROP TABLE orders_slim afterwards.
\set ON_ERROR_STOP on
SET work_mem = '1GB';
DROP TABLE IF EXISTS orders_slim;
CREATE TABLE orders_slim AS
    SELECT o.order_id, o.customer_id, o.status, o.created_at, o.updated_at, s.grainidhash AS grain_hash
    FROM orders o JOIN orleansstorage s ON s.graintypestring = 'order' AND s.grainidextensionstring = o.order_id;
ALTER TABLE orders_slim ADD PRIMARY KEY (order_id);
CREATE INDEX ON orders_slim (created_at DESC, order_id DESC);
CREATE INDEX ON orders_slim (customer_id, created_at DESC, order_id DESC);
CREATE INDEX ON orders_slim (status, created_at DESC, order_id DESC);
CREATE INDEX ON orders_slim (customer_id, status, created_at DESC, order_id DESC);
VACUUM ANALYZE orders_slim;
SELECT 'with document' AS read_model, pg_size_pretty(pg_total_relation_size('orders')) AS size,
       round(pg_total_relation_size('orders')::numeric / (SELECT count(*) FROM orders)) AS bytes_per_order
UNION ALL
SELECT 'ids and key hash only', pg_size_pretty(pg_total_relation_size('orders_slim')),
       round(pg_total_relation_size('orders_slim')::numeric / (SELECT count(*) FROM orders_slim));
