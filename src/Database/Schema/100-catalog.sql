-- The catalog read model: one row per product, kept by a trigger on the grain state
-- table, so the listing and the product grain's state are written in one transaction
-- and can never disagree. ProductGrain stores its state under the name 'product' as
-- System.Text.Json with camelCase names; this is the only place that reads that JSON.
CREATE TABLE IF NOT EXISTS catalog_products
(
    sku         text COLLATE "C" PRIMARY KEY,
    name        text          NOT NULL,
    description text          NOT NULL,
    category    text          NOT NULL,
    price       numeric(12,2) NOT NULL,
    currency    text          NOT NULL,
    active      boolean       NOT NULL,
    updated_at  timestamptz   NOT NULL
);

-- Listings walk the listed products in sku order from a cursor, and count no further than
-- 10,001 of them (Grains/Catalog/CatalogSql.cs): one index for all, one per category. The
-- category's key is a column, not an expression index on lower(category): PostgreSQL reads an
-- expression index only with a visit to the table for every entry, so a count of a large
-- category chose a bitmap scan of all of it instead of walking 10,001 entries.
ALTER TABLE catalog_products ADD COLUMN IF NOT EXISTS category_key text GENERATED ALWAYS AS (lower(category)) STORED;
DROP INDEX IF EXISTS catalog_products_category;
CREATE INDEX IF NOT EXISTS catalog_products_listed ON catalog_products (sku) WHERE active;
CREATE INDEX IF NOT EXISTS catalog_products_by_category ON catalog_products (category_key, sku) WHERE active;

CREATE OR REPLACE FUNCTION catalog_project_product() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    doc jsonb;
BEGIN
    IF TG_OP = 'DELETE' OR NEW.payloadbinary IS NULL THEN
        IF OLD.payloadbinary IS NOT NULL THEN
            DELETE FROM catalog_products
            WHERE sku = convert_from(OLD.payloadbinary, 'UTF8')::jsonb ->> 'sku';
        END IF;
        RETURN NULL;
    END IF;

    doc := convert_from(NEW.payloadbinary, 'UTF8')::jsonb;
    INSERT INTO catalog_products AS c (sku, name, description, category, price, currency, active, updated_at)
    VALUES (doc ->> 'sku', doc ->> 'name', doc ->> 'description', doc ->> 'category',
            (doc -> 'price' ->> 'amount')::numeric, doc -> 'price' ->> 'currency',
            (doc ->> 'active')::boolean, (doc ->> 'updatedAt')::timestamptz)
    ON CONFLICT (sku) DO UPDATE
    SET name = EXCLUDED.name, description = EXCLUDED.description, category = EXCLUDED.category,
        price = EXCLUDED.price, currency = EXCLUDED.currency, active = EXCLUDED.active,
        updated_at = EXCLUDED.updated_at;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER catalog_product_written
    AFTER INSERT OR UPDATE OF payloadbinary ON orleansstorage
    FOR EACH ROW WHEN (NEW.graintypestring = 'product')
    EXECUTE FUNCTION catalog_project_product();

CREATE OR REPLACE TRIGGER catalog_product_deleted
    AFTER DELETE ON orleansstorage
    FOR EACH ROW WHEN (OLD.graintypestring = 'product')
    EXECUTE FUNCTION catalog_project_product();

-- Substring search on name and description. pg_trgm makes it indexable; where the
-- extension cannot be created (no privilege), search still works by scanning.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available (%); catalog search will scan', SQLERRM;
END;
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE INDEX IF NOT EXISTS catalog_products_name_trgm
            ON catalog_products USING gin (name gin_trgm_ops) WHERE active;
        CREATE INDEX IF NOT EXISTS catalog_products_description_trgm
            ON catalog_products USING gin (description gin_trgm_ops) WHERE active;
    END IF;
END;
$$;
