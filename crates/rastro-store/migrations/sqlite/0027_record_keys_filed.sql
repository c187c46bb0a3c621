-- A case's record key is no longer kept unique by an index on `cases` itself: that index took
-- an entry at a random place for every case stored, a page of the log per case at each commit,
-- the largest part of an import's writing. Its entries now go to `case_keys` in key order, in
-- batches ("filing"), and the cases stored since the last filing — those with `pk` above
-- `case_keys_filed.through` — are the unfiled tier, which the store's writers read in order
-- of `pk` and check beside `case_keys` (`sqlite/key_tier.rs`). Uniqueness of (org_id,
-- record_key) is thus kept by the one code path that stores cases plus the unique key of
-- `case_keys`.
--
-- SQLite cannot drop a table constraint, so `cases` is rebuilt with every column, row id,
-- index and trigger it had. The migration runs with foreign keys off (`migrate.rs`), as the
-- rebuild drops the parent of several tables, and checks them before it commits. `pk` becomes
-- AUTOINCREMENT: a row id is never given out twice, so a case stored after the last case was
-- deleted cannot fall at or below `through` and be missed by both the tier and the index.

CREATE TABLE cases_rebuilt (
    pk            INTEGER PRIMARY KEY AUTOINCREMENT,  -- internal; never leaves the store
    id_lookup     TEXT NOT NULL UNIQUE,   -- the id's number (or, for old cases, their random id)
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    record_key    BLOB NOT NULL,          -- hash of the canonical record: re-imports add nothing
    sharing       TEXT NOT NULL DEFAULT 'private' CHECK (sharing IN ('private', 'shared')),
    import_id     TEXT NOT NULL REFERENCES imports(id),   -- source file and time are the import's
    source_row    INTEGER NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('victim', 'perpetrator')),
    record        TEXT NOT NULL,          -- the HTCDS record in compact form (rastro-model's compact.rs)
    key_version   INTEGER,
    id_index      BLOB,
    htcds_consent INTEGER NOT NULL DEFAULT 0,
    facet_values  TEXT NOT NULL DEFAULT '',
    id            TEXT NOT NULL DEFAULT ''
);
INSERT INTO cases_rebuilt (pk, id_lookup, org_id, record_key, sharing, import_id, source_row,
        role, record, key_version, id_index, htcds_consent, facet_values, id)
    SELECT pk, id_lookup, org_id, record_key, sharing, import_id, source_row,
        role, record, key_version, id_index, htcds_consent, facet_values, id
    FROM cases ORDER BY pk;
DROP TABLE cases;
ALTER TABLE cases_rebuilt RENAME TO cases;

CREATE INDEX cases_by_id_index ON cases(org_id, id_index) WHERE id_index IS NOT NULL;
-- What the record key's index also served: an organisation's cases (counts by owner, its own
-- cases' lookups). A new case's entry goes at the end, after its organisation's last.
CREATE INDEX cases_by_org ON cases(org_id);
CREATE TRIGGER count_case_deletes AFTER DELETE ON cases
    BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;

-- The filed record keys, unique per organisation.
CREATE TABLE case_keys (
    org_id      TEXT NOT NULL,
    record_key  BLOB NOT NULL,
    PRIMARY KEY (org_id, record_key)
) WITHOUT ROWID;
INSERT INTO case_keys (org_id, record_key)
    SELECT org_id, record_key FROM cases ORDER BY org_id, record_key;

-- How far the cases are filed, and a count of record keys changed in place: a writer's view of
-- the tier (cases above `through`) is read again whenever either moves.
CREATE TABLE case_keys_filed (
    one       INTEGER PRIMARY KEY CHECK (one = 1),
    through   INTEGER NOT NULL,
    rekeyed   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO case_keys_filed (one, through) SELECT 1, COALESCE(MAX(pk), 0) FROM cases;

CREATE TRIGGER case_keys_follow_deletes AFTER DELETE ON cases
    BEGIN DELETE FROM case_keys WHERE org_id = OLD.org_id AND record_key = OLD.record_key; END;
CREATE TRIGGER case_keys_follow_rekeying AFTER UPDATE OF record_key ON cases
    BEGIN
        UPDATE case_keys SET record_key = NEW.record_key
            WHERE org_id = OLD.org_id AND record_key = OLD.record_key;
        UPDATE case_keys_filed SET rekeyed = rekeyed + 1 WHERE one = 1;
    END;
