-- 线上学习 (#21 points 1-3). Sessions of type online_live (线上直播) and online_case (线上案例推送, or an online theme
-- course with modules) of a class. No row in online_items: the defaults (a live course completed at 80% of its time; a
-- case push, not a theme course).
CREATE TABLE online_items (
    session_id BIGINT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL DEFAULT 'case' CHECK (kind IN ('case', 'theme')),
    share_percent INTEGER NOT NULL DEFAULT 80 CHECK (share_percent BETWEEN 1 AND 100),
    -- single-choice questions as JSON [{prompt, options[], correct}], NULL or [] for none
    questions TEXT,
    updated_at {{instant}} NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);

-- What a trainee reads: a case push's article (one module) or a theme course's modules. body is Markdown (served as
-- sanitized HTML); images and a video are attachments of owner kind 'online_module'; link an outside address.
CREATE TABLE online_modules (
    id {{pk}},
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    sort_order INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    link TEXT,
    read_seconds INTEGER NOT NULL DEFAULT 120 CHECK (read_seconds >= 0),
    created_at {{instant}} NOT NULL
);
CREATE INDEX ix_online_modules_session ON online_modules (session_id, sort_order);

-- Opened: when the server first showed the module to the trainee; read_at: their "done reading" at least read_seconds later.
CREATE TABLE online_reads (
    module_id BIGINT NOT NULL REFERENCES online_modules(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    opened_at {{instant}} NOT NULL,
    read_at {{instant}},
    PRIMARY KEY (module_id, enrollment_id)
);

-- A trainee's latest answers to a case push's questions (JSON array of option indexes); correct_at: first all correct.
CREATE TABLE online_answers (
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    answers TEXT NOT NULL,
    correct INTEGER NOT NULL,
    answered_at {{instant}} NOT NULL,
    correct_at {{instant}},
    PRIMARY KEY (session_id, enrollment_id)
);

-- A live course's attendance export (the latest replaces the one before): each person of it with their intervals,
-- matched to a trainee by phone, by name and unit, or by the organizer's hand (NULL: not matched yet).
CREATE TABLE online_live_imports (
    id {{pk}},
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    people INTEGER NOT NULL,
    rows_read INTEGER NOT NULL,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id)
);
CREATE TABLE online_live_people (
    id {{pk}},
    import_id BIGINT NOT NULL REFERENCES online_live_imports(id) ON DELETE CASCADE,
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    first_row INTEGER NOT NULL,
    name TEXT NOT NULL,
    phone TEXT,
    unit TEXT,
    enrollment_id BIGINT REFERENCES enrollments(id) ON DELETE SET NULL,
    matched_how TEXT CHECK (matched_how IS NULL OR matched_how IN ('phone', 'name_unit', 'hand')),
    matched_by BIGINT REFERENCES users(id)
);
CREATE INDEX ix_online_live_people_session ON online_live_people (session_id, enrollment_id);
CREATE TABLE online_live_intervals (
    person_id BIGINT NOT NULL REFERENCES online_live_people(id) ON DELETE CASCADE,
    joined_at {{instant}} NOT NULL,
    left_at {{instant}} NOT NULL
);
CREATE INDEX ix_online_live_intervals_person ON online_live_intervals (person_id);

-- Presence marked by hand (overrides the export): present or not, with a reason.
CREATE TABLE online_live_marks (
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    present BOOLEAN NOT NULL,
    reason TEXT NOT NULL,
    marked_at {{instant}} NOT NULL,
    marked_by BIGINT REFERENCES users(id),
    PRIMARY KEY (session_id, enrollment_id)
);

-- Online sessions take no QR sign-in: what the settler wrote for them before (everyone absent) goes.
DELETE FROM discipline_records WHERE session_id IN (SELECT s.id FROM sessions s JOIN session_types t ON t.code = s.session_type WHERE t.delivery <> 'in_person');
DELETE FROM attendance WHERE session_id IN (SELECT s.id FROM sessions s JOIN session_types t ON t.code = s.session_type WHERE t.delivery <> 'in_person');
UPDATE sessions SET attendance_settled_at = NULL WHERE session_type IN (SELECT code FROM session_types WHERE delivery <> 'in_person');
