-- Every table that holds an organisation's rows carries the owner in its primary key, its
-- unique constraints and its foreign keys to other such tables, so that the schema can be
-- distributed by organisation with Citus unchanged (docs/deployment.md lists where each table
-- goes; `crate::postgres::distribution` is that list, and a test holds the catalogue to it).
-- Citus shards a table by one column and enforces a key only within a shard, so a key must
-- include that column; a foreign key between sharded tables must pair their shard columns.
--
-- Rows that hang off a record (facets, secrets, an alert's transactions, an audit event's
-- accesses) gain their record's owner (or chain), copied from the parent. Public ids are
-- random, so they stay unique in practice; they are unique per organisation here, with a plain
-- index for reads by id. Members and decisions of a linkage or event run belong to the
-- organisation that ran it but may name records another organisation shared with it, and a
-- referral's receiver case is the receiver's: those references lose their foreign key (records
-- are never deleted, and what an owner stops sharing is withdrawn from others' runs by the
-- store itself). SQLite's 0019 adds the same columns, so both backends share the same SQL; its
-- keys stay as they are (one file is not sharded).

-- The foreign keys that pointed at keys about to change, or that cross organisations.
ALTER TABLE cases DROP CONSTRAINT cases_import_id_fkey;
ALTER TABLE transactions DROP CONSTRAINT transactions_import_id_fkey;
ALTER TABLE case_facets DROP CONSTRAINT case_facets_case_pk_fkey;
ALTER TABLE case_secrets DROP CONSTRAINT case_secrets_case_pk_fkey;
ALTER TABLE consents DROP CONSTRAINT consents_case_pk_fkey;
ALTER TABLE news_incidents DROP CONSTRAINT news_incidents_article_pk_fkey;
ALTER TABLE news_incident_facets DROP CONSTRAINT news_incident_facets_incident_pk_fkey;
ALTER TABLE watchlist_entries DROP CONSTRAINT watchlist_entries_list_pk_fkey;
ALTER TABLE linkage_members DROP CONSTRAINT linkage_members_run_id_fkey;
ALTER TABLE linkage_members DROP CONSTRAINT linkage_members_case_pk_fkey;
ALTER TABLE linkage_decisions DROP CONSTRAINT linkage_decisions_left_pk_fkey;
ALTER TABLE linkage_decisions DROP CONSTRAINT linkage_decisions_right_pk_fkey;
ALTER TABLE news_event_members DROP CONSTRAINT news_event_members_run_id_fkey;
ALTER TABLE news_event_members DROP CONSTRAINT news_event_members_article_pk_fkey;
ALTER TABLE news_event_decisions DROP CONSTRAINT news_event_decisions_left_pk_fkey;
ALTER TABLE news_event_decisions DROP CONSTRAINT news_event_decisions_right_pk_fkey;
ALTER TABLE referrals DROP CONSTRAINT referrals_case_pk_fkey;
ALTER TABLE referrals DROP CONSTRAINT referrals_consent_id_fkey;
ALTER TABLE referrals DROP CONSTRAINT referrals_grant_id_fkey;
ALTER TABLE referrals DROP CONSTRAINT referrals_receiver_case_pk_fkey;
ALTER TABLE alert_transactions DROP CONSTRAINT alert_transactions_alert_pk_fkey;
ALTER TABLE alert_transactions DROP CONSTRAINT alert_transactions_transaction_pk_fkey;
ALTER TABLE alert_reviews DROP CONSTRAINT alert_reviews_alert_pk_fkey;
ALTER TABLE job_files DROP CONSTRAINT job_files_id_fkey;
ALTER TABLE audit_access DROP CONSTRAINT audit_access_event_id_fkey;

-- The owner of rows that hang off a record, from the record.
ALTER TABLE case_facets ADD COLUMN org_id TEXT COLLATE "C" REFERENCES organisations(id);
UPDATE case_facets f SET org_id = c.org_id FROM cases c WHERE c.pk = f.case_pk;
ALTER TABLE case_facets ALTER COLUMN org_id SET NOT NULL;

ALTER TABLE case_secrets ADD COLUMN org_id TEXT COLLATE "C" REFERENCES organisations(id);
UPDATE case_secrets s SET org_id = c.org_id FROM cases c WHERE c.pk = s.case_pk;
ALTER TABLE case_secrets ALTER COLUMN org_id SET NOT NULL;

ALTER TABLE news_incident_facets ADD COLUMN org_id TEXT COLLATE "C" REFERENCES organisations(id);
UPDATE news_incident_facets f SET org_id = i.org_id FROM news_incidents i WHERE i.pk = f.incident_pk;
ALTER TABLE news_incident_facets ALTER COLUMN org_id SET NOT NULL;

ALTER TABLE alert_transactions ADD COLUMN org_id TEXT COLLATE "C" REFERENCES organisations(id);
UPDATE alert_transactions x SET org_id = a.org_id FROM alerts a WHERE a.pk = x.alert_pk;
ALTER TABLE alert_transactions ALTER COLUMN org_id SET NOT NULL;

ALTER TABLE audit_access ADD COLUMN chain TEXT COLLATE "C";
UPDATE audit_access x SET chain = e.chain FROM audit_events e WHERE e.id = x.event_id;
ALTER TABLE audit_access ALTER COLUMN chain SET NOT NULL;

-- Primary keys and unique constraints with the owner first. A public id keeps a plain index,
-- for reads by id that do not know the owner.
ALTER TABLE imports DROP CONSTRAINT imports_pkey, ADD PRIMARY KEY (org_id, id);

ALTER TABLE cases DROP CONSTRAINT cases_pkey, ADD PRIMARY KEY (org_id, pk);
ALTER TABLE cases DROP CONSTRAINT cases_id_key, ADD CONSTRAINT cases_org_id_id_key UNIQUE (org_id, id);
CREATE INDEX cases_by_id ON cases (id);
-- Reads of many records walk them in key order whoever owns them, visibility stamps read the
-- highest key, and a few reads find a record by its key: the key keeps an index of its own.
CREATE INDEX cases_by_pk ON cases (pk);

ALTER TABLE case_facets DROP CONSTRAINT case_facets_pkey,
    ADD PRIMARY KEY (org_id, case_pk, facet, value);
ALTER TABLE case_secrets DROP CONSTRAINT case_secrets_pkey, ADD PRIMARY KEY (org_id, case_pk);

ALTER TABLE news_articles DROP CONSTRAINT news_articles_pkey, ADD PRIMARY KEY (org_id, pk);
ALTER TABLE news_articles DROP CONSTRAINT news_articles_id_key,
    ADD CONSTRAINT news_articles_org_id_id_key UNIQUE (org_id, id);
CREATE INDEX news_articles_by_id ON news_articles (id);
CREATE INDEX news_articles_by_pk ON news_articles (pk);

ALTER TABLE news_incidents DROP CONSTRAINT news_incidents_pkey, ADD PRIMARY KEY (org_id, pk);
ALTER TABLE news_incidents DROP CONSTRAINT news_incidents_id_key,
    ADD CONSTRAINT news_incidents_org_id_id_key UNIQUE (org_id, id);
ALTER TABLE news_incidents DROP CONSTRAINT news_incidents_article_pk_key,
    ADD CONSTRAINT news_incidents_org_id_article_pk_key UNIQUE (org_id, article_pk);
CREATE INDEX news_incidents_by_article ON news_incidents (article_pk);
CREATE INDEX news_incidents_by_pk ON news_incidents (pk);

ALTER TABLE news_incident_facets DROP CONSTRAINT news_incident_facets_pkey,
    ADD PRIMARY KEY (org_id, incident_pk, facet, value);

ALTER TABLE watchlists DROP CONSTRAINT watchlists_pkey, ADD PRIMARY KEY (org_id, pk);
ALTER TABLE watchlists DROP CONSTRAINT watchlists_id_key,
    ADD CONSTRAINT watchlists_org_id_id_key UNIQUE (org_id, id);
CREATE INDEX watchlists_by_id ON watchlists (id);
CREATE INDEX watchlists_by_pk ON watchlists (pk);

ALTER TABLE watchlist_entries DROP CONSTRAINT watchlist_entries_pkey, ADD PRIMARY KEY (org_id, pk);
ALTER TABLE watchlist_entries DROP CONSTRAINT watchlist_entries_id_key,
    ADD CONSTRAINT watchlist_entries_org_id_id_key UNIQUE (org_id, id);

ALTER TABLE linkage_runs DROP CONSTRAINT linkage_runs_pkey, ADD PRIMARY KEY (org_id, id);
ALTER TABLE linkage_members DROP CONSTRAINT linkage_members_pkey,
    ADD PRIMARY KEY (org_id, run_id, case_pk);
ALTER TABLE linkage_decisions DROP CONSTRAINT linkage_decisions_pkey, ADD PRIMARY KEY (org_id, id);

ALTER TABLE news_event_runs DROP CONSTRAINT news_event_runs_pkey, ADD PRIMARY KEY (org_id, id);
ALTER TABLE news_event_members DROP CONSTRAINT news_event_members_pkey,
    ADD PRIMARY KEY (org_id, run_id, article_pk);
ALTER TABLE news_event_decisions DROP CONSTRAINT news_event_decisions_pkey,
    ADD PRIMARY KEY (org_id, id);

ALTER TABLE consents DROP CONSTRAINT consents_pkey, ADD PRIMARY KEY (org_id, id);
CREATE INDEX consents_by_id ON consents (id);
ALTER TABLE grants DROP CONSTRAINT grants_pkey, ADD PRIMARY KEY (org_id, id);
CREATE INDEX grants_by_id ON grants (id);
ALTER TABLE referrals DROP CONSTRAINT referrals_pkey, ADD PRIMARY KEY (from_org_id, id);
CREATE INDEX referrals_by_id ON referrals (id);
ALTER TABLE privacy_releases DROP CONSTRAINT privacy_releases_pkey, ADD PRIMARY KEY (org_id, id);

ALTER TABLE transactions DROP CONSTRAINT transactions_pkey, ADD PRIMARY KEY (org_id, pk);
ALTER TABLE transactions DROP CONSTRAINT transactions_id_key,
    ADD CONSTRAINT transactions_org_id_id_key UNIQUE (org_id, id);
CREATE INDEX transactions_by_id ON transactions (id);
CREATE INDEX transactions_by_pk ON transactions (pk);

ALTER TABLE alerts DROP CONSTRAINT alerts_pkey, ADD PRIMARY KEY (org_id, pk);
ALTER TABLE alerts DROP CONSTRAINT alerts_id_key, ADD CONSTRAINT alerts_org_id_id_key UNIQUE (org_id, id);
CREATE INDEX alerts_by_id ON alerts (id);
CREATE INDEX alerts_by_pk ON alerts (pk);
ALTER TABLE alert_transactions DROP CONSTRAINT alert_transactions_pkey,
    ADD PRIMARY KEY (org_id, alert_pk, transaction_pk);
ALTER TABLE alert_reviews DROP CONSTRAINT alert_reviews_pkey, ADD PRIMARY KEY (org_id, pk);
ALTER TABLE alert_reviews DROP CONSTRAINT alert_reviews_id_key,
    ADD CONSTRAINT alert_reviews_org_id_id_key UNIQUE (org_id, id);

ALTER TABLE jobs DROP CONSTRAINT jobs_pkey, ADD PRIMARY KEY (org_id, pk);
ALTER TABLE jobs DROP CONSTRAINT jobs_id_key, ADD CONSTRAINT jobs_org_id_id_key UNIQUE (org_id, id);
CREATE INDEX jobs_by_id ON jobs (id);
ALTER TABLE job_files DROP CONSTRAINT job_files_pkey, ADD PRIMARY KEY (org_id, pk);
ALTER TABLE job_files DROP CONSTRAINT job_files_id_key,
    ADD CONSTRAINT job_files_org_id_id_key UNIQUE (org_id, id);

ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey, ADD PRIMARY KEY (chain, id);
CREATE INDEX audit_events_by_id ON audit_events (id);

-- Foreign keys between an organisation's rows pair the owner as well.
ALTER TABLE cases ADD FOREIGN KEY (org_id, import_id) REFERENCES imports (org_id, id);
ALTER TABLE transactions ADD FOREIGN KEY (org_id, import_id) REFERENCES imports (org_id, id);
ALTER TABLE case_facets ADD FOREIGN KEY (org_id, case_pk) REFERENCES cases (org_id, pk)
    ON DELETE CASCADE;
ALTER TABLE case_secrets ADD FOREIGN KEY (org_id, case_pk) REFERENCES cases (org_id, pk);
ALTER TABLE consents ADD FOREIGN KEY (org_id, case_pk) REFERENCES cases (org_id, pk);
ALTER TABLE news_incidents ADD FOREIGN KEY (org_id, article_pk)
    REFERENCES news_articles (org_id, pk) ON DELETE CASCADE;
ALTER TABLE news_incident_facets ADD FOREIGN KEY (org_id, incident_pk)
    REFERENCES news_incidents (org_id, pk) ON DELETE CASCADE;
ALTER TABLE watchlist_entries ADD FOREIGN KEY (org_id, list_pk) REFERENCES watchlists (org_id, pk)
    ON DELETE CASCADE;
ALTER TABLE linkage_members ADD FOREIGN KEY (org_id, run_id) REFERENCES linkage_runs (org_id, id)
    ON DELETE CASCADE;
ALTER TABLE news_event_members ADD FOREIGN KEY (org_id, run_id)
    REFERENCES news_event_runs (org_id, id) ON DELETE CASCADE;
ALTER TABLE referrals ADD FOREIGN KEY (from_org_id, case_pk) REFERENCES cases (org_id, pk);
ALTER TABLE referrals ADD FOREIGN KEY (from_org_id, consent_id) REFERENCES consents (org_id, id);
ALTER TABLE referrals ADD FOREIGN KEY (from_org_id, grant_id) REFERENCES grants (org_id, id);
ALTER TABLE alert_transactions ADD FOREIGN KEY (org_id, alert_pk) REFERENCES alerts (org_id, pk);
ALTER TABLE alert_transactions ADD FOREIGN KEY (org_id, transaction_pk)
    REFERENCES transactions (org_id, pk);
ALTER TABLE alert_reviews ADD FOREIGN KEY (org_id, alert_pk) REFERENCES alerts (org_id, pk);
ALTER TABLE job_files ADD FOREIGN KEY (org_id, id) REFERENCES jobs (org_id, id);
ALTER TABLE audit_access ADD FOREIGN KEY (chain, event_id) REFERENCES audit_events (chain, id);

-- The change counter (`store_changes`) is moved by the store in the changing transaction
-- (grants given, changed or revoked; runs stored): a trigger on a table sharded by organisation
-- cannot write a table every node reads. Rastro never deletes cases or incidents; one deleted
-- by hand must be followed by `UPDATE store_changes SET n = n + 1`, as the guide says.
DROP TRIGGER count_case_deletes ON cases;
DROP TRIGGER count_incident_deletes ON news_incidents;
DROP TRIGGER count_event_runs ON news_event_runs;
DROP TRIGGER count_linkage_runs ON linkage_runs;
DROP TRIGGER count_grant_inserts ON grants;
DROP TRIGGER count_grant_updates ON grants;
DROP TRIGGER count_grant_deletes ON grants;
DROP FUNCTION count_store_change();

-- A referral keeps the public id of the case its receiver opened from it, so that reading a
-- referral (on the sender's node) needs no join with the receiver's case.
ALTER TABLE referrals ADD COLUMN receiver_case_id TEXT COLLATE "C";
UPDATE referrals r SET receiver_case_id = c.id FROM cases c WHERE c.pk = r.receiver_case_pk;
