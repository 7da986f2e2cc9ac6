-- 结业成绩与优秀学员 (#19 points 2 and 3). A class's score formula: integer weights (summing to 100, checked by the
-- domain's ScoreFormula) of attendance, practice tasks (reviews of kind 'task'), the working group's plan (one plan
-- review, plan_review_id) and online learning (0 until it exists); disqualifying limits (NULL: no such rule).
CREATE TABLE class_score_formulas (
    cohort_id BIGINT PRIMARY KEY REFERENCES cohorts(id) ON DELETE CASCADE,
    w_attendance INTEGER NOT NULL,
    w_tasks INTEGER NOT NULL,
    w_plan INTEGER NOT NULL,
    w_online INTEGER NOT NULL DEFAULT 0,
    max_departures INTEGER,
    max_absences INTEGER,
    plan_review_id BIGINT REFERENCES reviews(id) ON DELETE SET NULL,
    updated_at {{instant}} NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);

-- The selection rule of 优秀学员: a number or a share (percent), optionally capped per unit at a level of the tree
-- (2 district, 3 street/town, 4 community/village); confirmed_at set when the organizer confirms the list.
CREATE TABLE outstanding_rules (
    cohort_id BIGINT PRIMARY KEY REFERENCES cohorts(id) ON DELETE CASCADE,
    count_asked INTEGER,
    share_asked INTEGER,
    cap_per_unit INTEGER,
    cap_level INTEGER,
    confirmed_at {{instant}},
    confirmed_by BIGINT REFERENCES users(id),
    updated_at {{instant}} NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);

-- The organizer's adjustments to the selection: a trainee added or removed, with the reason (each one also audited).
CREATE TABLE outstanding_adjustments (
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    action TEXT NOT NULL CHECK (action IN ('add', 'remove')),
    reason TEXT NOT NULL,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id),
    PRIMARY KEY (cohort_id, enrollment_id)
);

-- The confirmed list as it stood when confirmed (the notice and the export read it): position, rank, score in
-- hundredths, and whether the organizer added the trainee by hand.
CREATE TABLE outstanding_trainees (
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    rank INTEGER,
    score_x100 BIGINT NOT NULL,
    added BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (cohort_id, enrollment_id)
);
