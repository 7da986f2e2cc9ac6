-- 评审 (#18): one generic review module. A review belongs to a class; kind 'plan' now (practice tasks, course
-- proposals later). Its rubric is versioned (review_rubrics: the criteria, rule and spread as JSON); its rounds are
-- named and open/close by time or by hand. A submission is owned by a working group or an enrollment; it has versions
-- (a body as JSON of sections, handed in in a round); reviewers are assigned to submissions and score a version under
-- a rubric version. Totals are kept in hundredths of a point (0–10000) so both databases hold them exactly.
CREATE TABLE reviews (
    id {{pk}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('plan', 'task', 'proposal')),
    title TEXT NOT NULL,
    rubric_version INTEGER NOT NULL DEFAULT 1,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id)
);
CREATE INDEX ix_reviews_cohort ON reviews (cohort_id);

CREATE TABLE review_rubrics (
    review_id BIGINT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at {{instant}} NOT NULL,
    PRIMARY KEY (review_id, version)
);

CREATE TABLE review_rounds (
    review_id BIGINT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    opens {{instant}},
    closes {{instant}},
    closed_by_hand BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (review_id, number)
);

-- Owner: exactly one of group_id (a working group) and enrollment_id (a trainee).
CREATE TABLE review_submissions (
    id {{pk}},
    review_id BIGINT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    group_id BIGINT REFERENCES groups(id) ON DELETE CASCADE,
    enrollment_id BIGINT REFERENCES enrollments(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    traits TEXT,
    CHECK ((group_id IS NULL) <> (enrollment_id IS NULL))
);
CREATE INDEX ix_review_submissions_review ON review_submissions (review_id);
CREATE UNIQUE INDEX ux_review_submissions_group ON review_submissions (review_id, group_id) WHERE group_id IS NOT NULL;
CREATE UNIQUE INDEX ux_review_submissions_enrollment ON review_submissions (review_id, enrollment_id) WHERE enrollment_id IS NOT NULL;

CREATE TABLE submission_versions (
    id {{pk}},
    submission_id BIGINT NOT NULL REFERENCES review_submissions(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    round_number INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at {{instant}} NOT NULL
);
CREATE UNIQUE INDEX ux_submission_versions ON submission_versions (submission_id, number);

-- The plan as being written (saved as typed), before it is handed in as a version.
CREATE TABLE submission_drafts (
    submission_id BIGINT PRIMARY KEY REFERENCES review_submissions(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at {{instant}} NOT NULL
);

CREATE TABLE review_assignments (
    submission_id BIGINT NOT NULL REFERENCES review_submissions(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    assigned_at {{instant}} NOT NULL,
    PRIMARY KEY (submission_id, user_id)
);
CREATE INDEX ix_review_assignments_user ON review_assignments (user_id);

-- One score per (submission, reviewer): the latest version scored; verdicts: the brand traits confirmed/questioned (JSON).
CREATE TABLE review_scores (
    id {{pk}},
    submission_id BIGINT NOT NULL REFERENCES review_submissions(id) ON DELETE CASCADE,
    version_id BIGINT REFERENCES submission_versions(id) ON DELETE SET NULL,
    reviewer_id BIGINT NOT NULL REFERENCES users(id),
    rubric_version INTEGER NOT NULL,
    scores TEXT NOT NULL,
    total_x100 BIGINT,
    opinion TEXT,
    verdicts TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    accepted BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at {{instant}} NOT NULL
);
CREATE UNIQUE INDEX ux_review_scores ON review_scores (submission_id, reviewer_id);
CREATE INDEX ix_review_scores_reviewer ON review_scores (reviewer_id);

-- Opinions per version (指导意见 the owner reads; kept when the score moves on to the next version).
CREATE TABLE review_opinions (
    version_id BIGINT NOT NULL REFERENCES submission_versions(id) ON DELETE CASCADE,
    reviewer_id BIGINT NOT NULL REFERENCES users(id),
    opinion TEXT NOT NULL,
    updated_at {{instant}} NOT NULL,
    PRIMARY KEY (version_id, reviewer_id)
);
