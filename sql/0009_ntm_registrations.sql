-- 0009 — NTM registrations, progress reports, key results and forecasts (DOMAIN §4.6, §4.7, §6.6).
-- As with 0006, the workflow instance holds the state and its history; these tables hold what reports join on.
-- Progress, results and forecasts are time series: a correction is a new as-of date, so a report "as of" an
-- earlier date never changes.

-- Clusters (cụm dân cư) and gardens / garden-houses are tracked like units (§4.6).
ALTER TABLE admin_unit DROP CONSTRAINT admin_unit_kind_check;
ALTER TABLE admin_unit ADD CONSTRAINT admin_unit_kind_check
    CHECK (kind IN ('province', 'district', 'commune', 'ward', 'town', 'village', 'residential_group', 'cluster', 'garden'));

-- The province a unit lies in (itself if it is one): localised criteria sets are chosen by it.
CREATE FUNCTION admin_unit_province(unit text) RETURNS text
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up(code, parent_code, kind, depth) AS (
        SELECT code, parent_code, kind, 0 FROM admin_unit WHERE code = unit
        UNION ALL
        SELECT a.code, a.parent_code, a.kind, up.depth + 1 FROM admin_unit a JOIN up ON a.code = up.parent_code WHERE up.depth < 20
    )
    SELECT code FROM up WHERE kind = 'province' ORDER BY depth LIMIT 1
$$;

-- A unit's registration of a target level for a year (đăng ký): one ntm-registration instance.
CREATE TABLE ntm_registration (
    instance_id   bigint PRIMARY KEY REFERENCES workflow_instance (id),
    unit_code     text NOT NULL REFERENCES admin_unit (code),
    scope         text NOT NULL CHECK (scope IN ('commune-ntm', 'commune-advanced', 'commune-model', 'district-advanced',
                      'urban-civilised', 'village-model', 'tdp-civilised', 'eco-cluster', 'eco-garden-house', 'garden-model')),
    year          integer NOT NULL CHECK (year BETWEEN 2010 AND 2100),
    criteria_set  text,   -- the set progress is counted against; none for a prior recognition before any set in force
    registered_on date NOT NULL,
    -- A recognition made before the unit was tracked here, entered with its decision (no dossier history).
    prior         boolean NOT NULL DEFAULT false,
    -- The registration of the year before, carried over unrecognised (§6.6 CARRIED_OVER → new registration for Y+1).
    carried_from  bigint UNIQUE REFERENCES ntm_registration (instance_id)
);
CREATE INDEX ntm_registration_unit ON ntm_registration (unit_code, scope, year);

-- Per-criterion assessments may carry a % range of the planned volume instead of (or with) a status:
-- the district criteria "đạt từ 85 đến 95%" (§5.2).
ALTER TABLE ntm_assessment ALTER COLUMN status DROP NOT NULL;
ALTER TABLE ntm_assessment
    ADD COLUMN progress_min  numeric(6,2) CHECK (progress_min >= 0),
    ADD COLUMN progress_max  numeric(6,2),
    ADD COLUMN progress_kind text CHECK (progress_kind IN ('achieved', 'estimate', 'forecast')),
    ADD CONSTRAINT ntm_assessment_something CHECK (status IS NOT NULL OR progress_min IS NOT NULL),
    ADD CONSTRAINT ntm_assessment_range CHECK (
        (progress_min IS NULL) = (progress_max IS NULL) AND (progress_min IS NULL) = (progress_kind IS NULL)
        AND (progress_min IS NULL OR progress_min <= progress_max));

-- A unit's progress report on a target scope as of a date: the "x/N" counts (per status when known, else the merged
-- figure reports print) and the % of the plan's volume as a range with its kind (§4.7).
CREATE TABLE ntm_progress (
    unit_code              text NOT NULL REFERENCES admin_unit (code),
    scope                  text NOT NULL,
    as_of                  date NOT NULL,
    registration_id        bigint REFERENCES ntm_registration (instance_id),
    criteria_set           text,
    criteria_total         integer CHECK (criteria_total > 0),
    met                    integer CHECK (met >= 0),
    basically_met          integer CHECK (basically_met >= 0),
    met_or_basically_met   integer CHECK (met_or_basically_met >= 0),
    model_conditions_met   integer CHECK (model_conditions_met BETWEEN 0 AND 4),
    progress_min           numeric(6,2) CHECK (progress_min >= 0),
    progress_max           numeric(6,2),
    progress_kind          text CHECK (progress_kind IN ('achieved', 'estimate', 'forecast')),
    note                   text,
    recorded_by            text NOT NULL,
    recorded_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_code, scope, as_of),
    CHECK ((criteria_set IS NULL) = (criteria_total IS NULL)),
    CHECK (met_or_basically_met IS NULL OR met_or_basically_met <= criteria_total),
    CHECK (met IS NULL OR met + coalesce(basically_met, 0) = met_or_basically_met),
    CHECK ((progress_min IS NULL) = (progress_max IS NULL) AND (progress_min IS NULL) = (progress_kind IS NULL)
        AND (progress_min IS NULL OR progress_min <= progress_max)),
    CHECK (met_or_basically_met IS NOT NULL OR model_conditions_met IS NOT NULL OR progress_min IS NOT NULL)
);

-- Key results with a quantity (§5.2): 521 planning markers, 10 km of concrete road, a dam completed…
CREATE TABLE ntm_result (
    unit_code    text NOT NULL REFERENCES admin_unit (code),
    code         text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]*$'),
    as_of        date NOT NULL,
    label_vi     text NOT NULL CHECK (label_vi <> ''),
    label_en     text,
    quantity     numeric CHECK (quantity >= 0),
    measure      text,
    detail       text,
    criteria_set text,
    criterion    text,
    recorded_by  text NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    seq          bigint GENERATED ALWAYS AS IDENTITY,   -- the order results were entered in, which reports keep
    PRIMARY KEY (unit_code, code, as_of),
    CHECK ((criteria_set IS NULL) = (criterion IS NULL))
);

-- Year-end forecasts ("dự kiến cuối năm đạt chuẩn 5 cụm"), kept apart from achieved values (§4.7).
CREATE TABLE ntm_forecast (
    unit_code   text NOT NULL REFERENCES admin_unit (code),   -- the district or commune forecasting
    scope       text NOT NULL,
    by_date     date NOT NULL,
    as_of       date NOT NULL CHECK (as_of <= by_date),
    count_min   integer NOT NULL CHECK (count_min >= 0),
    count_max   integer NOT NULL,
    note        text,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_code, scope, by_date, as_of),
    CHECK (count_min <= count_max)
);
