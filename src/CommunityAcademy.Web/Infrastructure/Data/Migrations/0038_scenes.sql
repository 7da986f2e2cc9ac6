-- Star-rated scenes, residents' preference cards, community resources and brands (#25).
-- A scene now belongs to a community (a unit) and may also be at a teaching point: teaching_point_id becomes optional.
-- Existing scenes are kept with their ids (sessions.scene_id still points at them). SQLite cannot drop a NOT NULL, so
-- its table is rebuilt inside this migration's transaction with foreign keys deferred to the commit; PostgreSQL alters.
{{sqlite: PRAGMA defer_foreign_keys = ON;
CREATE TABLE scenes_0038 AS SELECT id, teaching_point_id, name, description, latitude, longitude, sort_order FROM scenes;
DROP TABLE scenes;
CREATE TABLE scenes (
    id INTEGER PRIMARY KEY,
    teaching_point_id BIGINT REFERENCES teaching_points(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    sort_order INTEGER NOT NULL DEFAULT 0,
    unit_id BIGINT REFERENCES units(id),
    plan_submission_id BIGINT REFERENCES review_submissions(id) ON DELETE SET NULL,
    card_token TEXT,
    created_at TEXT,
    UNIQUE (teaching_point_id, name)
);
INSERT INTO scenes (id, teaching_point_id, name, description, latitude, longitude, sort_order)
    SELECT id, teaching_point_id, name, description, latitude, longitude, sort_order FROM scenes_0038;
DROP TABLE scenes_0038;}}
{{postgres: ALTER TABLE scenes ALTER COLUMN teaching_point_id DROP NOT NULL;
ALTER TABLE scenes ADD COLUMN unit_id BIGINT REFERENCES units(id);
ALTER TABLE scenes ADD COLUMN plan_submission_id BIGINT REFERENCES review_submissions(id) ON DELETE SET NULL;
ALTER TABLE scenes ADD COLUMN card_token TEXT;
ALTER TABLE scenes ADD COLUMN created_at TIMESTAMPTZ;}}
CREATE UNIQUE INDEX ux_scenes_card_token ON scenes (card_token) WHERE card_token IS NOT NULL;
CREATE INDEX ix_scenes_unit ON scenes (unit_id);

-- A star standard's versions: one row per version, its contents (dimensions → indicators → thresholds) as JSON,
-- never changed once stored; a retired version takes no new assessments.
CREATE TABLE star_standards (
    id {{pk}},
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    is_sample BOOLEAN NOT NULL DEFAULT FALSE,
    body TEXT NOT NULL,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id),
    retired_at {{instant}},
    UNIQUE (name, version)
);

-- An assessment of a scene under one version: 'self' by the community's contact, 'expert' by an expert (the official
-- stars are the latest expert one's). Scores per indicator as JSON; evidence photos are attachments
-- (owner_kind 'scene_assessment', owner_id = id).
CREATE TABLE scene_assessments (
    id {{pk}},
    scene_id BIGINT NOT NULL REFERENCES scenes(id) ON DELETE CASCADE,
    standard_id BIGINT NOT NULL REFERENCES star_standards(id),
    kind TEXT NOT NULL CHECK (kind IN ('self', 'expert')),
    scores TEXT NOT NULL,
    total DOUBLE PRECISION NOT NULL,
    stars INTEGER NOT NULL,
    note TEXT,
    assessed_by BIGINT REFERENCES users(id),
    assessed_at {{instant}} NOT NULL
);
CREATE INDEX ix_scene_assessments_scene ON scene_assessments (scene_id, assessed_at);

-- Scene behaviour (场景行为) observed by a three-person team of a class's groups.
CREATE TABLE scene_observations (
    id {{pk}},
    scene_id BIGINT NOT NULL REFERENCES scenes(id) ON DELETE CASCADE,
    group_id BIGINT REFERENCES groups(id) ON DELETE SET NULL,
    observed_at {{instant}} NOT NULL,
    place TEXT NOT NULL,
    people INTEGER NOT NULL,
    activity TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    created_at {{instant}} NOT NULL
);
CREATE INDEX ix_scene_observations_scene ON scene_observations (scene_id, observed_at);

-- Residents' preference cards (偏好识别卡), filled without an account. device_key is PublicForms.DeviceKey (a hash);
-- a second card of one device for one scene on one local day is kept but flagged and left out of counts.
CREATE TABLE preference_cards (
    id {{pk}},
    scene_id BIGINT NOT NULL REFERENCES scenes(id) ON DELETE CASCADE,
    likes TEXT,
    uses TEXT,
    misses TEXT,
    age_group TEXT,
    device_key TEXT NOT NULL,
    local_day TEXT NOT NULL,
    is_duplicate BOOLEAN NOT NULL DEFAULT FALSE,
    submitted_at {{instant}} NOT NULL
);
CREATE INDEX ix_preference_cards_scene ON preference_cards (scene_id, is_duplicate);
CREATE INDEX ix_preference_cards_device ON preference_cards (scene_id, device_key, local_day);

-- Community resources 人 文 地 产 景 of a community or village (a unit); photos are attachments
-- (owner_kind 'community_resource'); an entry taken over from an Open Space output keeps its source.
CREATE TABLE community_resources (
    id {{pk}},
    unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('人', '文', '地', '产', '景')),
    subkind TEXT,
    name TEXT NOT NULL,
    description TEXT,
    contact_name TEXT,
    contact_phone TEXT,
    tags TEXT,
    source_entry_id BIGINT REFERENCES output_entries(id) ON DELETE SET NULL,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id)
);
CREATE INDEX ix_community_resources_unit ON community_resources (unit_id, kind);
CREATE UNIQUE INDEX ux_community_resources_source ON community_resources (source_entry_id) WHERE source_entry_id IS NOT NULL;

-- Community brands: name, slogan, the six traits with their evidence, the brand plan (a review submission).
CREATE TABLE community_brands (
    id {{pk}},
    unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    slogan TEXT,
    plan_submission_id BIGINT REFERENCES review_submissions(id) ON DELETE SET NULL,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id),
    UNIQUE (unit_id, name)
);
CREATE TABLE community_brand_traits (
    brand_id BIGINT NOT NULL REFERENCES community_brands(id) ON DELETE CASCADE,
    trait TEXT NOT NULL CHECK (trait IN ('differentiated', 'serial', 'refined', 'participation', 'satisfaction', 'reach')),
    evidence TEXT NOT NULL,
    PRIMARY KEY (brand_id, trait)
);
