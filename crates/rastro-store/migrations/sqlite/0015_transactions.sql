-- Transactions and the alerts raised on them. Both belong to the organisation that imported or
-- raised them and are not shared (grants do not name them). A transaction keeps its time in the
-- clear, so that it sorts and `--since` reads a span; everything else (accounts, names, contact,
-- description, amount, channel, places) is sealed under its owner's data key `key_version`
-- with owner and id bound, as a case's personal part is. Accounts and the contact are also kept
-- as keyed blind indexes under the owner's index key, so that equal values are found without
-- reading them (by a scan of the owner's rows: an index per column would cost a third of the
-- import's speed). A transaction's id is a MAC of its content fingerprint under the same key,
-- written like a random id: the same transaction imported again has the same id and adds
-- nothing, the id confirms no guess, and one unique index serves both lookups and re-imports.

-- An import is of cases or of transactions; an unfinished one is resumed by its own kind only.
ALTER TABLE imports ADD COLUMN kind TEXT NOT NULL DEFAULT 'case'
    CHECK (kind IN ('case', 'transaction'));

CREATE TABLE transactions (
    pk              INTEGER PRIMARY KEY,        -- internal; never leaves the store
    id              TEXT NOT NULL UNIQUE,       -- public id, keyed (see above)
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    import_id       TEXT NOT NULL REFERENCES imports(id),
    source_row      INTEGER NOT NULL,
    at              INTEGER NOT NULL,           -- seconds since 1970 (UTC)
    utc_offset      INTEGER NOT NULL,           -- minutes east of UTC of the clock that wrote it
    key_version     INTEGER NOT NULL,
    sealed          BLOB NOT NULL,
    debtor_index    BLOB,
    creditor_index  BLOB,
    contact_index   BLOB
);
CREATE INDEX transactions_by_time ON transactions(org_id, at);

-- An alert, frozen when it was raised: the catalogue's version, the typology, the subject (an
-- account or a party, as a blind index; the subject itself is in the sealed part), the score and
-- band, the rules that fired with their values and the watchlist matches of its parties (sealed),
-- and the transactions that made it fire (`alert_transactions`). `alert_key` is a MAC of the
-- engine's alert id: the same data and catalogue raise the same alert, stored once.
CREATE TABLE alerts (
    pk                 INTEGER PRIMARY KEY,
    id                 TEXT NOT NULL UNIQUE,
    org_id             TEXT NOT NULL REFERENCES organisations(id),
    alert_key          BLOB NOT NULL,
    catalogue_version  TEXT NOT NULL,
    typology           TEXT NOT NULL,
    subject_kind       TEXT NOT NULL CHECK (subject_kind IN ('account', 'party')),
    subject_index      BLOB NOT NULL,
    score              REAL NOT NULL,
    band               TEXT NOT NULL CHECK (band IN ('low', 'medium', 'high')),
    raised_at          INTEGER NOT NULL,        -- the raising transaction's time (UTC seconds)
    created_at         TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'reviewed', 'dismissed', 'reported')),
    key_version        INTEGER NOT NULL,
    sealed             BLOB NOT NULL,
    UNIQUE (org_id, alert_key)
);
CREATE INDEX alerts_by_time ON alerts(org_id, raised_at);
CREATE INDEX alerts_by_subject ON alerts(subject_index);

CREATE TABLE alert_transactions (
    alert_pk        INTEGER NOT NULL REFERENCES alerts(pk),
    transaction_pk  INTEGER NOT NULL REFERENCES transactions(pk),
    PRIMARY KEY (alert_pk, transaction_pk)
) WITHOUT ROWID;
