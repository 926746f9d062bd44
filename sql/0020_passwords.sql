-- 0020 — people sign in to the dashboard with their user name and a password (tokens stay for scripts).
-- Passwords are kept only as bcrypt hashes; an officer's reset sets a temporary password that must be changed at the
-- next sign-in; repeated failures lock the account for a while. Every set, reset and lockout is kept, append-only.

CREATE TABLE user_password (
    user_id       text PRIMARY KEY REFERENCES app_user (id),
    hash          text NOT NULL CHECK (hash ~ '^\$2[aby]\$[0-9]{2}\$'),
    must_change   boolean NOT NULL DEFAULT false,
    set_at        timestamptz NOT NULL,
    set_by        text NOT NULL,
    failed_count  integer NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
    locked_until  timestamptz
);

CREATE TABLE user_password_change (
    id       bigserial PRIMARY KEY,
    user_id  text NOT NULL,
    change   text NOT NULL CHECK (change IN ('set', 'reset', 'changed', 'locked', 'unlocked')),
    by_user  text NOT NULL,
    at       timestamptz NOT NULL
);
CREATE INDEX user_password_change_user ON user_password_change (user_id, at);
CREATE TRIGGER user_password_change_no_update BEFORE UPDATE OR DELETE ON user_password_change
    FOR EACH ROW EXECUTE FUNCTION workflow_transition_append_only();

-- A dashboard session is opened with a token (as before) or with a password: it always names its user.
ALTER TABLE web_session ADD COLUMN user_id text REFERENCES app_user (id);
UPDATE web_session s SET user_id = t.user_id FROM api_token t WHERE t.id = s.token_id;
ALTER TABLE web_session ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE web_session ALTER COLUMN token_id DROP NOT NULL;
CREATE INDEX web_session_user ON web_session (user_id) WHERE ended_at IS NULL;
