-- A row that hangs off a record (a case's facets and sealed parts, an incident's facets, an
-- alert's transactions) carries its owner since 0019, and its composite foreign key to the
-- record already ties that owner to an organisation. The separate key from the owner to
-- `organisations` checked the same thing again for every row, and checking it cost about a
-- third of storing a case's facets; it is dropped. SQLite's 0021 changes nothing (dropping a
-- key there means rebuilding the table), so that the numbers stay in step.
ALTER TABLE case_facets DROP CONSTRAINT case_facets_org_id_fkey;
ALTER TABLE case_secrets DROP CONSTRAINT case_secrets_org_id_fkey;
ALTER TABLE news_incident_facets DROP CONSTRAINT news_incident_facets_org_id_fkey;
ALTER TABLE alert_transactions DROP CONSTRAINT alert_transactions_org_id_fkey;
