-- The tamper-evident audit log: every event appended with the hash of the
-- previous one (see crates/vigil-store/src/audit.rs for the hash).
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY NOT NULL,
    at        TEXT    NOT NULL,
    actor     TEXT    NOT NULL,
    event     TEXT    NOT NULL,
    object    TEXT    NOT NULL,
    payload   TEXT    NOT NULL,
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL
);

-- The last event's sequence number and hash, written in the same
-- transaction as the event: deleting the newest rows breaks the match.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);
