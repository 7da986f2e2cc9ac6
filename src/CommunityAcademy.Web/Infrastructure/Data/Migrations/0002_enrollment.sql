-- Enrollment: quotas are in 0001; here the notice texts, receipts with their history, the roster lock,
-- substitutions and the non-trainee participants (enrollments of other categories).

ALTER TABLE cohorts ADD COLUMN notice_preamble TEXT;
ALTER TABLE cohorts ADD COLUMN notice_content TEXT;
ALTER TABLE cohorts ADD COLUMN trainee_description TEXT;
ALTER TABLE cohorts ADD COLUMN roster_auto_lock BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE cohorts ADD COLUMN roster_locked_at {{instant}};
ALTER TABLE cohorts ADD COLUMN roster_locked_by BIGINT REFERENCES users(id);
ALTER TABLE cohorts ADD COLUMN roster_reopened_at {{instant}};

-- One receipt (回执) per submission; a resubmission marks the earlier one not current but keeps it.
CREATE TABLE receipts (
    id {{pk}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    scope_unit_id BIGINT NOT NULL REFERENCES units(id),
    submitted_by BIGINT REFERENCES users(id),
    submitted_at {{instant}} NOT NULL,
    source TEXT NOT NULL,
    file_name TEXT,
    row_count INTEGER NOT NULL,
    late BOOLEAN NOT NULL DEFAULT FALSE,
    is_current BOOLEAN NOT NULL DEFAULT TRUE,
    replaced_at {{instant}}
);
CREATE INDEX ix_receipts_cohort ON receipts (cohort_id, scope_unit_id);
-- At most one current receipt per submitting scope, whatever races happen.
CREATE UNIQUE INDEX ux_receipts_current ON receipts (cohort_id, scope_unit_id) WHERE is_current = TRUE;

CREATE TABLE receipt_rows (
    id {{pk}},
    receipt_id BIGINT NOT NULL REFERENCES receipts(id) ON DELETE CASCADE,
    row_number INTEGER NOT NULL,
    -- No foreign key: every row's unit is checked against the submitter's subtree before the receipt is stored,
    -- units are never deleted, and on PostgreSQL the per-row check took a third of a 100,000-row import.
    unit_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    position TEXT NOT NULL,
    phone TEXT NOT NULL,
    phone_key TEXT NOT NULL,
    id_number TEXT,
    gender TEXT
);
CREATE INDEX ix_receipt_rows_receipt ON receipt_rows (receipt_id);

-- The roster: trainees (from receipts at lock time) and everyone else attending (leaders, teaching team, staff, media).
ALTER TABLE enrollments ADD COLUMN receipt_row_id BIGINT REFERENCES receipt_rows(id);
ALTER TABLE enrollments ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE enrollments ADD COLUMN phone_key TEXT;
ALTER TABLE enrollments ADD COLUMN organization TEXT;
-- Days attending, comma-separated yyyy-MM-dd; empty means every day of the class.
ALTER TABLE enrollments ADD COLUMN days TEXT;

-- 替换: after the roster is locked, who replaced whom, by whom, when and why.
CREATE TABLE substitutions (
    id {{pk}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    old_enrollment_id BIGINT NOT NULL REFERENCES enrollments(id),
    new_enrollment_id BIGINT NOT NULL REFERENCES enrollments(id),
    reason TEXT NOT NULL,
    by_user BIGINT REFERENCES users(id),
    at {{instant}} NOT NULL
);
