-- The orders read model for "my orders": one row per order, kept by a trigger on the grain
-- state table in the same transaction as each write of an OrderGrain (state name 'order').
-- The row carries the stored document; OrderQueryGrain reads it back with the grain's own
-- serializer settings.
CREATE TABLE IF NOT EXISTS orders
(
    order_id    text        PRIMARY KEY,
    customer_id text        NOT NULL,
    status      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    document    jsonb       NOT NULL
);

CREATE INDEX IF NOT EXISTS orders_by_customer ON orders (customer_id, created_at DESC, order_id DESC);
-- The admin list by status, and a customer's own list by status.
CREATE INDEX IF NOT EXISTS orders_by_status ON orders (status, created_at DESC, order_id DESC);
CREATE INDEX IF NOT EXISTS orders_by_customer_status ON orders (customer_id, status, created_at DESC, order_id DESC);

CREATE OR REPLACE FUNCTION orders_project_order() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    doc jsonb;
BEGIN
    IF TG_OP = 'DELETE' OR NEW.payloadbinary IS NULL THEN
        IF OLD.payloadbinary IS NOT NULL THEN
            DELETE FROM orders WHERE order_id = convert_from(OLD.payloadbinary, 'UTF8')::jsonb ->> 'id';
        END IF;
        RETURN NULL;
    END IF;

    doc := convert_from(NEW.payloadbinary, 'UTF8')::jsonb;
    -- An order still taking its cart's lines is no order yet (a busy, empty or unbuyable cart
    -- discards it), so listings never show it.
    IF doc ->> 'step' = 'Opening' THEN
        DELETE FROM orders WHERE order_id = doc ->> 'id';
        RETURN NULL;
    END IF;
    INSERT INTO orders AS o (order_id, customer_id, status, created_at, updated_at, document)
    VALUES (doc ->> 'id', doc ->> 'customerId', doc ->> 'status',
            (doc ->> 'createdAt')::timestamptz, (doc ->> 'updatedAt')::timestamptz, doc)
    ON CONFLICT (order_id) DO UPDATE
    SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at, document = EXCLUDED.document;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER orders_order_written
    AFTER INSERT OR UPDATE OF payloadbinary ON orleansstorage
    FOR EACH ROW WHEN (NEW.graintypestring = 'order')
    EXECUTE FUNCTION orders_project_order();

CREATE OR REPLACE TRIGGER orders_order_deleted
    AFTER DELETE ON orleansstorage
    FOR EACH ROW WHEN (OLD.graintypestring = 'order')
    EXECUTE FUNCTION orders_project_order();
