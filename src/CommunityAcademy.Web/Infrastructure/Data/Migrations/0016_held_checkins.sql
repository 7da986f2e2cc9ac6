-- Held sign-ins (待确认的离线签到): a phone uploads a sign-in it says it made offline, with a QR code that was valid at
-- the time it claims, but without the scan pass the server gives a phone that opened the link online. Such a sign-in
-- may come from a photo of the code forwarded to someone who is not there, so it is not counted: it waits here for the
-- head teacher, who accepts it (it becomes a check-in at the time it claims, audited) or refuses it (audited).
CREATE TABLE held_check_ins (
    id {{pk}},
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('in', 'out')),
    client_id TEXT NOT NULL,
    -- the time it would count from: the phone's time, held within the code's own two steps
    at {{instant}} NOT NULL,
    device_at {{instant}} NOT NULL,
    server_at {{instant}} NOT NULL,
    device_key TEXT,
    status TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'accepted', 'refused')),
    decided_by BIGINT REFERENCES users(id),
    decided_at {{instant}},
    decision_note TEXT,
    check_in_id BIGINT REFERENCES check_ins(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX ux_held_check_ins_client ON held_check_ins (client_id);
CREATE INDEX ix_held_check_ins_session ON held_check_ins (session_id, status);
