-- Transactions and alerts can be shared like other records: a grant may name the kinds
-- 'transaction' and 'alert' (one record, or all of them). SQLite cannot change a CHECK in place,
-- so the grants table is rebuilt with the wider one and every grant copied as it was.
--
-- Referrals point at grants. Dropping the old table orphans them for a moment, which the
-- deferred foreign-key check counts; copying the grants back into the renamed table after the
-- drop matches every referral to its grant again, so the count is back at zero when the
-- migration commits (and the commit fails, changing nothing, if any grant were lost).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE grants_v16 (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisations(id),   -- the owner who grants
    record_kind     TEXT NOT NULL CHECK (record_kind IN ('case', 'article', 'watchlist',
                                                         'transaction', 'alert')),
    target          TEXT NOT NULL CHECK (target IN ('record', 'facet', 'all')),
    record_pk       INTEGER,
    facet           TEXT,
    value           TEXT,
    grantee_org_id  TEXT REFERENCES organisations(id),
    grantee_kind    TEXT,                                         -- an organisation kind, or 'any'
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    purpose         TEXT NOT NULL,
    basis           TEXT NOT NULL CHECK (basis IN ('consent', 'legal_duty', 'agreement',
                                                   'public_interest')),
    consent_id      TEXT,
    granted_by      TEXT NOT NULL,
    granted_at      TEXT NOT NULL,
    expires_at      TEXT,
    revoked_at      TEXT,
    revoked_by      TEXT,
    CHECK ((grantee_org_id IS NULL) <> (grantee_kind IS NULL)),
    CHECK (target <> 'record' OR record_pk IS NOT NULL),
    CHECK (target <> 'facet' OR (facet IS NOT NULL AND value IS NOT NULL))
);

CREATE TEMP TABLE grants_kept AS SELECT * FROM grants;
DROP TABLE grants;
ALTER TABLE grants_v16 RENAME TO grants;
INSERT INTO grants (id, org_id, record_kind, target, record_pk, facet, value, grantee_org_id,
                    grantee_kind, level, purpose, basis, consent_id, granted_by, granted_at,
                    expires_at, revoked_at, revoked_by)
SELECT id, org_id, record_kind, target, record_pk, facet, value, grantee_org_id, grantee_kind,
       level, purpose, basis, consent_id, granted_by, granted_at, expires_at, revoked_at,
       revoked_by
FROM temp.grants_kept;
DROP TABLE temp.grants_kept;

CREATE INDEX grants_to_org ON grants(grantee_org_id, record_kind) WHERE revoked_at IS NULL;
CREATE INDEX grants_to_kind ON grants(grantee_kind, record_kind) WHERE revoked_at IS NULL;
CREATE INDEX grants_by_owner ON grants(org_id, record_kind);
CREATE INDEX grants_by_consent ON grants(consent_id) WHERE consent_id IS NOT NULL;

-- The triggers went with the old table; a grant given, changed or removed still moves the
-- counter that statistics and networks are kept by.
CREATE TRIGGER count_grant_inserts AFTER INSERT ON grants
    BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER count_grant_updates AFTER UPDATE ON grants
    BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER count_grant_deletes AFTER DELETE ON grants
    BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;

-- Each move of an alert's review (new → under review → reported or dismissed), with who made it,
-- when, and the reviewer's note sealed under the owner's data key like the alert itself (a note
-- may name anyone). Rows are only added: the alert's `status` is the latest move's.
CREATE TABLE alert_reviews (
    pk           INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    alert_pk     INTEGER NOT NULL REFERENCES alerts(pk),
    from_status  TEXT NOT NULL,
    to_status    TEXT NOT NULL CHECK (to_status IN ('open', 'reviewed', 'dismissed', 'reported')),
    by_user      TEXT NOT NULL,
    at           TEXT NOT NULL,
    key_version  INTEGER NOT NULL,
    sealed       BLOB NOT NULL
);
CREATE INDEX alert_reviews_by_alert ON alert_reviews(alert_pk);
