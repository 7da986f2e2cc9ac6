-- 世界咖啡 as people use it (#16 point 2). A café is a grouping of kind 'cafe_tables' for one session; its tables are
-- the grouping's groups (question, host_enrollment_id, place). This adds the café itself (rounds, their length, the
-- seed, how many rounds were played, the facilitator's clock), who takes part (present, late, absent) and the stored
-- rotation: per round, who sits at which table (seat 0 = the host).
CREATE TABLE cafes (
    grouping_id BIGINT PRIMARY KEY REFERENCES groupings(id) ON DELETE CASCADE,
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    rounds INTEGER NOT NULL,
    round_minutes INTEGER NOT NULL,
    seed INTEGER NOT NULL DEFAULT 1,
    played_rounds INTEGER NOT NULL DEFAULT 0,
    generated_at {{instant}},
    edited_by_hand BOOLEAN NOT NULL DEFAULT FALSE,
    -- The projector's clock: the round being run (1-based, NULL before the first), when it started (NULL: not running),
    -- and the seconds left when it was paused.
    current_round INTEGER,
    round_started_at {{instant}},
    paused_left_seconds INTEGER
);
CREATE UNIQUE INDEX ux_cafes_session ON cafes (session_id);

-- Who takes part: status 'present', 'late' (arrived after the start: present from the next rounds generated) or 'absent'.
CREATE TABLE cafe_participants (
    grouping_id BIGINT NOT NULL REFERENCES groupings(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'present' CHECK (status IN ('present', 'late', 'absent')),
    PRIMARY KEY (grouping_id, enrollment_id)
);

-- The rotation: round (1-based), table (a group of the grouping), seat (0 = the host), person.
CREATE TABLE cafe_seats (
    grouping_id BIGINT NOT NULL REFERENCES groupings(id) ON DELETE CASCADE,
    round_no INTEGER NOT NULL,
    group_id BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    seat INTEGER NOT NULL,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    PRIMARY KEY (grouping_id, round_no, enrollment_id)
);
CREATE INDEX ix_cafe_seats_enrollment ON cafe_seats (enrollment_id);
