-- The audit trail: append-only, one hash chain per organisation (and one for the platform: the
-- administrator, sign-ins of unknown users). Each event's hash covers the previous event's hash
-- and every column below except `id`; the head of each chain is kept apart with a MAC under a
-- key from the key file, so that rewriting a chain from the database alone is detected too.
-- Events hold ids, levels and counts, never names or search text.

CREATE TABLE audit_events (
    id           INTEGER PRIMARY KEY,
    chain        TEXT NOT NULL,                 -- organisation id, or 'platform'
    seq          INTEGER NOT NULL,              -- 1, 2, … within the chain
    at           TEXT NOT NULL,
    org_id       TEXT,                          -- the acting organisation
    user_id      TEXT,
    role         TEXT,
    action       TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
    record_kind  TEXT,
    level        TEXT,
    records      TEXT NOT NULL,                 -- JSON [[owner org id, record id], …]
    count        INTEGER,
    detail       TEXT NOT NULL,                 -- JSON object of ids and numbers
    prev         TEXT NOT NULL,
    hash         TEXT NOT NULL,
    UNIQUE (chain, seq)
);
CREATE INDEX audit_by_org ON audit_events(org_id, id);

-- Reads of an organisation's records by another one, so that the owner can list them.
CREATE TABLE audit_access (
    event_id     INTEGER NOT NULL REFERENCES audit_events(id),
    owner_org_id TEXT NOT NULL,
    records      INTEGER NOT NULL
);
CREATE INDEX audit_access_by_owner ON audit_access(owner_org_id, event_id);

CREATE TABLE audit_heads (
    chain  TEXT PRIMARY KEY,
    seq    INTEGER NOT NULL,
    hash   TEXT NOT NULL,
    mac    TEXT NOT NULL                        -- HMAC of chain, seq and hash under the audit key
);

-- A mistake in Rastro's own SQL must not rewrite history; a person editing the file directly
-- is caught by `rastro audit verify`.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

-- Which master key the store was created with (its fingerprint), so that opening it with
-- another key file is a clear error.
CREATE TABLE store_keys (
    fingerprint  TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
