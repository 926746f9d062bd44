-- 0003 — people and the roles they act in.
-- A role may be scoped to an administrative unit (staff of one district or commune) and, for producers, to the
-- OCOP subject they represent. '' means unscoped.

CREATE TABLE app_user (
    id         text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._@-]*$'),
    name       text NOT NULL CHECK (name <> ''),
    language   text NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en')),
    active     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_role (
    user_id    text NOT NULL REFERENCES app_user (id),
    role       text NOT NULL CHECK (role ~ '^[A-Z][A-Z0-9_]*$'),
    unit_code  text NOT NULL DEFAULT '',
    subject_id text NOT NULL DEFAULT '',
    granted_at timestamptz NOT NULL DEFAULT now(),
    granted_by text NOT NULL,
    PRIMARY KEY (user_id, role, unit_code, subject_id)
);

-- Who granted or revoked what, when: append-only like the workflow history.
CREATE TABLE user_role_change (
    id         bigserial PRIMARY KEY,
    user_id    text NOT NULL,
    role       text NOT NULL,
    unit_code  text NOT NULL,
    subject_id text NOT NULL,
    change     text NOT NULL CHECK (change IN ('grant', 'revoke')),
    by_user    text NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER user_role_change_no_update BEFORE UPDATE OR DELETE ON user_role_change
    FOR EACH ROW EXECUTE FUNCTION workflow_transition_append_only();
