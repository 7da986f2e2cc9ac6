-- Timetable: session types and workshop methods as data, instructors and teams, teaching points and their
-- scenes, and what a session needs beyond 0001 (type details, people and places, study hours).
-- Portable SQL; {{pk}} {{instant}} {{date}} are expanded per dialect. DOUBLE PRECISION is REAL in SQLite.

-- Session types (课程类型). Organizers add their own; the built-in ones carry the codes the fixture uses.
CREATE TABLE session_types (
    id {{pk}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL DEFAULT '',
    -- in_person: a room or a teaching point; live_online: a set time and a link; self_paced: material, no time slot
    delivery TEXT NOT NULL DEFAULT 'in_person' CHECK (delivery IN ('in_person', 'live_online', 'self_paced')),
    -- workshops name their method (世界咖啡, 开放空间 …)
    has_method BOOLEAN NOT NULL DEFAULT FALSE,
    builtin BOOLEAN NOT NULL DEFAULT FALSE,
    sort_order INTEGER NOT NULL DEFAULT 0
);
INSERT INTO session_types (code, name, name_en, delivery, has_method, builtin, sort_order) VALUES
    ('opening_ceremony', '开班仪式', 'Opening ceremony', 'in_person', FALSE, TRUE, 10),
    ('lecture', '专题讲授', 'Lecture', 'in_person', FALSE, TRUE, 20),
    ('on_site_teaching', '现场教学', 'On-site teaching', 'in_person', FALSE, TRUE, 30),
    ('site_visit', '参访', 'Site visit', 'in_person', FALSE, TRUE, 40),
    ('workshop', '工作坊', 'Workshop', 'in_person', TRUE, TRUE, 50),
    ('practice', '实操', 'Hands-on practice', 'in_person', FALSE, TRUE, 60),
    ('skills_drill', '技能实训', 'Skills drill', 'in_person', FALSE, TRUE, 70),
    ('red_education', '红色教育', 'Red education', 'in_person', FALSE, TRUE, 80),
    ('online_live', '线上直播', 'Online live course', 'live_online', FALSE, TRUE, 90),
    ('online_case', '线上案例', 'Online case', 'self_paced', FALSE, TRUE, 100),
    ('closing', '结业', 'Closing', 'in_person', FALSE, TRUE, 110);

-- Workshop methods (工作坊形式).
CREATE TABLE workshop_methods (
    id {{pk}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL DEFAULT '',
    builtin BOOLEAN NOT NULL DEFAULT FALSE,
    sort_order INTEGER NOT NULL DEFAULT 0
);
INSERT INTO workshop_methods (code, name, name_en, builtin, sort_order) VALUES
    ('world_cafe', '世界咖啡', 'World Café', TRUE, 10),
    ('open_space', '开放空间', 'Open Space', TRUE, 20),
    ('roundtable', '圆桌会谈', 'Roundtable', TRUE, 30),
    ('salon', '沙龙', 'Salon', TRUE, 40),
    ('brainstorm', '头脑风暴', 'Brainstorm', TRUE, 50);

-- People who teach (授课专家); later also mentors and review experts. user_id links an account when they have one.
CREATE TABLE instructors (
    id {{pk}},
    name TEXT NOT NULL,
    title TEXT,
    organisation TEXT,
    phone TEXT,
    user_id BIGINT REFERENCES users(id),
    created_at {{instant}} NOT NULL
);
CREATE UNIQUE INDEX ux_instructors_name_org ON instructors (name, COALESCE(organisation, ''));
CREATE UNIQUE INDEX ux_instructors_user ON instructors (user_id);

-- A teaching team (授课团队, 华师陈伟东教授团队). headcount is the size announced, which may exceed the members named.
CREATE TABLE instructor_teams (
    id {{pk}},
    name TEXT NOT NULL UNIQUE,
    organisation TEXT,
    lead_instructor_id BIGINT REFERENCES instructors(id),
    headcount INTEGER CHECK (headcount IS NULL OR headcount > 0),
    created_at {{instant}} NOT NULL
);
CREATE TABLE instructor_team_members (
    team_id BIGINT NOT NULL REFERENCES instructor_teams(id) ON DELETE CASCADE,
    instructor_id BIGINT NOT NULL REFERENCES instructors(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, instructor_id)
);

-- Teaching points (教学点: 金元社区, 观山社区) and the real scenes (实景) at them (镜园社区口袋公园 …).
-- Coordinates are WGS-84 degrees, for a sign-in radius later.
CREATE TABLE teaching_points (
    id {{pk}},
    name TEXT NOT NULL UNIQUE,
    address TEXT,
    host_name TEXT,
    host_phone TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    description TEXT,
    created_at {{instant}} NOT NULL
);
CREATE TABLE scenes (
    id {{pk}},
    teaching_point_id BIGINT NOT NULL REFERENCES teaching_points(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    sort_order INTEGER NOT NULL DEFAULT 0,
    UNIQUE (teaching_point_id, name)
);

-- sessions.session_type holds a session_types.code; sessions.instructors stays as the printed label
-- ("陈伟东等", "领导讲话"); the people behind it are in session_instructors.
ALTER TABLE sessions ADD COLUMN workshop_method TEXT;
ALTER TABLE sessions ADD COLUMN teaching_point_id BIGINT REFERENCES teaching_points(id);
ALTER TABLE sessions ADD COLUMN scene_id BIGINT REFERENCES scenes(id);
ALTER TABLE sessions ADD COLUMN online_link TEXT;
ALTER TABLE sessions ADD COLUMN material TEXT;
-- 学时 set by the organizer; NULL means "from the duration" (Domain/Timetable/StudyHours)
ALTER TABLE sessions ADD COLUMN study_hours DOUBLE PRECISION;
-- the end time is on the next day (an evening that runs past midnight)
ALTER TABLE sessions ADD COLUMN past_midnight BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX ix_sessions_starts_at ON sessions (starts_at);

CREATE TABLE session_instructors (
    id {{pk}},
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    instructor_id BIGINT REFERENCES instructors(id),
    team_id BIGINT REFERENCES instructor_teams(id),
    sort_order INTEGER NOT NULL DEFAULT 0,
    CHECK ((instructor_id IS NULL) <> (team_id IS NULL))
);
CREATE UNIQUE INDEX ux_session_instructors_person ON session_instructors (session_id, instructor_id);
CREATE UNIQUE INDEX ux_session_instructors_team ON session_instructors (session_id, team_id);
CREATE INDEX ix_session_instructors_instructor ON session_instructors (instructor_id);
CREATE INDEX ix_session_instructors_team ON session_instructors (team_id);
