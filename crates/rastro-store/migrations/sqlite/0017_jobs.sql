-- Long work queued by a member and done by a worker: what to do (its input names files and
-- options, never a person), whose it is, and how far it got. A worker holds a job for a lease;
-- a job whose lease ran out (its worker died) is taken again, up to max_attempts.
CREATE TABLE jobs (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    user_name TEXT NOT NULL,
    role TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('import_cases')),
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
CREATE INDEX jobs_waiting ON jobs (status, pk);
CREATE INDEX jobs_by_org ON jobs (org_id, pk);
