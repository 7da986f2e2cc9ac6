-- 成果 of a session (#17 points 2–5). Outputs belong to (owner_kind, owner_id): 'group' (groups.id: a working group, a
-- café's table, a team) or 'topic' (an Open Space topic). Text sections are one row each with a version (optimistic
-- concurrency); entries, files, comments and likes are rows of their own, so adding never overwrites.

-- A template: named sections, each free text ('text') or structured entries ('entries') with a fixed list of
-- categories (one a line; "人/能人" is kind 人, subkind 能人). cohort_id NULL: built in.
CREATE TABLE output_templates (
    id {{pk}},
    code TEXT UNIQUE,
    cohort_id BIGINT REFERENCES cohorts(id) ON DELETE CASCADE,
    name TEXT NOT NULL
);
CREATE TABLE output_template_sections (
    id {{pk}},
    template_id BIGINT NOT NULL REFERENCES output_templates(id) ON DELETE CASCADE,
    sort_order INTEGER NOT NULL,
    section_key TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'entries')),
    categories TEXT
);
CREATE UNIQUE INDEX ux_output_template_sections ON output_template_sections (template_id, section_key);

INSERT INTO output_templates (code, name) VALUES ('general', '成果（通用）');
INSERT INTO output_template_sections (template_id, sort_order, section_key, title, kind)
    SELECT id, 1, 'summary', '成果要点', 'text' FROM output_templates WHERE code = 'general';
INSERT INTO output_templates (code, name) VALUES ('village_resources', '村庄资源“人文地产景”');
INSERT INTO output_template_sections (template_id, sort_order, section_key, title, kind, categories)
    SELECT id, 1, 'resources', '五类资源', 'entries', '人/能人
人/骨干
文
地
产
景' FROM output_templates WHERE code = 'village_resources';
INSERT INTO output_template_sections (template_id, sort_order, section_key, title, kind)
    SELECT id, 2, 'needs', '村民自治最需要的资源', 'text' FROM output_templates WHERE code = 'village_resources';
INSERT INTO output_template_sections (template_id, sort_order, section_key, title, kind)
    SELECT id, 3, 'how', '如何得到这些资源', 'text' FROM output_templates WHERE code = 'village_resources';

-- The template the organizer picked for a session (none: 'general') and the grouping whose groups record outputs
-- (none: the session's own grouping, else the class's working groups).
CREATE TABLE session_outputs (
    session_id BIGINT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    template_id BIGINT NOT NULL REFERENCES output_templates(id),
    grouping_id BIGINT REFERENCES groupings(id) ON DELETE SET NULL,
    updated_at {{instant}} NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);

-- One text section of one owner; version grows by one on every save (a stale save is refused).
CREATE TABLE output_texts (
    id {{pk}},
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('group', 'topic')),
    owner_id BIGINT NOT NULL,
    section_key TEXT NOT NULL,
    body TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at {{instant}} NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);
CREATE UNIQUE INDEX ux_output_texts ON output_texts (session_id, owner_kind, owner_id, section_key);

-- Structured entries (kind 人/文/地/产/景, subkind 能人/骨干): what the community-resources feature takes over.
CREATE TABLE output_entries (
    id {{pk}},
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('group', 'topic')),
    owner_id BIGINT NOT NULL,
    section_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    subkind TEXT,
    name TEXT NOT NULL,
    description TEXT,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id)
);
CREATE INDEX ix_output_entries_owner ON output_entries (session_id, owner_kind, owner_id);

-- Photos and files: the bytes are in attachments (owner_kind 'output', owner_id = output_files.id).
CREATE TABLE output_files (
    id {{pk}},
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('group', 'topic')),
    owner_id BIGINT NOT NULL,
    attachment_id BIGINT REFERENCES attachments(id) ON DELETE CASCADE,
    is_photo BOOLEAN NOT NULL,
    original_name TEXT NOT NULL,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id)
);
CREATE INDEX ix_output_files_owner ON output_files (session_id, owner_kind, owner_id);

-- 摆摊: visitors' comments and likes (one per person and stall).
CREATE TABLE output_comments (
    id {{pk}},
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    owner_kind TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at {{instant}} NOT NULL
);
CREATE INDEX ix_output_comments_owner ON output_comments (session_id, owner_kind, owner_id);
CREATE TABLE output_likes (
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    owner_kind TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at {{instant}} NOT NULL,
    PRIMARY KEY (session_id, owner_kind, owner_id, user_id)
);
