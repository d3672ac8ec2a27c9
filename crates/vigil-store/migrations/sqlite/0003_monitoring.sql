-- What the stored subjects were last screened against: each listed
-- entity's fingerprint. `vigil monitor` re-screens the subjects against
-- the entities whose fingerprint is new or changed since.
CREATE TABLE monitored_entities (
    entity_id   TEXT PRIMARY KEY NOT NULL,
    fingerprint TEXT NOT NULL
);
