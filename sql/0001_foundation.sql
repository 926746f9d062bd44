-- 0001 — foundation.
-- Migrations are applied in order, each in its own transaction, and never edited once shipped:
-- a change is a new numbered file. ocop_schema_migration itself is created by the migrator.

-- Settings that ocop keeps for itself (e.g. the installation's id), as JSON values.
CREATE TABLE ocop_setting (
    key        text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_.]*$'),
    value      jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO ocop_setting (key, value) VALUES ('installation.id', to_jsonb(gen_random_uuid()::text));
