-- 实践任务 (#19 point 1): a practice task IS a review of kind 'task' of a class (reviews, review_submissions per
-- trainee, submission_versions = hand-ins, review_assignments = mentors, review_scores under the task's rubric). These
-- tables hold only what is task-specific: instructions, the due instant (UTC), what to hand in (a small form spec as
-- JSON), the 学时 awarded when accepted (tenths of an hour, exact on both databases); per submission its state; the
-- photos and files of a hand-in (each an attachment of owner kind 'task_file').
CREATE TABLE practice_tasks (
    review_id BIGINT PRIMARY KEY REFERENCES reviews(id) ON DELETE CASCADE,
    instructions TEXT NOT NULL,
    due_at {{instant}} NOT NULL,
    spec TEXT NOT NULL,
    hours_x10 INTEGER NOT NULL DEFAULT 0 CHECK (hours_x10 >= 0),
    updated_at {{instant}} NOT NULL
);

-- No row: not handed in yet. late: the latest hand-in came after due_at.
CREATE TABLE task_submissions (
    submission_id BIGINT PRIMARY KEY REFERENCES review_submissions(id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('handed_in', 'returned', 'accepted')),
    late BOOLEAN NOT NULL DEFAULT FALSE,
    handed_in_at {{instant}} NOT NULL,
    returned_at {{instant}},
    returned_by BIGINT REFERENCES users(id),
    accepted_at {{instant}},
    accepted_by BIGINT REFERENCES users(id),
    updated_at {{instant}} NOT NULL
);
CREATE INDEX ix_task_submissions_state ON task_submissions (state);

-- A photo or file of a hand-in, under a field of the spec; handed_in_version: the first version it went in with
-- (NULL: still in the draft, may be taken back; a handed-in file stays with its version).
CREATE TABLE task_files (
    id {{pk}},
    submission_id BIGINT NOT NULL REFERENCES review_submissions(id) ON DELETE CASCADE,
    field_key TEXT NOT NULL,
    is_photo BOOLEAN NOT NULL,
    original_name TEXT NOT NULL,
    attachment_id BIGINT,
    handed_in_version INTEGER,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id)
);
CREATE INDEX ix_task_files_submission ON task_files (submission_id);
