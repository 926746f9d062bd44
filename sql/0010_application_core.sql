-- One application core (issue: every door goes through the same services, scope and errors).

-- The one scope rule: whether a grant (role, unit, subject; '' for none, as user_role stores them) covers a record of
-- a subject in a unit. A subject-scoped grant covers that subject's records; a producer (CT) is covered only through
-- a subject; an unscoped staff grant covers everything; a unit-scoped one covers records within that unit (lineage
-- included). Both "which roles may act on this record" and "which records may this user list" use it.
CREATE FUNCTION grant_covers(g_role text, g_unit text, g_subject text, r_subject text, r_unit text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN g_subject <> '' THEN g_subject IS NOT DISTINCT FROM r_subject
        WHEN g_role = 'CT' THEN false
        WHEN g_unit = '' THEN true
        WHEN r_unit IS NULL THEN false
        WHEN g_unit = r_unit THEN true
        ELSE admin_unit_within(r_unit, g_unit)
    END
$$;

-- Whether an active user may see a record of a subject in a unit (some grant of theirs covers it).
CREATE FUNCTION user_sees(u_id text, r_subject text, r_unit text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM user_role r JOIN app_user u ON u.id = r.user_id AND u.active
        WHERE r.user_id = u_id AND grant_covers(r.role, r.unit_code, r.subject_id, r_subject, r_unit))
$$;

-- Idempotency keys belong to whoever sent them: unique per actor, not across the installation, so one user's key
-- never collides with, or reveals, another's request.
ALTER TABLE workflow_transition DROP CONSTRAINT workflow_transition_idempotency_key_key;
CREATE UNIQUE INDEX workflow_transition_actor_idempotency_key ON workflow_transition (actor, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- What each keyed request asked for (a fingerprint of instance, event, input, comment, legal reference), so that the
-- same key sent again with another request is refused instead of being answered with the first one's result.
CREATE TABLE workflow_request (
    actor           text NOT NULL,
    idempotency_key text NOT NULL,
    fingerprint     text NOT NULL,
    instance_id     bigint NOT NULL REFERENCES workflow_instance (id),
    seq             integer NOT NULL,
    PRIMARY KEY (actor, idempotency_key)
);
