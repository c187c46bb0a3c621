-- A linkage or event run names records that other organisations shared with the one that ran
-- it. Read by the run's organisation alone, its members had to be joined to those records
-- across organisations, which a cluster distributed by organisation cannot do. Each member now
-- carries the owner of the record it names (`record_org_id`) and is placed with that record, so
-- every read of a run joins rows that sit together; the run's organisation stays a column.
-- A decision names two records, perhaps of two owners: it carries both owners, and is read in
-- two steps (the organisation's decisions, then the records by owner and key).
ALTER TABLE linkage_members ADD COLUMN record_org_id TEXT COLLATE "C";
UPDATE linkage_members m SET record_org_id = c.org_id FROM cases c WHERE c.pk = m.case_pk;
DELETE FROM linkage_members WHERE record_org_id IS NULL;
ALTER TABLE linkage_members ALTER COLUMN record_org_id SET NOT NULL;
ALTER TABLE linkage_members DROP CONSTRAINT linkage_members_org_id_run_id_fkey;
ALTER TABLE linkage_members DROP CONSTRAINT linkage_members_pkey,
    ADD PRIMARY KEY (record_org_id, case_pk, org_id, run_id);
ALTER TABLE linkage_members ADD FOREIGN KEY (record_org_id, case_pk)
    REFERENCES cases (org_id, pk);
DROP INDEX linkage_members_by_entity;
CREATE INDEX linkage_members_by_entity ON linkage_members (org_id, run_id, entity_id);

ALTER TABLE news_event_members ADD COLUMN record_org_id TEXT COLLATE "C";
UPDATE news_event_members m SET record_org_id = a.org_id
    FROM news_articles a WHERE a.pk = m.article_pk;
DELETE FROM news_event_members WHERE record_org_id IS NULL;
ALTER TABLE news_event_members ALTER COLUMN record_org_id SET NOT NULL;
ALTER TABLE news_event_members DROP CONSTRAINT news_event_members_org_id_run_id_fkey;
ALTER TABLE news_event_members DROP CONSTRAINT news_event_members_pkey,
    ADD PRIMARY KEY (record_org_id, article_pk, org_id, run_id);
ALTER TABLE news_event_members ADD FOREIGN KEY (record_org_id, article_pk)
    REFERENCES news_articles (org_id, pk);
DROP INDEX news_event_members_by_event;
CREATE INDEX news_event_members_by_event ON news_event_members (org_id, run_id, event_id);

ALTER TABLE linkage_decisions ADD COLUMN left_org_id TEXT COLLATE "C",
    ADD COLUMN right_org_id TEXT COLLATE "C";
UPDATE linkage_decisions d SET left_org_id = l.org_id FROM cases l WHERE l.pk = d.left_pk;
UPDATE linkage_decisions d SET right_org_id = r.org_id FROM cases r WHERE r.pk = d.right_pk;
DELETE FROM linkage_decisions WHERE left_org_id IS NULL OR right_org_id IS NULL;
ALTER TABLE linkage_decisions ALTER COLUMN left_org_id SET NOT NULL,
    ALTER COLUMN right_org_id SET NOT NULL;
CREATE INDEX linkage_decisions_by_left_owner ON linkage_decisions (left_org_id);
CREATE INDEX linkage_decisions_by_right_owner ON linkage_decisions (right_org_id);

ALTER TABLE news_event_decisions ADD COLUMN left_org_id TEXT COLLATE "C",
    ADD COLUMN right_org_id TEXT COLLATE "C";
UPDATE news_event_decisions d SET left_org_id = l.org_id
    FROM news_articles l WHERE l.pk = d.left_pk;
UPDATE news_event_decisions d SET right_org_id = r.org_id
    FROM news_articles r WHERE r.pk = d.right_pk;
DELETE FROM news_event_decisions WHERE left_org_id IS NULL OR right_org_id IS NULL;
ALTER TABLE news_event_decisions ALTER COLUMN left_org_id SET NOT NULL,
    ALTER COLUMN right_org_id SET NOT NULL;
CREATE INDEX news_event_decisions_by_left_owner ON news_event_decisions (left_org_id);
CREATE INDEX news_event_decisions_by_right_owner ON news_event_decisions (right_org_id);
