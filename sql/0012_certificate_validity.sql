-- A certificate's state as of a day, where the date decides what the date decides: a certificate VALID (or with its
-- expiry notice sent) on or after its expiry day is EXPIRED whether or not the timer worker has recorded it yet; the
-- timer records the transition, it does not decide the truth. Revocation, renewal and supersession come from the
-- history as of the end of that day (Asia/Ho_Chi_Minh). NULL before the certificate was issued.
CREATE FUNCTION ocop_certificate_state(c_instance bigint, c_issued date, c_expires date, d date) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN d < c_issued THEN NULL
        WHEN s IN ('VALID', 'EXPIRY_NOTICE_SENT') AND d >= c_expires THEN 'EXPIRED'
        ELSE s
    END
    FROM (SELECT (SELECT t.to_state FROM workflow_transition t
                  WHERE t.instance_id = c_instance AND t.at < ((d + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
                  ORDER BY t.seq DESC LIMIT 1) AS s) AS x
$$;

-- In force on a day: issued, not expired by date, not revoked or superseded (a certificate under renewal stays in force
-- until the new one supersedes it, DOMAIN §6.3). The one rule the lists, the report, the API and the dashboard use.
CREATE FUNCTION ocop_certificate_in_force(c_instance bigint, c_issued date, c_expires date, d date) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(ocop_certificate_state(c_instance, c_issued, c_expires, d) IN ('VALID', 'EXPIRY_NOTICE_SENT', 'RENEWAL_IN_PROGRESS'), false)
$$;
