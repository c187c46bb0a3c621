-- Statistics: the age band and the month of each case become facets, so that the statistics
-- engine reads counts over time and by age without opening a record; and a ledger of the privacy
-- budget spent on differentially private releases, per organisation and dataset.

-- Work a migration cannot do in SQL (facets are computed from the decoded record): the store
-- does it at its next opening and deletes the row.
CREATE TABLE store_tasks (
    name  TEXT PRIMARY KEY
);
INSERT INTO store_tasks (name) VALUES ('facets:age_band,month');

CREATE TABLE privacy_releases (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    dataset     TEXT NOT NULL,
    epsilon     REAL NOT NULL CHECK (epsilon > 0),
    dimensions  TEXT NOT NULL,
    released_by TEXT NOT NULL,
    released_at TEXT NOT NULL
);
CREATE INDEX privacy_releases_by_dataset ON privacy_releases(org_id, dataset);
