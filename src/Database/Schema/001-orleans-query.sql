-- The Orleans ADO.NET providers read their SQL from this table by key. The providers
-- query it unquoted, so the name folds to lower case.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) PRIMARY KEY,
    querytext text        NOT NULL
);
