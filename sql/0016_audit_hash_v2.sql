-- 0016 — history hash, version 2: the hash of a history row covers every stored column (recorded_at and the hash
-- version included) in an unambiguous encoding: each field is length-prefixed, and NULL ('~') differs from empty ('0:').
--
-- Nothing stored is re-hashed. Rows written before this migration keep hash_version 1 and still verify under the
-- formula they were written with (workflow_transition_hash_v1, the formula of 0014); every row inserted from now on is
-- version 2, whatever the insert says. A chain never goes back from version 2 to version 1: `ocop audit verify` reports
-- a version-1 row after a version-2 row of the same instance as tampering. `ocop audit verify` recomputes both
-- formulas outside the database (Store/Audit/HistoryDigest.swift), so a replaced function here cannot hide an edit.
ALTER TABLE workflow_transition ADD COLUMN hash_version smallint NOT NULL DEFAULT 1 CHECK (hash_version IN (1, 2));
ALTER TABLE workflow_transition ALTER COLUMN hash_version SET DEFAULT 2;

-- Version 1, exactly as 0014 left it (rows stored before 0016).
CREATE FUNCTION workflow_transition_hash_v1(t workflow_transition) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(concat_ws(E'\x1f',
        t.prev_hash, t.instance_id::text, t.seq::text, t.event, coalesce(t.from_state, ''), t.to_state,
        t.actor, t.acting_role, coalesce(t.on_behalf_of, ''), t.input::text, coalesce(t.comment, ''),
        coalesce(t.legal_ref, ''), coalesce(t.batch_id::text, ''), coalesce(t.idempotency_key, ''),
        (extract(epoch FROM t.at) * 1000000)::bigint::text,
        t.caused_by_instance::text, t.caused_by_seq::text), 'UTF8')), 'hex')
$$;

-- Version 2: a tag naming the formula, then every column but the hash itself, in table order, each as '~' (NULL) or
-- its length in UTF-8 bytes, ':' and its text. PL/pgSQL, not SQL: a SQL helper per field is not inlined (it reads its
-- argument twice) and made every insert's hash 25 times slower than version 1; this loop costs about what version 1 does.
CREATE FUNCTION workflow_transition_hash_v2(t workflow_transition) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    field text;
    message text := 'ocop-history-v2';
BEGIN
    FOREACH field IN ARRAY ARRAY[
        t.hash_version::text, t.prev_hash, t.instance_id::text, t.seq::text, t.event, t.from_state, t.to_state, t.actor,
        t.acting_role, t.on_behalf_of, t.input::text, t.comment, t.legal_ref, t.batch_id::text, t.idempotency_key,
        (extract(epoch FROM t.at) * 1000000)::bigint::text, (extract(epoch FROM t.recorded_at) * 1000000)::bigint::text,
        t.caused_by_instance::text, t.caused_by_seq::text]
    LOOP
        IF field IS NULL THEN
            message := message || '~';
        ELSE
            message := message || octet_length(convert_to(field, 'UTF8'))::text || ':' || field;
        END IF;
    END LOOP;
    RETURN encode(sha256(convert_to(message, 'UTF8')), 'hex');
END
$$;

-- The hash of a row under the formula it was written with.
CREATE OR REPLACE FUNCTION workflow_transition_hash(t workflow_transition) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE t.hash_version WHEN 1 THEN workflow_transition_hash_v1(t) ELSE workflow_transition_hash_v2(t) END
$$;

-- New rows: version 2, entered at the database's own clock (not a time the caller chose), chained to their predecessor.
CREATE OR REPLACE FUNCTION workflow_transition_chain() RETURNS trigger
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
    NEW.hash_version := 2;
    NEW.recorded_at := clock_timestamp();
    NEW.prev_hash := previous;
    NEW.hash := workflow_transition_hash(NEW);
    RETURN NEW;
END
$$;
