-- 0024 — the history chain trigger, cheaper: the same hash (version 2, sql/0016), computed in one expression.
--
-- 0016's trigger passed the new row to workflow_transition_hash(), a SQL function choosing the formula, which called
-- workflow_transition_hash_v2(), a PL/pgSQL loop over an array of 19 fields converting each to UTF-8 to measure it:
-- about 40 expression evaluations and as many string copies per insert. Here the trigger builds the same message in
-- one expression over NEW's fields, reads the jsonb input as text once, and measures each field with octet_length,
-- which is its UTF-8 length in a UTF-8 database. The definition of version 2 does not change: workflow_transition_hash_v2
-- stays as it was, `ocop audit verify` recomputes it outside the database, and old rows keep their version. In a
-- database whose encoding is not UTF-8 the trigger of 0016 is kept (octet_length would not count UTF-8 bytes there).
DO $migration$
BEGIN
    IF getdatabaseencoding() <> 'UTF8' THEN
        RETURN;
    END IF;
    CREATE OR REPLACE FUNCTION workflow_transition_chain() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        previous text;
        input text := NEW.input::text;
        at_micros text := (extract(epoch FROM NEW.at) * 1000000)::bigint::text;
        recorded_micros text;
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
        recorded_micros := (extract(epoch FROM NEW.recorded_at) * 1000000)::bigint::text;
        -- Field by field as workflow_transition_hash_v2: '~' for NULL, else the UTF-8 length, ':' and the text.
        NEW.hash := encode(sha256(convert_to(concat(
            'ocop-history-v2', '1:2',
            octet_length(previous), ':', previous,
            octet_length(NEW.instance_id::text), ':', NEW.instance_id::text,
            octet_length(NEW.seq::text), ':', NEW.seq::text,
            octet_length(NEW.event), ':', NEW.event,
            CASE WHEN NEW.from_state IS NULL THEN '~' ELSE octet_length(NEW.from_state) || ':' || NEW.from_state END,
            octet_length(NEW.to_state), ':', NEW.to_state,
            octet_length(NEW.actor), ':', NEW.actor,
            octet_length(NEW.acting_role), ':', NEW.acting_role,
            CASE WHEN NEW.on_behalf_of IS NULL THEN '~' ELSE octet_length(NEW.on_behalf_of) || ':' || NEW.on_behalf_of END,
            octet_length(input), ':', input,
            CASE WHEN NEW.comment IS NULL THEN '~' ELSE octet_length(NEW.comment) || ':' || NEW.comment END,
            CASE WHEN NEW.legal_ref IS NULL THEN '~' ELSE octet_length(NEW.legal_ref) || ':' || NEW.legal_ref END,
            CASE WHEN NEW.batch_id IS NULL THEN '~' ELSE '36:' || NEW.batch_id::text END,
            CASE WHEN NEW.idempotency_key IS NULL THEN '~' ELSE octet_length(NEW.idempotency_key) || ':' || NEW.idempotency_key END,
            octet_length(at_micros), ':', at_micros,
            octet_length(recorded_micros), ':', recorded_micros,
            CASE WHEN NEW.caused_by_instance IS NULL THEN '~' ELSE octet_length(NEW.caused_by_instance::text) || ':' || NEW.caused_by_instance::text END,
            CASE WHEN NEW.caused_by_seq IS NULL THEN '~' ELSE octet_length(NEW.caused_by_seq::text) || ':' || NEW.caused_by_seq::text END
        ), 'UTF8')), 'hex');
        RETURN NEW;
    END
    $$;
END
$migration$;
