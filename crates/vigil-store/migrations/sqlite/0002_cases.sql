-- Screened subjects, screenings, alerts, decisions and the suppressions
-- that false-positive decisions leave (see crates/vigil-store/src/cases.rs).
CREATE TABLE subjects (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    attributes  TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE screenings (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_id     TEXT NOT NULL REFERENCES subjects (id),
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    list_versions  TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    threshold      REAL NOT NULL,
    fingerprint    TEXT NOT NULL,
    matches        INTEGER NOT NULL
);

CREATE TABLE alerts (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_id          TEXT NOT NULL REFERENCES subjects (id),
    entity_id           TEXT NOT NULL,
    screening_id        INTEGER NOT NULL REFERENCES screenings (id),
    score               REAL NOT NULL,
    matched_name        TEXT NOT NULL,
    explanation         TEXT NOT NULL,
    subject_fingerprint TEXT NOT NULL,
    entity_fingerprint  TEXT NOT NULL,
    status              TEXT NOT NULL,
    revision            INTEGER NOT NULL,
    raised_because      TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX alerts_subject_entity ON alerts (subject_id, entity_id);
CREATE INDEX alerts_status ON alerts (status, created_at);

CREATE TABLE decisions (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id INTEGER NOT NULL REFERENCES alerts (id),
    actor    TEXT NOT NULL,
    outcome  TEXT NOT NULL,
    reason   TEXT NOT NULL,
    at       TEXT NOT NULL
);

CREATE TABLE suppressions (
    subject_id          TEXT NOT NULL REFERENCES subjects (id),
    entity_id           TEXT NOT NULL,
    subject_fingerprint TEXT NOT NULL,
    entity_fingerprint  TEXT NOT NULL,
    alert_id            INTEGER NOT NULL REFERENCES alerts (id),
    created_at          TEXT NOT NULL,
    PRIMARY KEY (subject_id, entity_id)
);
