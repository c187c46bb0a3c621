-- Events across news reports: which stored articles report the same event, as found by
-- `rastro link --news`, and reviewers' decisions about pairs of articles. As for persons
-- (0004), every row carries the organisation that ran the linkage or decided, and an
-- organisation's events cover only the articles it may see.

CREATE TABLE news_event_runs (
    id           TEXT PRIMARY KEY,          -- random, 26-character base32
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    ran_at       TEXT NOT NULL,
    records      INTEGER NOT NULL,          -- articles linked
    pairs        INTEGER NOT NULL,          -- pairs of reports at or above the threshold
    events       INTEGER NOT NULL,
    config       TEXT NOT NULL              -- threshold and prior used, for reproducibility
);
CREATE INDEX news_event_runs_by_org ON news_event_runs(org_id, ran_at);

-- The event of each article in a run; the event id is the public id of its earliest-stored
-- article, so it stays the same across runs as long as that article stays in the event.
CREATE TABLE news_event_members (
    run_id      TEXT NOT NULL REFERENCES news_event_runs(id) ON DELETE CASCADE,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    article_pk  INTEGER NOT NULL REFERENCES news_articles(pk) ON DELETE CASCADE,
    event_id    TEXT NOT NULL,
    PRIMARY KEY (run_id, article_pk)
) WITHOUT ROWID;
CREATE INDEX news_event_members_by_event ON news_event_members(run_id, event_id);

-- A reviewer's decision that two articles do, or do not, report the same event.
CREATE TABLE news_event_decisions (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    left_pk     INTEGER NOT NULL REFERENCES news_articles(pk) ON DELETE CASCADE,
    right_pk    INTEGER NOT NULL REFERENCES news_articles(pk) ON DELETE CASCADE,
    same        INTEGER NOT NULL CHECK (same IN (0, 1)),
    reviewer    TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    note        TEXT,
    CHECK (left_pk < right_pk),
    UNIQUE (org_id, left_pk, right_pk)
);
