-- 学时台账 (#21 point 4). The ledger is stored, one row per person × source item (a session attended, a task accepted,
-- an online item completed), so a person's ledger and a unit's yearly summary are index reads at 1,000,000 rows.
-- A class's rows are rewritten from its sources (Features/Ledger/IHourSource) in one transaction — never half-written:
-- on a rule change, on demand from the class's page, and by the keeper whenever the class's sources changed (stamp).
-- hours_x10: tenths of an hour (exact on both databases). year: the local year of the credit in the class's time zone.
-- unit_id: the unit the person was enrolled under in that class (the unit summaries read it).

-- The class's credit rule (Domain/Ledger/CreditRule): how late and early leave credit. No row: the default (in full).
CREATE TABLE ledger_rules (
    cohort_id BIGINT PRIMARY KEY REFERENCES cohorts(id) ON DELETE CASCADE,
    late_mode TEXT NOT NULL CHECK (late_mode IN ('full', 'proportional')),
    early_leave_mode TEXT NOT NULL CHECK (early_leave_mode IN ('full', 'proportional')),
    updated_at {{instant}} NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);

CREATE TABLE ledger_entries (
    id {{pk}},
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    source_kind TEXT NOT NULL,
    source_id BIGINT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('classroom', 'online', 'practice')),
    hours_x10 INTEGER NOT NULL CHECK (hours_x10 >= 0),
    at {{instant}} NOT NULL,
    year INTEGER NOT NULL,
    unit_id BIGINT REFERENCES units(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX ux_ledger_entries ON ledger_entries (user_id, cohort_id, source_kind, source_id);
CREATE INDEX ix_ledger_entries_cohort ON ledger_entries (cohort_id);
-- covers a person's years by category, and a unit's year by person and category
CREATE INDEX ix_ledger_entries_user_year ON ledger_entries (user_id, year, category, hours_x10);
CREATE INDEX ix_ledger_entries_year_unit ON ledger_entries (year, unit_id, user_id, category, hours_x10);

-- When a class's rows were last written, and the stamp of its sources they were written from.
CREATE TABLE ledger_classes (
    cohort_id BIGINT PRIMARY KEY REFERENCES cohorts(id) ON DELETE CASCADE,
    stamp TEXT NOT NULL,
    rows_written INTEGER NOT NULL,
    computed_at {{instant}} NOT NULL
);

-- A merge of two accounts confirmed by an organizer: the enrollments moved from merged_user_id to kept_user_id (JSON array
-- of ids, kept so the merge can be undone), the reason it was proposed. undone_at set when undone. Dismissed proposals are
-- rows with action 'dismissed' (never proposed again).
CREATE TABLE person_merges (
    id {{pk}},
    kept_user_id BIGINT NOT NULL REFERENCES users(id),
    merged_user_id BIGINT NOT NULL REFERENCES users(id),
    action TEXT NOT NULL CHECK (action IN ('merged', 'dismissed')),
    reason TEXT NOT NULL,
    moved_enrollments TEXT NOT NULL DEFAULT '[]',
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id),
    undone_at {{instant}},
    undone_by BIGINT REFERENCES users(id)
);
CREATE INDEX ix_person_merges_users ON person_merges (kept_user_id, merged_user_id);
