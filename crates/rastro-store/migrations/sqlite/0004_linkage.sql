-- Linkage: which person records (victims and perpetrators of stored cases) are the same person,
-- as found by `rastro link --store`, and reviewers' decisions about pairs. Every row carries the
-- organisation that ran the linkage or made the decision; an organisation's entities cover only
-- the records it may see.

CREATE TABLE linkage_runs (
    id           TEXT PRIMARY KEY,          -- random, 26-character base32
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    ran_at       TEXT NOT NULL,
    records      INTEGER NOT NULL,
    pairs        INTEGER NOT NULL,          -- matched pairs at or above the threshold
    entities     INTEGER NOT NULL,
    config       TEXT NOT NULL              -- the linkage configuration used, for reproducibility
);
CREATE INDEX linkage_runs_by_org ON linkage_runs(org_id, ran_at);

-- The entity of each record in a run; the entity id is the public id of its first record, so it
-- stays the same across runs as long as that record stays in the entity.
CREATE TABLE linkage_members (
    run_id     TEXT NOT NULL REFERENCES linkage_runs(id) ON DELETE CASCADE,
    org_id     TEXT NOT NULL REFERENCES organisations(id),
    case_pk    INTEGER NOT NULL REFERENCES cases(pk) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL,
    PRIMARY KEY (run_id, case_pk)
) WITHOUT ROWID;
CREATE INDEX linkage_members_by_entity ON linkage_members(run_id, entity_id);

-- A reviewer's decision that two records are, or are not, the same person. Later runs respect
-- it. One decision per pair and organisation (the lower internal key first); a new one replaces it.
CREATE TABLE linkage_decisions (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    left_pk     INTEGER NOT NULL REFERENCES cases(pk) ON DELETE CASCADE,
    right_pk    INTEGER NOT NULL REFERENCES cases(pk) ON DELETE CASCADE,
    same        INTEGER NOT NULL CHECK (same IN (0, 1)),
    reviewer    TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    note        TEXT,
    CHECK (left_pk < right_pk),
    UNIQUE (org_id, left_pk, right_pk)
);
