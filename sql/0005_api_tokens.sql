-- 0005 — API tokens for the admin HTTP endpoint. The secret is shown once; only its SHA-256 is stored.
CREATE TABLE api_token (
    id          bigserial PRIMARY KEY,
    user_id     text NOT NULL REFERENCES app_user (id),
    label       text NOT NULL DEFAULT '',
    secret_hash text NOT NULL UNIQUE CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    last_used_at timestamptz
);
CREATE INDEX api_token_user ON api_token (user_id);
