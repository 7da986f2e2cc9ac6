-- 考勤结果 (settled attendance): the status of every trainee in a session, written by the rules once the session's
-- window has closed (AttendanceSettlement), so that class-wide reports are one SQL aggregate instead of re-deriving
-- every status from every scan. Written when sign-in closes (the end of the session), again on every pass until
-- sign-out closes (a late sign-out may change a status), then settled.
-- Anything that changes the facts of a settled session (a late upload, a mark, approved leave, a new trainee, a moved
-- session) clears sessions.attendance_settled_at in its own transaction; the session is then settled again.

ALTER TABLE sessions ADD COLUMN attendance_settled_at {{instant}};

CREATE TABLE attendance (
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    cohort_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    late_minutes INTEGER NOT NULL DEFAULT 0,
    early_leave_minutes INTEGER NOT NULL DEFAULT 0,
    signed_in_at {{instant}},
    signed_out_at {{instant}},
    marked BOOLEAN NOT NULL DEFAULT FALSE,
    reason TEXT,
    flags TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, enrollment_id)
);
-- covers the class-wide aggregate: read in (trainee, status) order, the session checked in the index itself
CREATE INDEX ix_attendance_cohort ON attendance (cohort_id, enrollment_id, status, session_id);
