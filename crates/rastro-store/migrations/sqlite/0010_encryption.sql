-- Identities encrypted at rest. Each organisation has data keys (one current, older ones kept
-- until nothing is sealed with them) and an index key, the platform a pseudonym key; all are
-- random and stored only wrapped under the master key of the key file. A case keeps its
-- descriptive fields in `record`; its personal fields, sealed under its owner's data key
-- `key_version` (NULL: written before encryption, sealed at the next opening), and the keyed
-- pseudonyms of its names, birth date and identity number (the same across organisations) are
-- in `case_secrets`, apart, so that statistics scanning the cases do not read them; `id_index`
-- is the keyed blind index of its identity number, for its owner's lookups. `record_key`
-- becomes a keyed hash at the next opening too.

CREATE TABLE wrapped_keys (
    owner       TEXT NOT NULL,                   -- organisation id, or 'platform'
    purpose     TEXT NOT NULL CHECK (purpose IN ('data', 'index', 'pseudonym')),
    version     INTEGER NOT NULL,
    wrapped     BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    retired_at  TEXT,
    PRIMARY KEY (owner, purpose, version)
);

ALTER TABLE cases ADD COLUMN key_version INTEGER;

CREATE TABLE case_secrets (
    case_pk     INTEGER PRIMARY KEY REFERENCES cases(pk),
    personal    BLOB,                            -- NULL: the record has no personal field
    pseudonyms  TEXT NOT NULL
);

ALTER TABLE cases ADD COLUMN id_index BLOB;
-- Only cases with a document are indexed: most imports then add no index entry at all.
CREATE INDEX cases_by_id_index ON cases(org_id, id_index) WHERE id_index IS NOT NULL;
