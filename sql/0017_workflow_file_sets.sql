-- A command starts like psql (issue 15): the set of workflow files it was started with is found here by one read, and
-- nothing is registered again. A set is recorded once, when its files were registered (each definition version by its
-- content hash in workflow_definition); a changed, added or removed file makes a new set.
CREATE TABLE workflow_file_set (
    set_hash       text PRIMARY KEY CHECK (set_hash ~ '^[0-9a-f]{64}$'),
    definition_ids bigint[] NOT NULL,
    registered_at  timestamptz NOT NULL DEFAULT now()
);
