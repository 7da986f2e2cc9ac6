-- Login sessions: each sign-in (the login page's cookie, or a bearer token from /api/v1/auth/token) is a row here,
-- and its id travels in the cookie or token. Logout, a new password or a disabled account revokes rows; every node
-- checks the row (cached at most 60 s), so a copied cookie or token stops working.
CREATE TABLE login_sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('cookie', 'token')),
    created_at {{instant}} NOT NULL,
    last_seen_at {{instant}} NOT NULL,
    revoked_at {{instant}},
    client_address TEXT,
    user_agent TEXT
);
CREATE INDEX ix_login_sessions_user ON login_sessions (user_id);
CREATE INDEX ix_login_sessions_last_seen ON login_sessions (last_seen_at);

-- Failed logins per user name (known or not) and client address: a lock-out from one address leaves the account
-- usable from every other, and an unknown name is counted like a known one.
CREATE TABLE login_failures (
    username TEXT NOT NULL,
    client_address TEXT NOT NULL,
    failures INTEGER NOT NULL,
    last_failure_at {{instant}} NOT NULL,
    locked_until {{instant}},
    PRIMARY KEY (username, client_address)
);
CREATE INDEX ix_login_failures_last ON login_failures (last_failure_at);
