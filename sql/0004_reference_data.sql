-- 0004 — reference data: administrative units (effective-dated, with merger lineage) and OCOP subjects.

-- Province → district (until 2025-06-30) → commune, ward or town → village or residential group.
-- A unit is never deleted or renamed in place: a merger ends the old units (valid_to) and creates a new one whose
-- predecessors are recorded, so records keep pointing at the unit they were registered under.
CREATE TABLE admin_unit (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9-]*$'),
    gso_code    text,   -- the official statistical code, where known
    name        text NOT NULL CHECK (name <> ''),
    kind        text NOT NULL CHECK (kind IN ('province', 'district', 'commune', 'ward', 'town', 'village', 'residential_group')),
    parent_code text REFERENCES admin_unit (code),
    valid_from  date NOT NULL,
    valid_to    date,
    CHECK (valid_to IS NULL OR valid_to >= valid_from),
    CHECK ((kind = 'province') = (parent_code IS NULL))
);
CREATE INDEX admin_unit_parent ON admin_unit (parent_code);

CREATE TABLE admin_unit_lineage (
    successor    text NOT NULL REFERENCES admin_unit (code),
    predecessor  text NOT NULL REFERENCES admin_unit (code),
    effective_on date NOT NULL,
    decision_ref text,
    PRIMARY KEY (successor, predecessor),
    CHECK (successor <> predecessor)
);

-- The unit a record registered under belongs to today: follow successors until a unit valid on the date.
CREATE FUNCTION admin_unit_current(unit text, on_date date DEFAULT current_date) RETURNS text
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE chain(code, depth) AS (
        SELECT unit, 0
        UNION ALL
        SELECT l.successor, c.depth + 1 FROM chain c JOIN admin_unit_lineage l ON l.predecessor = c.code
        WHERE l.effective_on <= on_date AND c.depth < 20
    )
    SELECT c.code FROM chain c JOIN admin_unit u ON u.code = c.code
    WHERE u.valid_from <= on_date AND (u.valid_to IS NULL OR u.valid_to >= on_date)
    ORDER BY c.depth DESC LIMIT 1
$$;

-- Whether `unit` lies within `ancestor` (itself included), through parents and predecessors' parents.
CREATE FUNCTION admin_unit_within(unit text, ancestor text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE edges(child, parent) AS (
        SELECT code, parent_code FROM admin_unit WHERE parent_code IS NOT NULL
        UNION ALL
        SELECT predecessor, successor FROM admin_unit_lineage
    ), up(code, depth) AS (
        SELECT unit, 0
        UNION
        SELECT e.parent, up.depth + 1 FROM up JOIN edges e ON e.child = up.code WHERE up.depth < 20
    )
    SELECT EXISTS (SELECT 1 FROM up WHERE code = ancestor)
$$;

-- OCOP subjects (chủ thể): the producers.
CREATE TABLE ocop_subject (
    id             text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]*$'),
    name           text NOT NULL CHECK (name <> ''),
    kind           text NOT NULL CHECK (kind IN ('cooperative', 'enterprise', 'cooperative_group', 'household_business')),
    unit_code      text NOT NULL REFERENCES admin_unit (code),
    tax_code       text,
    representative text,
    phone          text,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ocop_subject_unit ON ocop_subject (unit_code);
