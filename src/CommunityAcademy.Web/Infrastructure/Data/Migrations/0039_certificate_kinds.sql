-- A second kind of certificate (#22): 优秀学员证书 ('outstanding'), issued to the class's confirmed outstanding list, beside
-- the 结业证书 ('completion'). Each kind numbers its own serials and has at most one certificate in force per trainee.
-- SQLite cannot drop the table's UNIQUE (cohort_id, serial_no), so it rebuilds the table inside this migration's
-- transaction with foreign keys deferred to the commit (ids kept, replaced_by still points at them); PostgreSQL alters.
{{sqlite: PRAGMA defer_foreign_keys = ON;
CREATE TABLE certificates_0039 AS SELECT * FROM certificates;
DROP TABLE certificates;
CREATE TABLE certificates (
    id INTEGER PRIMARY KEY,
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id),
    code TEXT NOT NULL UNIQUE,
    serial_no INTEGER NOT NULL,
    serial TEXT NOT NULL,
    name TEXT NOT NULL,
    cohort_title TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    issuer TEXT NOT NULL,
    issue_date TEXT NOT NULL,
    orientation TEXT NOT NULL CHECK (orientation IN ('landscape', 'portrait')),
    seal_attachment_id BIGINT REFERENCES attachments(id) ON DELETE SET NULL,
    issued_at TEXT NOT NULL,
    issued_by BIGINT REFERENCES users(id),
    revoked_at TEXT,
    revoked_by BIGINT REFERENCES users(id),
    revoke_reason TEXT,
    replaced_by BIGINT REFERENCES certificates(id),
    kind TEXT NOT NULL DEFAULT 'completion' CHECK (kind IN ('completion', 'outstanding')),
    UNIQUE (cohort_id, kind, serial_no)
);
INSERT INTO certificates (id, cohort_id, enrollment_id, user_id, code, serial_no, serial, name, cohort_title, start_date, end_date, title, body,
        issuer, issue_date, orientation, seal_attachment_id, issued_at, issued_by, revoked_at, revoked_by, revoke_reason, replaced_by)
    SELECT id, cohort_id, enrollment_id, user_id, code, serial_no, serial, name, cohort_title, start_date, end_date, title, body,
        issuer, issue_date, orientation, seal_attachment_id, issued_at, issued_by, revoked_at, revoked_by, revoke_reason, replaced_by
    FROM certificates_0039;
DROP TABLE certificates_0039;
CREATE INDEX ix_certificates_enrollment ON certificates (enrollment_id);}}
{{postgres: ALTER TABLE certificates ADD COLUMN kind TEXT NOT NULL DEFAULT 'completion' CHECK (kind IN ('completion', 'outstanding'));
ALTER TABLE certificates DROP CONSTRAINT certificates_cohort_id_serial_no_key;
ALTER TABLE certificates ADD CONSTRAINT certificates_cohort_kind_serial_key UNIQUE (cohort_id, kind, serial_no);
DROP INDEX ux_certificates_live;}}
-- at most one certificate in force per trainee and kind
CREATE UNIQUE INDEX ux_certificates_live ON certificates (enrollment_id, kind) WHERE revoked_at IS NULL;

-- The template of a class's other kinds (the 结业证书's stays in certificate_settings with its rule): as there, title,
-- body with fields, issuer, date printed (NULL: the day of issue), serial format, 学时, page, seal.
CREATE TABLE certificate_kind_templates (
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('outstanding')),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    issuer TEXT NOT NULL,
    issue_date {{date}},
    serial_format TEXT NOT NULL,
    hours TEXT NOT NULL DEFAULT '',
    orientation TEXT NOT NULL CHECK (orientation IN ('landscape', 'portrait')),
    seal_attachment_id BIGINT REFERENCES attachments(id) ON DELETE SET NULL,
    updated_at {{instant}} NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    PRIMARY KEY (cohort_id, kind)
);
