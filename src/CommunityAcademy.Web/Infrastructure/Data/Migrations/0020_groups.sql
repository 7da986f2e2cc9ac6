-- 分组与小组 (#16 point 1). A class has groupings; a grouping belongs to the class (session_id NULL) or to one
-- session (a World Café's tables). kind: 'working' (the class's working groups, at most one per class: plans and
-- scores attach to these), 'cafe_tables', 'teams' (三人小组), 'other'.
CREATE TABLE groupings (
    id {{pk}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    session_id BIGINT REFERENCES sessions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('working', 'cafe_tables', 'teams', 'other')),
    name TEXT NOT NULL,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id)
);
CREATE INDEX ix_groupings_cohort ON groupings (cohort_id);
CREATE UNIQUE INDEX ux_groupings_working ON groupings (cohort_id) WHERE kind = 'working';

-- A group (a café's table): a leader (a table's host stays: host_enrollment_id), a place, a question (a table's or a topic).
CREATE TABLE groups (
    id {{pk}},
    grouping_id BIGINT NOT NULL REFERENCES groupings(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    leader_enrollment_id BIGINT REFERENCES enrollments(id) ON DELETE SET NULL,
    host_enrollment_id BIGINT REFERENCES enrollments(id) ON DELETE SET NULL,
    place TEXT,
    question TEXT
);
CREATE INDEX ix_groups_grouping ON groups (grouping_id, sort_order);

-- Members; grouping_id is stored so that a person is in at most one group of a grouping (the unique index).
CREATE TABLE group_members (
    group_id BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    grouping_id BIGINT NOT NULL REFERENCES groupings(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, enrollment_id)
);
CREATE UNIQUE INDEX ux_group_members_one ON group_members (grouping_id, enrollment_id);
CREATE INDEX ix_group_members_enrollment ON group_members (enrollment_id);

-- 导师 of a group: users who are on the class as mentors (cohort_staff).
CREATE TABLE group_mentors (
    group_id BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX ix_group_mentors_user ON group_mentors (user_id);
