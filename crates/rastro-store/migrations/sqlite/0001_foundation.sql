-- Foundation: organisations, imports, case records with their provenance, and the facets that
-- statistics count. Every record row carries the organisation that owns it.

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,          -- random, 26-character base32
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE imports (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    source_file  TEXT NOT NULL,
    format       TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    imported     INTEGER NOT NULL DEFAULT 0,
    duplicates   INTEGER NOT NULL DEFAULT 0,
    rejected     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX imports_by_org ON imports(org_id);

CREATE TABLE cases (
    pk           INTEGER PRIMARY KEY,      -- internal; never leaves the store
    id           TEXT NOT NULL UNIQUE,     -- public id, random
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    record_key   BLOB NOT NULL,            -- hash of the canonical record: re-imports add nothing
    sharing      TEXT NOT NULL DEFAULT 'private' CHECK (sharing IN ('private', 'shared')),
    import_id    TEXT NOT NULL REFERENCES imports(id),   -- source file and time are the import's
    source_row   INTEGER NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('victim', 'perpetrator')),
    record       TEXT NOT NULL,            -- the HTCDS record in compact form (rastro-model's compact.rs)
    UNIQUE (org_id, record_key)
);

-- One row per countable value of a case (form of exploitation, country of exploitation, …), so
-- that statistics are GROUP BY queries, and multi-valued fields count once per value.
CREATE TABLE case_facets (
    case_pk  INTEGER NOT NULL REFERENCES cases(pk) ON DELETE CASCADE,
    facet    TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (case_pk, facet, value)
) WITHOUT ROWID;
