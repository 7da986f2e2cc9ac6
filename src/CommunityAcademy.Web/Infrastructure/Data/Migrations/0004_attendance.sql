-- Sign-in and discipline (签到与纪律): check-ins (签到/签退) with their client ids, manual marks by the head teacher,
-- leave requests (请假), discipline records (违纪记录) and the per-class attendance settings.
-- Portable SQL; {{pk}} {{instant}} are expanded per dialect.

-- Per-class settings beyond the rules of 0001 (arrive_minutes_before, leave_allowed, sign_in_every_session).
ALTER TABLE cohorts ADD COLUMN checkin_opens_minutes INTEGER NOT NULL DEFAULT 30;
ALTER TABLE cohorts ADD COLUMN checkout_grace_minutes INTEGER NOT NULL DEFAULT 30;
ALTER TABLE cohorts ADD COLUMN qr_rotation_seconds INTEGER NOT NULL DEFAULT 15;
ALTER TABLE cohorts ADD COLUMN sign_out_required BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE cohorts ADD COLUMN departure_minutes INTEGER NOT NULL DEFAULT 30;
ALTER TABLE cohorts ADD COLUMN lates_per_absence INTEGER NOT NULL DEFAULT 2;
-- metres around the teaching point; NULL: no radius check
ALTER TABLE cohorts ADD COLUMN checkin_radius_meters INTEGER;

-- The key that signs QR codes; one row, made at first use.
CREATE TABLE attendance_keys (
    id INTEGER PRIMARY KEY,
    secret TEXT NOT NULL,
    created_at {{instant}} NOT NULL
);

-- Every sign-in and sign-out as it arrived. client_id makes retries idempotent (the browser's queue id).
-- at is the instant that counts (server time for a live scan; the device time of a head teacher's offline upload);
-- device_at is what the device said, server_at when the server stored it.
CREATE TABLE check_ins (
    id {{pk}},
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('in', 'out')),
    client_id TEXT NOT NULL,
    at {{instant}} NOT NULL,
    device_at {{instant}},
    server_at {{instant}} NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('qr', 'staff')),
    device_key TEXT,
    recorded_by BIGINT REFERENCES users(id),
    -- comma-separated: second_device, no_position, out_of_radius
    flags TEXT NOT NULL DEFAULT '',
    distance_m DOUBLE PRECISION
);
CREATE UNIQUE INDEX ux_check_ins_client ON check_ins (client_id);
CREATE INDEX ix_check_ins_session ON check_ins (session_id, enrollment_id, kind);

-- The head teacher's mark by hand; wins over the status the rules derive. Changes go to audit_log.
CREATE TABLE attendance_marks (
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    late_minutes INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL,
    marked_by BIGINT REFERENCES users(id),
    marked_at {{instant}} NOT NULL,
    PRIMARY KEY (session_id, enrollment_id)
);

CREATE TABLE leave_requests (
    id {{pk}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    starts_at {{instant}} NOT NULL,
    ends_at {{instant}} NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
    requested_at {{instant}} NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at {{instant}},
    decision_note TEXT
);
CREATE INDEX ix_leave_requests_cohort ON leave_requests (cohort_id, enrollment_id);

-- 违纪记录: one per trainee, session and kind. escalation: whom it was reported to (seed 000: the unit's superior
-- discipline and organization departments) for unauthorized departure.
CREATE TABLE discipline_records (
    id {{pk}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    session_id BIGINT REFERENCES sessions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    minutes INTEGER NOT NULL DEFAULT 0,
    occurred_at {{instant}} NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at {{instant}} NOT NULL,
    note TEXT,
    escalation TEXT
);
CREATE UNIQUE INDEX ux_discipline_session ON discipline_records (session_id, enrollment_id, kind);
CREATE INDEX ix_discipline_cohort ON discipline_records (cohort_id, enrollment_id);
