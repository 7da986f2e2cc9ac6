-- Foundation: units, accounts, programs and cohorts, quotas, sessions, enrollments, audit.
-- Portable SQL; {{pk}} {{instant}} {{date}} {{blob}} are expanded per dialect (see ISqlDialect).
-- BOOLEAN columns are 0/1 integers in SQLite; TRUE/FALSE literals work in both.

CREATE TABLE units (
    id {{pk}},
    parent_id BIGINT REFERENCES units(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- materialized path of ids, '/1/5/23/': a subtree is every path LIKE '/1/5/%'
    path TEXT NOT NULL,
    created_at {{instant}} NOT NULL
);
CREATE UNIQUE INDEX ux_units_parent_name ON units (COALESCE(parent_id, 0), name);
CREATE INDEX ix_units_path ON units (path);
CREATE INDEX ix_units_parent ON units (parent_id);

CREATE TABLE users (
    id {{pk}},
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    phone TEXT,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until {{instant}},
    security_stamp TEXT NOT NULL,
    created_at {{instant}} NOT NULL
);

CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE programs (
    id {{pk}},
    name TEXT NOT NULL,
    series TEXT,
    description TEXT,
    created_at {{instant}} NOT NULL
);

CREATE TABLE cohorts (
    id {{pk}},
    program_id BIGINT NOT NULL REFERENCES programs(id),
    title TEXT NOT NULL,
    number INTEGER,
    theme TEXT,
    start_date {{date}} NOT NULL,
    end_date {{date}} NOT NULL,
    venue TEXT,
    format TEXT,
    time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    issuer TEXT,
    issued_on {{date}},
    contact_name TEXT,
    contact_phone TEXT,
    receipt_deadline {{date}},
    accommodation BOOLEAN NOT NULL DEFAULT FALSE,
    meals TEXT NOT NULL DEFAULT '',
    leave_allowed BOOLEAN NOT NULL DEFAULT TRUE,
    arrive_minutes_before INTEGER NOT NULL DEFAULT 0,
    sign_in_every_session BOOLEAN NOT NULL DEFAULT TRUE,
    full_time_release BOOLEAN NOT NULL DEFAULT FALSE,
    unauthorized_departure TEXT,
    bulletin_after_class BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {{instant}} NOT NULL
);
CREATE INDEX ix_cohorts_program ON cohorts (program_id);

-- 主办, 承办, 协办, 培训机构, 指导单位
CREATE TABLE cohort_hosts (
    id {{pk}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_cohort_hosts_cohort ON cohort_hosts (cohort_id);

CREATE TABLE participant_categories (
    id {{pk}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    label TEXT NOT NULL,
    headcount INTEGER NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    UNIQUE (cohort_id, category, label)
);

-- Places given to a unit for a position (attachment 1 of the notice).
CREATE TABLE quota_lines (
    id {{pk}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    position TEXT NOT NULL,
    places INTEGER NOT NULL CHECK (places >= 0),
    sort_order INTEGER NOT NULL DEFAULT 0,
    UNIQUE (cohort_id, unit_id, position)
);

-- Which unit returns the receipt for which subtree (鄂城区民政局 for 鄂城区).
CREATE TABLE receipt_submitters (
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    scope_unit_id BIGINT NOT NULL REFERENCES units(id),
    submitter_unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (cohort_id, scope_unit_id)
);

CREATE TABLE sessions (
    id {{pk}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    session_date {{date}} NOT NULL,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    starts_at {{instant}} NOT NULL,
    ends_at {{instant}} NOT NULL,
    title TEXT NOT NULL,
    session_type TEXT NOT NULL,
    instructors TEXT NOT NULL DEFAULT '',
    venue TEXT,
    sign_in_required BOOLEAN NOT NULL DEFAULT TRUE,
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_sessions_cohort ON sessions (cohort_id, starts_at);

CREATE TABLE enrollments (
    id {{pk}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id),
    category TEXT NOT NULL DEFAULT 'trainee',
    name TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    position TEXT,
    phone TEXT,
    id_number TEXT,
    gender TEXT,
    created_at {{instant}} NOT NULL
);
CREATE INDEX ix_enrollments_cohort ON enrollments (cohort_id, unit_id);
CREATE UNIQUE INDEX ux_enrollments_user ON enrollments (cohort_id, user_id);

CREATE TABLE audit_log (
    id {{pk}},
    at {{instant}} NOT NULL,
    user_id BIGINT,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    action TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    reason TEXT
);
CREATE INDEX ix_audit_entity ON audit_log (entity, entity_id);

-- ASP.NET Core data-protection keys, shared by every instance on one database.
CREATE TABLE data_protection_keys (
    id {{pk}},
    friendly_name TEXT NOT NULL,
    xml TEXT NOT NULL
);
