-- People and their sessions, and the settings an administrator changes
-- (see crates/vigil-store/src/accounts.rs). Passwords are Argon2id PHC
-- strings; sessions are kept as the SHA-256 of their token, never the token.
CREATE TABLE users (
    username      TEXT PRIMARY KEY NOT NULL,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL,
    failed_logins INTEGER NOT NULL,
    locked_until  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    username   TEXT NOT NULL REFERENCES users (username),
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    last_seen  TEXT NOT NULL
);
CREATE INDEX sessions_username ON sessions (username);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE INDEX alerts_created ON alerts (created_at);
CREATE INDEX screenings_at ON screenings (at);
