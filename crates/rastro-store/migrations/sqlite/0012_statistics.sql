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

-- A counter of every change that can alter what someone may count: cases and incidents added or
-- removed, grants given, revoked or changed, linkage runs stored. Caches of statistics are keyed
-- by it, so reading it must be cheap: one row, kept by triggers in the changes' own transactions.
CREATE TABLE store_changes (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    n   INTEGER NOT NULL
);
INSERT INTO store_changes (id, n) VALUES (1, 0);
CREATE TRIGGER count_case_inserts AFTER INSERT ON cases
    BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER count_case_deletes AFTER DELETE ON cases
    BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER count_incident_inserts AFTER INSERT ON news_incidents
    BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER count_incident_deletes AFTER DELETE ON news_incidents
    BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER count_grant_inserts AFTER INSERT ON grants
    BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER count_grant_updates AFTER UPDATE ON grants
    BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER count_grant_deletes AFTER DELETE ON grants
    BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER count_event_runs AFTER INSERT ON news_event_runs
    BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER count_linkage_runs AFTER INSERT ON linkage_runs
    BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
