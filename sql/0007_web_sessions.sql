-- 0007 — browser sessions of the staff dashboard: opened by signing in with an API token, kept in an HttpOnly,
-- SameSite=Strict cookie whose value is stored only as a SHA-256 hash; each has its own CSRF token for forms.
CREATE TABLE web_session (
    id_hash    text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
    token_id   bigint NOT NULL REFERENCES api_token (id),
    csrf       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    ended_at   timestamptz
);
CREATE INDEX web_session_token ON web_session (token_id);
