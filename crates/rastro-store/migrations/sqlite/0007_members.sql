-- Members: organisations have a kind and a country; users belong to one organisation and act in
-- one role; API tokens are stored as hashes, scoped to a role, expiring and revocable. Logins that
-- fail are counted per user, and too many lock the user out for a while.

ALTER TABLE organisations ADD COLUMN kind TEXT NOT NULL DEFAULT 'ngo'
    CHECK (kind IN ('ngo', 'shelter', 'police', 'prosecutor', 'ministry', 'statistics_office',
                    'financial', 'hub'));
ALTER TABLE organisations ADD COLUMN country TEXT;     -- ISO 3166-1 alpha-2

CREATE TABLE users (
    id             TEXT PRIMARY KEY,             -- random, 26-character base32
    org_id         TEXT NOT NULL REFERENCES organisations(id),
    name           TEXT NOT NULL UNIQUE,         -- what the user signs in with
    role           TEXT NOT NULL CHECK (role IN ('org_admin', 'caseworker', 'analyst', 'auditor',
                                                 'hub_analyst', 'platform_admin')),
    password_hash  TEXT,                         -- Argon2id PHC string; NULL: tokens only
    created_at     TEXT NOT NULL,
    disabled_at    TEXT,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   TEXT
);
CREATE INDEX users_by_org ON users(org_id);

CREATE TABLE tokens (
    id            TEXT PRIMARY KEY,              -- the token's public part
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    user_id       TEXT NOT NULL REFERENCES users(id),
    secret_hash   TEXT NOT NULL,                 -- SHA-256 of the secret part, hex
    role          TEXT NOT NULL,                 -- at most the user's role
    label         TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    revoked_at    TEXT,
    last_used_at  TEXT
);
CREATE INDEX tokens_by_user ON tokens(user_id);
