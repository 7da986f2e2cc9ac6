-- 课程开发 (#20): partners and agreements, course proposals with versions, the review meeting (评审会) with its panel,
-- trial lectures (试讲), scores, the panel's 修改意见 and decisions, and the course library's link to the timetable.
--
-- Why the meeting does not live in 0024's tables. reviews.cohort_id is NOT NULL and review_submissions requires
-- exactly one of group_id / enrollment_id: a review there belongs to a class and a submission to a group or a
-- trainee. A review meeting is not a class and a course proposal is neither. Loosening those columns would mean
-- rebuilding reviews and review_submissions on SQLite (a NOT NULL or CHECK changes only by a rebuild), and DROP TABLE
-- with foreign keys on cascades into review_rubrics, review_rounds, review_scores … — the demo's scores would go.
-- So 0024 stays as it is (class reviews keep their cohort) and the meeting keeps its own rows, shaped like 0024's:
-- the rubric as the same JSON (ReviewJson), one score per (lecture, member) with the criteria as JSON and the total
-- in hundredths (0–10000), aggregated and ranked by the same domain rules (Rubric, Panel, Conflicts). Nothing is
-- rebuilt, nothing cascades, and both databases take this script in the ordinary transaction.

-- 合作协议: the organizing unit (owner, e.g. 观山湖区委党校's root) and the partner institution (a unit).
CREATE TABLE course_agreements (
    id {{pk}},
    owner_unit_id BIGINT NOT NULL REFERENCES units(id),
    partner_unit_id BIGINT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    signed_on {{date}},
    starts_on {{date}},
    ends_on {{date}},
    scope TEXT,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id)
);
CREATE INDEX ix_course_agreements_owner ON course_agreements (owner_unit_id);

-- A course (proposal until accepted). Its fields are in its versions; current_version is the one being worked on,
-- accepted_version the one the library offers. status: draft | accepted | rejected (a meeting's decision sets it).
CREATE TABLE courses (
    id {{pk}},
    agreement_id BIGINT REFERENCES course_agreements(id) ON DELETE SET NULL,
    owner_unit_id BIGINT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    topic TEXT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'accepted', 'rejected')),
    current_version INTEGER NOT NULL DEFAULT 1,
    accepted_version INTEGER,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id)
);
CREATE INDEX ix_courses_owner ON courses (owner_unit_id);
CREATE INDEX ix_courses_agreement ON courses (agreement_id);

-- body: JSON of the fields (教学背景、教学主题、教学目标、教学流程, audience, minutes, 学时, format, method, instructors).
-- Files (slides, handouts) are attachments with owner_kind 'course_version', owner_id = course_versions.id.
CREATE TABLE course_versions (
    id {{pk}},
    course_id BIGINT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    body TEXT NOT NULL,
    note TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at {{instant}} NOT NULL,
    updated_at {{instant}} NOT NULL
);
CREATE UNIQUE INDEX ux_course_versions ON course_versions (course_id, number);

-- 评审会: date and place, when scoring closes (or closed by hand), the rubric (0024's JSON).
CREATE TABLE course_meetings (
    id {{pk}},
    owner_unit_id BIGINT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    place TEXT,
    starts_at {{instant}} NOT NULL,
    closes_at {{instant}} NOT NULL,
    closed_by_hand BOOLEAN NOT NULL DEFAULT FALSE,
    rubric TEXT NOT NULL,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id)
);

-- The panel: role expert (专家) | official (相关负责人) | worker (社区工作者代表).
CREATE TABLE meeting_members (
    meeting_id BIGINT NOT NULL REFERENCES course_meetings(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('expert', 'official', 'worker')),
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX ix_meeting_members_user ON meeting_members (user_id);

-- The agenda: one trial lecture per course and meeting, in a time slot, of the version presented. The panel's
-- collective opinion and its decision: accepted | revise (accepted after revision, checked by checker_id) | rejected.
CREATE TABLE meeting_lectures (
    id {{pk}},
    meeting_id BIGINT NOT NULL REFERENCES course_meetings(id) ON DELETE CASCADE,
    course_id BIGINT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    version_number INTEGER NOT NULL,
    starts_at {{instant}} NOT NULL,
    ends_at {{instant}} NOT NULL,
    presenter TEXT,
    opinion TEXT,
    decision TEXT CHECK (decision IN ('accepted', 'revise', 'rejected')),
    checker_id BIGINT REFERENCES users(id),
    decided_at {{instant}},
    revision_checked_at {{instant}},
    revision_version INTEGER
);
CREATE UNIQUE INDEX ux_meeting_lectures ON meeting_lectures (meeting_id, course_id);

-- One score per (lecture, member), as review_scores: criteria as JSON, the total in hundredths.
CREATE TABLE meeting_scores (
    lecture_id BIGINT NOT NULL REFERENCES meeting_lectures(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scores TEXT NOT NULL,
    total_x100 BIGINT NOT NULL,
    opinion TEXT,
    updated_at {{instant}} NOT NULL,
    PRIMARY KEY (lecture_id, user_id)
);

-- 课程库 → 课表: which library course (and version) a session was filled in from; a course shows where it was taught.
CREATE TABLE session_courses (
    session_id BIGINT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    course_id BIGINT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    version_number INTEGER NOT NULL
);
CREATE INDEX ix_session_courses_course ON session_courses (course_id);
