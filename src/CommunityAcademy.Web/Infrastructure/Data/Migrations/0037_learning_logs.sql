-- 学员日志 (#23 point 1). One entry per trainee (enrolment) and class day, saved as typed; the sessions of the day it is
-- about; photos are attachments of owner kind 'learning_log' (owner_id: the entry). featured_at / featured_by: marked
-- good (精选) by the head teacher or organizer — the class summary (#24) reads those.
CREATE TABLE learning_logs (
    id {{pk}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    log_date {{date}} NOT NULL,
    body TEXT NOT NULL,
    created_at {{instant}} NOT NULL,
    updated_at {{instant}} NOT NULL,
    featured_at {{instant}},
    featured_by BIGINT REFERENCES users(id),
    UNIQUE (enrollment_id, log_date)
);
CREATE INDEX ix_learning_logs_cohort ON learning_logs (cohort_id, log_date);

CREATE TABLE learning_log_sessions (
    log_id BIGINT NOT NULL REFERENCES learning_logs(id) ON DELETE CASCADE,
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    PRIMARY KEY (log_id, session_id)
);

-- A comment of the head teacher or organizer on an entry; the trainee reads it on the phone.
CREATE TABLE learning_log_comments (
    id {{pk}},
    log_id BIGINT NOT NULL REFERENCES learning_logs(id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users(id),
    author_name TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at {{instant}} NOT NULL
);
CREATE INDEX ix_learning_log_comments_log ON learning_log_comments (log_id);
