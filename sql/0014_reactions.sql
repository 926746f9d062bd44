-- Reactions between workflows (a certificate that expires moves its product; a claim is told its certificate ended):
-- a history row fired by a reaction names the row that caused it. The hash covers the cause too; rows without one
-- hash exactly as before (concat_ws skips NULLs), so existing chains still verify.
ALTER TABLE workflow_transition ADD COLUMN caused_by_instance bigint, ADD COLUMN caused_by_seq integer;
ALTER TABLE workflow_transition ADD CONSTRAINT workflow_transition_cause_complete
    CHECK ((caused_by_instance IS NULL) = (caused_by_seq IS NULL));

CREATE OR REPLACE FUNCTION workflow_transition_hash(t workflow_transition) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(concat_ws(E'\x1f',
        t.prev_hash, t.instance_id::text, t.seq::text, t.event, coalesce(t.from_state, ''), t.to_state,
        t.actor, t.acting_role, coalesce(t.on_behalf_of, ''), t.input::text, coalesce(t.comment, ''),
        coalesce(t.legal_ref, ''), coalesce(t.batch_id::text, ''), coalesce(t.idempotency_key, ''),
        (extract(epoch FROM t.at) * 1000000)::bigint::text,
        t.caused_by_instance::text, t.caused_by_seq::text), 'UTF8')), 'hex')
$$;
