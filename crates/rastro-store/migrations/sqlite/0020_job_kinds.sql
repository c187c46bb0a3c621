-- Every long job kind runs on the queue: news ingestion, an extraction backlog, linkage and
-- event runs and statistics releases beside case imports. SQLite cannot change a CHECK in
-- place, so the jobs table is rebuilt with the wider one and every job copied as it was.
--
-- A queued job's file points at its job. Dropping the old table orphans it for a moment, which
-- the deferred foreign-key check counts; copying the jobs back into the renamed table matches
-- every file to its job again before the migration commits (and the commit fails, changing
-- nothing, if any job were lost).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE jobs_v20 (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    user_name TEXT NOT NULL,
    role TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('import_cases', 'ingest_news', 'extract_news',
                                       'link_persons', 'link_events', 'release')),
    input TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 3,
    worker TEXT,
    lease_until TEXT,
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER,
    result TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);

CREATE TEMP TABLE jobs_kept AS SELECT * FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_v20 RENAME TO jobs;
INSERT INTO jobs (pk, id, org_id, user_name, role, kind, input, status, attempts, max_attempts,
                  worker, lease_until, done, total, result, error, created_at, started_at,
                  finished_at)
SELECT pk, id, org_id, user_name, role, kind, input, status, attempts, max_attempts, worker,
       lease_until, done, total, result, error, created_at, started_at, finished_at
FROM temp.jobs_kept;
DROP TABLE temp.jobs_kept;

CREATE INDEX jobs_waiting ON jobs (status, pk);
CREATE INDEX jobs_by_org ON jobs (org_id, pk);
