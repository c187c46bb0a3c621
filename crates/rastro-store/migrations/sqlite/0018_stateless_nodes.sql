-- What a server node must not keep to itself. A queued import's file, sealed under its
-- organisation's data key (bound to the job's id), so that a worker on any machine can read it
-- and the database holds nothing readable without the key file; deleted when its job ends.
CREATE TABLE job_files (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE REFERENCES jobs(id),
    org_id TEXT NOT NULL REFERENCES organisations(id),
    key_version INTEGER NOT NULL,
    sealed BLOB NOT NULL
);
CREATE INDEX job_files_by_org ON job_files (org_id, key_version);

-- Requests per user (a token's id) and minute, summed over the nodes: each node adds what it
-- counted at most once a second, so a user over the limit on the sum is refused by every node.
CREATE TABLE rate_counts (
    user_id TEXT NOT NULL,
    minute INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (user_id, minute)
);
CREATE INDEX rate_counts_by_minute ON rate_counts (minute);
