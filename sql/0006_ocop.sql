-- 0006 — the OCOP domain beside its workflow instances (DOMAIN §1–3, §6.2–§6.5).
-- The workflow instance stays the source of state (workflow_instance.state and its history); these tables hold what
-- lists and reports need to join and filter on, and the constraints that are not a workflow's to judge:
-- a council member scores a product once per level and round, and one claim per (product, policy, star).
-- Every row is written in the same transaction as the workflow event that creates it.

-- A product idea (ý tưởng sản phẩm): form 01 (new product) or 02 (existing product), in one year's OCOP cycle.
CREATE TABLE ocop_idea (
    instance_id   bigint PRIMARY KEY REFERENCES workflow_instance (id),
    subject_id    text NOT NULL REFERENCES ocop_subject (id),
    unit_code     text NOT NULL REFERENCES admin_unit (code),
    name          text NOT NULL CHECK (name <> ''),
    form          text NOT NULL CHECK (form IN ('01', '02')),
    cycle_year    integer NOT NULL CHECK (cycle_year BETWEEN 2018 AND 2100),
    product_group text,
    registered_on date NOT NULL
);
CREATE INDEX ocop_idea_subject ON ocop_idea (subject_id);
CREATE INDEX ocop_idea_year ON ocop_idea (cycle_year);

-- A product started from an approved idea; the rule set is fixed by the date its rating dossier was submitted.
CREATE TABLE ocop_product (
    instance_id      bigint PRIMARY KEY REFERENCES workflow_instance (id),
    idea_instance_id bigint UNIQUE REFERENCES ocop_idea (instance_id),
    subject_id       text NOT NULL REFERENCES ocop_subject (id),
    unit_code        text NOT NULL REFERENCES admin_unit (code),
    name             text NOT NULL CHECK (name <> ''),
    product_group    text,
    started_on       date NOT NULL,
    rule_set         text CHECK (rule_set IS NULL OR rule_set ~ '^ocop-[a-z0-9-]+$'),
    submitted_on     date,
    -- The number of rating submissions so far: the "round" of this product's score sheets.
    submissions      integer NOT NULL DEFAULT 0 CHECK (submissions >= 0),
    CHECK ((rule_set IS NULL) = (submitted_on IS NULL))
);
CREATE INDEX ocop_product_subject ON ocop_product (subject_id);

-- One council member's sheet for one product at one level in one submission round (§2.1).
-- The ranges are the widest of any rule set (A ≤ 40, B ≤ 25, C ≤ 40, bonus ≤ 5); the rule set's own maxima are
-- checked by ScoreSheet.validate(against:) before the insert.
CREATE TABLE ocop_score_sheet (
    id                  bigserial PRIMARY KEY,
    product_instance_id bigint NOT NULL REFERENCES ocop_product (instance_id),
    level               text NOT NULL CHECK (level IN ('district', 'province', 'central')),
    round               integer NOT NULL CHECK (round >= 1),
    rule_set            text NOT NULL,
    member_id           text NOT NULL CHECK (member_id <> ''),
    part_a              numeric(5,2) NOT NULL CHECK (part_a BETWEEN 0 AND 40),
    part_b              numeric(5,2) NOT NULL CHECK (part_b BETWEEN 0 AND 25),
    part_c              numeric(5,2) NOT NULL CHECK (part_c BETWEEN 0 AND 40),
    bonus               numeric(5,2) CHECK (bonus IS NULL OR bonus BETWEEN 0 AND 5),
    total               numeric(6,2) GENERATED ALWAYS AS (part_a + part_b + part_c + coalesce(bonus, 0)) STORED,
    scored_on           date NOT NULL,
    entered_by          text NOT NULL,
    entered_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (total <= 100),
    CONSTRAINT ocop_score_sheet_once UNIQUE (product_instance_id, level, round, member_id)
);

-- A council's result: the rounded average of its members' totals (§2.1, §9.8), as fired into the workflow.
CREATE TABLE ocop_council_result (
    product_instance_id bigint NOT NULL REFERENCES ocop_product (instance_id),
    level               text NOT NULL CHECK (level IN ('district', 'province', 'central')),
    round               integer NOT NULL CHECK (round >= 1),
    rule_set            text NOT NULL,
    sheets              integer NOT NULL CHECK (sheets >= 1),
    exact_average       numeric NOT NULL,
    average             numeric(5,2) NOT NULL CHECK (average BETWEEN 0 AND 100),
    band_star           smallint NOT NULL CHECK (band_star BETWEEN 1 AND 5),
    mandatory_3         boolean NOT NULL,
    mandatory_4         boolean NOT NULL,
    mandatory_5         boolean NOT NULL,
    decision            text NOT NULL,
    rated_on            date NOT NULL,
    PRIMARY KEY (product_instance_id, level, round)
);

-- An OCOP certificate (giấy chứng nhận), 3–5★; expires_on = issued_on + the rule set's 36 months (§2.4).
CREATE TABLE ocop_certificate (
    instance_id         bigint PRIMARY KEY REFERENCES workflow_instance (id),
    product_instance_id bigint NOT NULL REFERENCES ocop_product (instance_id),
    star                smallint NOT NULL CHECK (star BETWEEN 3 AND 5),
    level               text NOT NULL CHECK (level IN ('district', 'province', 'central')),
    rule_set            text NOT NULL,
    issued_on           date NOT NULL,
    expires_on          date NOT NULL,
    decision_ref        text NOT NULL CHECK (decision_ref <> ''),
    CHECK (expires_on > issued_on)
);
CREATE INDEX ocop_certificate_product ON ocop_certificate (product_instance_id);
CREATE INDEX ocop_certificate_expires ON ocop_certificate (expires_on);

-- A support claim (§3, §6.5): one per (product, policy, star), the amount from the policy.
CREATE TABLE ocop_claim (
    instance_id             bigint PRIMARY KEY REFERENCES workflow_instance (id),
    certificate_instance_id bigint NOT NULL REFERENCES ocop_certificate (instance_id),
    product_instance_id     bigint NOT NULL REFERENCES ocop_product (instance_id),
    policy_id               text NOT NULL CHECK (policy_id <> ''),
    star                    smallint NOT NULL CHECK (star BETWEEN 3 AND 5),
    amount                  numeric(14,0) NOT NULL CHECK (amount > 0),
    CONSTRAINT ocop_claim_once UNIQUE (product_instance_id, policy_id, star)
);
CREATE INDEX ocop_claim_certificate ON ocop_claim (certificate_instance_id);
