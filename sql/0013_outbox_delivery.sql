-- 0013 — the outbox delivered: delivery state on outbox rows, an append-only record of every attempt, and how
-- people are reached (contact and opt-out per channel).
--
-- Kinds of outbox rows: 'transition' (written with every state change), 'notify' (a workflow's `notify:` effect),
-- 'reminder' (a deadline coming up) — the relay turns these into one 'message' row per recipient and channel, in one
-- transaction — and 'message' (one e-mail or webhook call to one person, delivered at least once under its
-- `delivery_id`, which the receiver deduplicates on).

ALTER TABLE workflow_outbox
    ADD COLUMN attempts        integer NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN last_error      text,
    ADD COLUMN delivered_at    timestamptz,
    ADD COLUMN parked_at       timestamptz,
    ADD COLUMN delivery_id     uuid NOT NULL DEFAULT gen_random_uuid(),
    ADD COLUMN recipient       text REFERENCES app_user (id),
    ADD COLUMN channel         text CHECK (channel IN ('email', 'webhook')),
    ADD COLUMN source_id       bigint REFERENCES workflow_outbox (id);

ALTER TABLE workflow_outbox ADD CONSTRAINT workflow_outbox_message_addressed
    CHECK (kind <> 'message' OR (recipient IS NOT NULL AND channel IS NOT NULL));
CREATE UNIQUE INDEX workflow_outbox_delivery_id ON workflow_outbox (delivery_id);
-- One message per source row, person and channel: expanding a row twice cannot send twice.
CREATE UNIQUE INDEX workflow_outbox_message_once ON workflow_outbox (source_id, recipient, channel) WHERE kind = 'message';
DROP INDEX workflow_outbox_pending;
CREATE INDEX workflow_outbox_due ON workflow_outbox (next_attempt_at, id) WHERE delivered_at IS NULL AND parked_at IS NULL;
CREATE INDEX workflow_outbox_recipient ON workflow_outbox (recipient, created_at) WHERE kind = 'message';

-- Every delivery attempt and every administrator's retry, append-only.
CREATE TABLE workflow_outbox_attempt (
    id          bigserial PRIMARY KEY,
    outbox_id   bigint NOT NULL REFERENCES workflow_outbox (id),
    attempt     integer NOT NULL,
    channel     text NOT NULL,
    relay       text NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('delivered', 'failed', 'parked', 'skipped', 'retry')),
    error       text
);
CREATE INDEX workflow_outbox_attempt_row ON workflow_outbox_attempt (outbox_id, id);
CREATE TRIGGER workflow_outbox_attempt_no_update BEFORE UPDATE OR DELETE ON workflow_outbox_attempt
    FOR EACH ROW EXECUTE FUNCTION workflow_transition_append_only();

-- How a person is reached, and the channels they opted out of; set by themself or an administrator.
CREATE TABLE user_contact (
    user_id        text PRIMARY KEY REFERENCES app_user (id),
    email          text CHECK (email ~ '^[^@[:space:]<>]+@[^@[:space:]<>]+$'),
    phone          text CHECK (phone ~ '^\+?[0-9 .-]{6,20}$'),
    webhook_url    text CHECK (webhook_url ~ '^https?://'),
    webhook_secret text,
    opt_out        text[] NOT NULL DEFAULT '{}' CHECK (opt_out <@ ARRAY['email', 'webhook']),
    digest         boolean NOT NULL DEFAULT false,
    updated_at     timestamptz NOT NULL,
    updated_by     text NOT NULL,
    CHECK (webhook_url IS NULL OR webhook_secret IS NOT NULL)
);
