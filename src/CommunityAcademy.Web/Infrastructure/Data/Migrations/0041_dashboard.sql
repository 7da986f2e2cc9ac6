-- The dashboard (#24) sums the 学时 of a year's classes (SUM(hours_x10) … WHERE cohort_id IN (…) GROUP BY cohort_id): the
-- class index carries the hours, so the sum is read from the index alone. It serves every use of the old index (a
-- class's rows deleted and written again), which it replaces.
CREATE INDEX ix_ledger_entries_cohort_hours ON ledger_entries (cohort_id, hours_x10);
DROP INDEX ix_ledger_entries_cohort;
