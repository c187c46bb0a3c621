-- Sharing grants replace the shared flag: an owner lets an organisation, an organisation kind or
-- every member see a record, the records with a facet value, or all its records of a kind, at a
-- level (1 exists, 2 summary, 3 detail, 4 full), for a purpose, on a basis, until a date or
-- until revoked. Records shared before grants existed keep what they had: every member, in full.
-- The old `sharing` columns are no longer read.

CREATE TABLE grants (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisations(id),   -- the owner who grants
    record_kind     TEXT NOT NULL CHECK (record_kind IN ('case', 'article', 'watchlist')),
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
CREATE INDEX grants_to_org ON grants(grantee_org_id, record_kind) WHERE revoked_at IS NULL;
CREATE INDEX grants_to_kind ON grants(grantee_kind, record_kind) WHERE revoked_at IS NULL;
CREATE INDEX grants_by_owner ON grants(org_id, record_kind);
CREATE INDEX grants_by_consent ON grants(consent_id) WHERE consent_id IS NOT NULL;

-- Random 26-character ids in the ids' alphabet (hex digits are within Crockford base32).
INSERT INTO grants (id, org_id, record_kind, target, record_pk, grantee_kind, level, purpose,
                    basis, granted_by, granted_at)
SELECT substr(hex(randomblob(16)), 1, 26), org_id, 'case', 'record', pk, 'any', 4,
       'shared with every member before grants existed', 'agreement', 'migration',
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM cases WHERE sharing = 'shared';
INSERT INTO grants (id, org_id, record_kind, target, record_pk, grantee_kind, level, purpose,
                    basis, granted_by, granted_at)
SELECT substr(hex(randomblob(16)), 1, 26), org_id, 'article', 'record', pk, 'any', 4,
       'shared with every member before grants existed', 'agreement', 'migration',
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM news_articles WHERE sharing = 'shared';
INSERT INTO grants (id, org_id, record_kind, target, record_pk, grantee_kind, level, purpose,
                    basis, granted_by, granted_at)
SELECT substr(hex(randomblob(16)), 1, 26), org_id, 'watchlist', 'record', pk, 'any', 4,
       'shared with every member before grants existed', 'agreement', 'migration',
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM watchlists WHERE sharing = 'shared';
