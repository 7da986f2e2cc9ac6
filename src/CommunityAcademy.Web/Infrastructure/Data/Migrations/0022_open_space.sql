-- 开放空间 (#17 point 1). An Open Space belongs to one session: a theme, time slots × spaces (rooms, corners with a
-- capacity) and the "marketplace" (集市) where topics are posted while it is open. Participants post topics (the poster
-- convenes it); the organizer or head teacher places a topic in one slot × space; people sign up for a topic in its slot
-- (at most one topic per person and slot: the unique index; moving is an update of that one row).
CREATE TABLE open_spaces (
    id {{pk}},
    session_id BIGINT NOT NULL UNIQUE REFERENCES sessions(id) ON DELETE CASCADE,
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    marketplace_open BOOLEAN NOT NULL DEFAULT TRUE,
    created_at {{instant}} NOT NULL,
    created_by BIGINT REFERENCES users(id)
);

CREATE TABLE open_space_slots (
    id {{pk}},
    open_space_id BIGINT NOT NULL REFERENCES open_spaces(id) ON DELETE CASCADE,
    sort_order INTEGER NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL
);
CREATE INDEX ix_open_space_slots ON open_space_slots (open_space_id, sort_order);

CREATE TABLE open_space_spaces (
    id {{pk}},
    open_space_id BIGINT NOT NULL REFERENCES open_spaces(id) ON DELETE CASCADE,
    sort_order INTEGER NOT NULL,
    name TEXT NOT NULL,
    capacity INTEGER
);
CREATE INDEX ix_open_space_spaces ON open_space_spaces (open_space_id, sort_order);

-- A topic (议题). Placed: slot_id and space_id both set (one topic per cell: the partial unique index). The notes,
-- action points and the person who follows up are the convener's record of it.
CREATE TABLE open_space_topics (
    id {{pk}},
    open_space_id BIGINT NOT NULL REFERENCES open_spaces(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT,
    convener_enrollment_id BIGINT REFERENCES enrollments(id) ON DELETE SET NULL,
    posted_by BIGINT REFERENCES users(id),
    posted_at {{instant}} NOT NULL,
    slot_id BIGINT REFERENCES open_space_slots(id),
    space_id BIGINT REFERENCES open_space_spaces(id),
    notes TEXT,
    actions TEXT,
    follow_up_enrollment_id BIGINT REFERENCES enrollments(id) ON DELETE SET NULL,
    notes_updated_at {{instant}},
    notes_updated_by BIGINT REFERENCES users(id),
    CHECK ((slot_id IS NULL) = (space_id IS NULL))
);
CREATE INDEX ix_open_space_topics ON open_space_topics (open_space_id, id);
CREATE UNIQUE INDEX ux_open_space_topics_cell ON open_space_topics (slot_id, space_id) WHERE slot_id IS NOT NULL;

CREATE TABLE open_space_signups (
    slot_id BIGINT NOT NULL REFERENCES open_space_slots(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    topic_id BIGINT NOT NULL REFERENCES open_space_topics(id) ON DELETE CASCADE,
    signed_at {{instant}} NOT NULL,
    PRIMARY KEY (slot_id, enrollment_id)
);
CREATE INDEX ix_open_space_signups_topic ON open_space_signups (topic_id);
