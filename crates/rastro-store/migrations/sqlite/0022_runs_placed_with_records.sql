-- Each run member carries the owner of the record it names, and each decision the owners of
-- its two records, as in PostgreSQL's 0022, where members are placed with their records so that
-- a cluster distributed by organisation never joins rows of two organisations. The SQL both
-- backends share reads these columns.
ALTER TABLE linkage_members ADD COLUMN record_org_id TEXT REFERENCES organisations(id);
UPDATE linkage_members SET record_org_id = (SELECT c.org_id FROM cases c WHERE c.pk = case_pk);
CREATE INDEX linkage_members_by_record ON linkage_members (record_org_id, case_pk, run_id);

ALTER TABLE news_event_members ADD COLUMN record_org_id TEXT REFERENCES organisations(id);
UPDATE news_event_members
    SET record_org_id = (SELECT a.org_id FROM news_articles a WHERE a.pk = article_pk);
CREATE INDEX news_event_members_by_record ON news_event_members (record_org_id, article_pk, run_id);

ALTER TABLE linkage_decisions ADD COLUMN left_org_id TEXT REFERENCES organisations(id);
ALTER TABLE linkage_decisions ADD COLUMN right_org_id TEXT REFERENCES organisations(id);
UPDATE linkage_decisions SET
    left_org_id = (SELECT c.org_id FROM cases c WHERE c.pk = left_pk),
    right_org_id = (SELECT c.org_id FROM cases c WHERE c.pk = right_pk);
CREATE INDEX linkage_decisions_by_left_owner ON linkage_decisions (left_org_id);
CREATE INDEX linkage_decisions_by_right_owner ON linkage_decisions (right_org_id);

ALTER TABLE news_event_decisions ADD COLUMN left_org_id TEXT REFERENCES organisations(id);
ALTER TABLE news_event_decisions ADD COLUMN right_org_id TEXT REFERENCES organisations(id);
UPDATE news_event_decisions SET
    left_org_id = (SELECT a.org_id FROM news_articles a WHERE a.pk = left_pk),
    right_org_id = (SELECT a.org_id FROM news_articles a WHERE a.pk = right_pk);
CREATE INDEX news_event_decisions_by_left_owner ON news_event_decisions (left_org_id);
CREATE INDEX news_event_decisions_by_right_owner ON news_event_decisions (right_org_id);
