-- 0022 — Indexes for the reports' "latest as of a day" reads (issue 15).
--
-- The report, `ocop ntm tally`/`list` and the NTM pages ask, for a set of units, the latest row per
-- (unit, set, criterion) or (unit, scope) dated on or before a day:
--     SELECT DISTINCT ON (unit_code, criteria_set, criterion) … WHERE unit_code = ANY($1) AND as_of <= $2
--     ORDER BY unit_code, criteria_set, criterion, as_of DESC
-- The primary keys hold the same columns with as_of ascending, so the plan sorted every matching row (2.28 M at
-- 10,000 communes) before keeping one per group. With as_of descending the index gives the rows already in the
-- order DISTINCT ON needs: a scan of the units' entries, no sort, growing with the units asked for.
-- INCLUDE carries the columns those reads return, so the scan need not visit the table once it is vacuumed.
CREATE INDEX ntm_assessment_latest ON ntm_assessment (unit_code, criteria_set, criterion, as_of DESC) INCLUDE (status);

CREATE INDEX ntm_progress_latest_by_scope ON ntm_progress (unit_code, scope, as_of DESC);

CREATE INDEX ntm_progress_latest_by_set ON ntm_progress (unit_code, criteria_set, as_of DESC);
