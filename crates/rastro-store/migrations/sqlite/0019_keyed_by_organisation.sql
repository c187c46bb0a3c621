-- The rows that hang off a record carry their record's owner (an audit event's accesses, its
-- chain), as in PostgreSQL's 0019, so that the SQL both backends share joins them to their
-- record on the owner too (what keeps those joins on one node of a hub distributed by
-- organisation). SQLite's keys stay as they are: one file is not sharded, so the owner need not
-- lead them. A transaction's id is unique per owner as well, the conflict the shared insert
-- names. The columns cannot be NOT NULL without rebuilding the tables; every insert fills them.
ALTER TABLE case_facets ADD COLUMN org_id TEXT REFERENCES organisations(id);
UPDATE case_facets SET org_id = (SELECT c.org_id FROM cases c WHERE c.pk = case_facets.case_pk);

ALTER TABLE case_secrets ADD COLUMN org_id TEXT REFERENCES organisations(id);
UPDATE case_secrets SET org_id = (SELECT c.org_id FROM cases c WHERE c.pk = case_secrets.case_pk);

ALTER TABLE news_incident_facets ADD COLUMN org_id TEXT REFERENCES organisations(id);
UPDATE news_incident_facets SET org_id =
    (SELECT i.org_id FROM news_incidents i WHERE i.pk = news_incident_facets.incident_pk);

ALTER TABLE alert_transactions ADD COLUMN org_id TEXT REFERENCES organisations(id);
UPDATE alert_transactions SET org_id =
    (SELECT a.org_id FROM alerts a WHERE a.pk = alert_transactions.alert_pk);

ALTER TABLE audit_access ADD COLUMN chain TEXT;
UPDATE audit_access SET chain = (SELECT e.chain FROM audit_events e WHERE e.id = audit_access.event_id);

CREATE UNIQUE INDEX transactions_by_org_and_id ON transactions (org_id, id);

-- A referral keeps the public id of the case its receiver opened from it (see PostgreSQL's 0019).
ALTER TABLE referrals ADD COLUMN receiver_case_id TEXT;
UPDATE referrals SET receiver_case_id =
    (SELECT c.id FROM cases c WHERE c.pk = referrals.receiver_case_pk);
