-- 0002 — the workflow engine: definitions, instances, append-only hash-chained history, timers, outbox.

-- Every version of every definition ever used, identified by the SHA-256 of its YAML.
CREATE TABLE workflow_definition (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL,
    version_label text NOT NULL,
    content_hash  text NOT NULL UNIQUE CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    source        text NOT NULL,
    source_path   text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workflow_definition_name ON workflow_definition (name, id);

-- Current state: a projection of the history, kept on the row so reads need no replay.
CREATE TABLE workflow_instance (
    id            bigserial PRIMARY KEY,
    definition_id bigint NOT NULL REFERENCES workflow_definition (id),
    workflow      text NOT NULL,
    state         text NOT NULL,
    data          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(data) = 'object'),
    version       integer NOT NULL CHECK (version >= 1),
    subject_id    text,   -- the producer (chủ thể) the record belongs to; permissions are scoped by it
    unit_code     text,   -- the administrative unit it belongs to
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX workflow_instance_state ON workflow_instance (workflow, state);
CREATE INDEX workflow_instance_subject ON workflow_instance (subject_id) WHERE subject_id IS NOT NULL;
CREATE INDEX workflow_instance_unit ON workflow_instance (unit_code) WHERE unit_code IS NOT NULL;

-- The history: one row per accepted event (seq 1 is the creation), never updated or deleted.
CREATE TABLE workflow_transition (
    instance_id     bigint NOT NULL REFERENCES workflow_instance (id),
    seq             integer NOT NULL CHECK (seq >= 1),
    event           text NOT NULL,
    from_state      text,
    to_state        text NOT NULL,
    actor           text NOT NULL,
    acting_role     text NOT NULL,
    on_behalf_of    text,
    input           jsonb NOT NULL DEFAULT '{}',
    comment         text,
    legal_ref       text,
    batch_id        uuid,
    idempotency_key text UNIQUE,
    at              timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    prev_hash       text NOT NULL,
    hash            text NOT NULL,
    PRIMARY KEY (instance_id, seq)
);
CREATE INDEX workflow_transition_batch ON workflow_transition (batch_id) WHERE batch_id IS NOT NULL;

-- The hash of a history row: what it says, chained to the row before. Used at insert and by `ocop audit verify`.
CREATE FUNCTION workflow_transition_hash(t workflow_transition) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(concat_ws(E'\x1f',
        t.prev_hash, t.instance_id::text, t.seq::text, t.event, coalesce(t.from_state, ''), t.to_state,
        t.actor, t.acting_role, coalesce(t.on_behalf_of, ''), t.input::text, coalesce(t.comment, ''),
        coalesce(t.legal_ref, ''), coalesce(t.batch_id::text, ''), coalesce(t.idempotency_key, ''),
        (extract(epoch FROM t.at) * 1000000)::bigint::text), 'UTF8')), 'hex')
$$;

-- Rows arrive in order without gaps; each is chained to its predecessor by the database itself.
CREATE FUNCTION workflow_transition_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    previous text;
BEGIN
    IF NEW.seq = 1 THEN
        previous := repeat('0', 64);
    ELSE
        SELECT hash INTO previous FROM workflow_transition WHERE instance_id = NEW.instance_id AND seq = NEW.seq - 1;
        IF previous IS NULL THEN
            RAISE EXCEPTION 'lịch sử của hồ sơ % bị thiếu bước % (history of instance % is missing step %)',
                NEW.instance_id, NEW.seq - 1, NEW.instance_id, NEW.seq - 1 USING ERRCODE = 'OC002';
        END IF;
    END IF;
    NEW.prev_hash := previous;
    NEW.hash := workflow_transition_hash(NEW);
    RETURN NEW;
END
$$;
CREATE TRIGGER workflow_transition_chain BEFORE INSERT ON workflow_transition
    FOR EACH ROW EXECUTE FUNCTION workflow_transition_chain();

CREATE FUNCTION workflow_transition_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'lịch sử chỉ được ghi thêm, không được sửa hoặc xóa (history is append-only: % refused)', TG_OP
        USING ERRCODE = 'OC001';
END
$$;
CREATE TRIGGER workflow_transition_no_update BEFORE UPDATE OR DELETE ON workflow_transition
    FOR EACH ROW EXECUTE FUNCTION workflow_transition_append_only();
CREATE TRIGGER workflow_transition_no_truncate BEFORE TRUNCATE ON workflow_transition
    FOR EACH STATEMENT EXECUTE FUNCTION workflow_transition_append_only();

-- Timers: due rows are claimed with FOR UPDATE SKIP LOCKED, so any number of workers fire each once.
CREATE TABLE workflow_timer (
    id            bigserial PRIMARY KEY,
    instance_id   bigint NOT NULL REFERENCES workflow_instance (id),
    name          text NOT NULL,
    event         text NOT NULL,
    fire_at       timestamptz NOT NULL,
    scheduled_seq integer NOT NULL,
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fired', 'cancelled', 'failed')),
    attempts      integer NOT NULL DEFAULT 0,
    last_error    text,
    closed_at     timestamptz
);
CREATE UNIQUE INDEX workflow_timer_one_pending ON workflow_timer (instance_id, name) WHERE status = 'pending';
CREATE INDEX workflow_timer_due ON workflow_timer (fire_at) WHERE status = 'pending';

-- Outbox: what happened, for work done after commit (notifications, live updates), in commit order.
CREATE TABLE workflow_outbox (
    id           bigserial PRIMARY KEY,
    instance_id  bigint NOT NULL,
    seq          integer NOT NULL,
    kind         text NOT NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    processed_at timestamptz
);
CREATE INDEX workflow_outbox_pending ON workflow_outbox (id) WHERE processed_at IS NULL;

-- Audited moves of instances between definition versions (`ocop workflow migrate`).
CREATE TABLE workflow_migration (
    id              bigserial PRIMARY KEY,
    from_definition bigint NOT NULL REFERENCES workflow_definition (id),
    to_definition   bigint NOT NULL REFERENCES workflow_definition (id),
    state_map       jsonb NOT NULL,
    actor           text NOT NULL,
    instances       integer NOT NULL,
    at              timestamptz NOT NULL DEFAULT now()
);
