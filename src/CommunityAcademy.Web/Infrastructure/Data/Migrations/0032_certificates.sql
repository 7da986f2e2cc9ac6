-- 结业证书 (#22). Per class: the rule (any combination; NULL / FALSE: no such rule) and the template the organizer edits
-- (title, body with fields, issuer, the date printed — NULL: the day of issue —, the serial number's format, 学时, the page,
-- the seal: an attachment of owner kind 'certificate_seal').
CREATE TABLE certificate_settings (
    cohort_id BIGINT PRIMARY KEY REFERENCES cohorts(id) ON DELETE CASCADE,
    min_attendance_percent INTEGER,
    no_departures BOOLEAN NOT NULL DEFAULT FALSE,
    tasks_accepted BOOLEAN NOT NULL DEFAULT FALSE,
    min_score_x100 INTEGER,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    issuer TEXT NOT NULL,
    issue_date {{date}},
    serial_format TEXT NOT NULL,
    hours TEXT NOT NULL DEFAULT '',
    orientation TEXT NOT NULL CHECK (orientation IN ('landscape', 'portrait')),
    seal_attachment_id BIGINT REFERENCES attachments(id) ON DELETE SET NULL,
    updated_at {{instant}} NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);

-- A certificate as issued: what it prints is kept as it was on the day (the filled body, the names, the dates), so a later
-- change of the template or the class does not change a certificate in someone's hands. code: the verification code in
-- the QR link (128 random bits, base32), unique. serial_no: the number in the class's serial format (never reused; a
-- reissue takes a new one). revoked_at / revoke_reason: revoked (the public page says so); replaced_by: its reissue.
CREATE TABLE certificates (
    id {{pk}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id),
    code TEXT NOT NULL UNIQUE,
    serial_no INTEGER NOT NULL,
    serial TEXT NOT NULL,
    name TEXT NOT NULL,
    cohort_title TEXT NOT NULL,
    start_date {{date}} NOT NULL,
    end_date {{date}} NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    issuer TEXT NOT NULL,
    issue_date {{date}} NOT NULL,
    orientation TEXT NOT NULL CHECK (orientation IN ('landscape', 'portrait')),
    seal_attachment_id BIGINT REFERENCES attachments(id) ON DELETE SET NULL,
    issued_at {{instant}} NOT NULL,
    issued_by BIGINT REFERENCES users(id),
    revoked_at {{instant}},
    revoked_by BIGINT REFERENCES users(id),
    revoke_reason TEXT,
    replaced_by BIGINT REFERENCES certificates(id),
    UNIQUE (cohort_id, serial_no)
);
CREATE INDEX ix_certificates_enrollment ON certificates (enrollment_id);
-- at most one certificate in force per trainee
CREATE UNIQUE INDEX ux_certificates_live ON certificates (enrollment_id) WHERE revoked_at IS NULL;
