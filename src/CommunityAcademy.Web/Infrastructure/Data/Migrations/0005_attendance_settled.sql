-- 考勤结果 (settled attendance): the status of every trainee in a session, written by the rules once the session's
-- window has closed (AttendanceSettlement), so that class-wide reports are one SQL aggregate instead of re-deriving
-- every status from every scan. Written when sign-in closes (the end of the session), again on every pass until
-- sign-out closes (a late sign-out may change a status), then settled.
-- Anything that changes the facts of a session (a late upload, a mark, approved leave, a new trainee, a moved session)
-- clears sessions.attendance_settled_at and bumps attendance_version in its own transaction; it is then settled again.

ALTER TABLE sessions ADD COLUMN attendance_settled_at {{instant}};
-- bumped by every change to a session's facts after its end: a settlement that read older facts stops
ALTER TABLE sessions ADD COLUMN attendance_version BIGINT NOT NULL DEFAULT 0;

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
