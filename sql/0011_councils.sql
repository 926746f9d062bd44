-- Rating councils as data (DOMAIN §2.3, §9.22): a council is set up by decision of the People's Committee chair of its
-- level, with a chair, members and a secretary. Only its members' sheets count, each member once per round, and a
-- result needs at least `min_sheets` sheets.
CREATE TABLE ocop_council (
    id            bigserial PRIMARY KEY,
    code          text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9._-]*$'),
    name          text NOT NULL CHECK (name <> ''),
    level         text NOT NULL CHECK (level IN ('district', 'province', 'central')),
    -- The district or province whose council it is; none for the central council.
    unit_code     text REFERENCES admin_unit (code),
    decision_ref  text NOT NULL CHECK (decision_ref <> ''),
    decision_date date NOT NULL,
    min_sheets    integer NOT NULL DEFAULT 3 CHECK (min_sheets BETWEEN 1 AND 100),
    created_by    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((level = 'central') = (unit_code IS NULL))
);
CREATE INDEX ocop_council_unit ON ocop_council (level, unit_code, decision_date);

CREATE TABLE ocop_council_member (
    council_id bigint NOT NULL REFERENCES ocop_council (id),
    member_id  text NOT NULL CHECK (member_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
    name       text NOT NULL CHECK (name <> ''),
    role       text NOT NULL CHECK (role IN ('chair', 'vice_chair', 'member', 'secretary')),
    -- The account the member signs in with, when they enter their own sheet.
    user_id    text REFERENCES app_user (id),
    added_by   text NOT NULL,
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (council_id, member_id)
);
-- One chair per council.
CREATE UNIQUE INDEX ocop_council_one_chair ON ocop_council_member (council_id) WHERE role = 'chair';

-- Which council a sheet was scored in (sheets entered before councils were data have none).
ALTER TABLE ocop_score_sheet ADD COLUMN council_id bigint REFERENCES ocop_council (id);
