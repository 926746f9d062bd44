-- 0008 — NTM assessments as a time series: one row per (unit, criteria set, criterion, as-of date), never
-- overwritten (a correction is a new as-of date), so a report "as of" a date is reproducible whatever comes later.
CREATE TABLE ntm_assessment (
    unit_code    text NOT NULL REFERENCES admin_unit (code),
    criteria_set text NOT NULL,
    criterion    text NOT NULL,
    as_of        date NOT NULL,
    status       text NOT NULL CHECK (status IN ('dat', 'co_ban_dat', 'chua_dat')),
    note         text,
    evidence     text,
    recorded_by  text NOT NULL,
    import_sha   text,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_code, criteria_set, criterion, as_of)
);

-- Files imported, by content hash: the same file imported again changes nothing.
CREATE TABLE ntm_import (
    sha256      text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    file_name   text NOT NULL,
    rows        integer NOT NULL,
    imported_by text NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now()
);
