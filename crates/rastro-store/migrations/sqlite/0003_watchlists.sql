-- Watchlists: named snapshots of a watchlist file (CSV or FollowTheMoney JSON lines) taken in by
-- `rastro watchlist import`, screened with `rastro screen --list`. A list belongs to the
-- organisation that imported it; importing into the same name replaces its entries, so a list is
-- always one source file as it was when imported.

CREATE TABLE watchlists (
    pk           INTEGER PRIMARY KEY,      -- internal; never leaves the store
    id           TEXT NOT NULL UNIQUE,     -- public id, random
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    sharing      TEXT NOT NULL DEFAULT 'private' CHECK (sharing IN ('private', 'shared')),
    name         TEXT NOT NULL,
    source_file  TEXT NOT NULL,
    format       TEXT NOT NULL,            -- csv | ftm
    imported_at  TEXT NOT NULL,
    rows         INTEGER NOT NULL,         -- rows (or lines) read, rejected ones included
    entries      INTEGER NOT NULL,
    rejected     INTEGER NOT NULL,
    UNIQUE (org_id, name)
);

-- One listed person. Multi-valued fields are JSON arrays of text as the list gave them once
-- validated (dates YYYY[-MM[-DD]], ISO country codes), so the screening engine rebuilds the same
-- person it would have read from the file.
CREATE TABLE watchlist_entries (
    pk             INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    org_id         TEXT NOT NULL REFERENCES organisations(id),
    list_pk        INTEGER NOT NULL REFERENCES watchlists(pk) ON DELETE CASCADE,
    source_id      TEXT NOT NULL,          -- the list's own id of the person
    source_row     INTEGER NOT NULL,       -- 1-based data row or line in the source file
    names          TEXT NOT NULL,          -- main name first, then aliases
    birth_dates    TEXT NOT NULL,
    gender         TEXT,
    nationalities  TEXT NOT NULL,
    documents      TEXT NOT NULL,
    topics         TEXT NOT NULL
);
CREATE INDEX watchlist_entries_by_list ON watchlist_entries(list_pk, pk);
