-- A case's facet rows are written only by the store, in the transaction that inserts their
-- case, with the key SQLite just handed out and the case's own owner: checking both against
-- their parents again for every row (a case has about eighteen) cost as much as storing the
-- rows, the largest part of an import. The table is rebuilt without the two foreign keys
-- (SQLite cannot drop one in place); the cascade that removed a case's facets with it becomes
-- a trigger, so deleting a case still takes its facets. PostgreSQL's 0023 changes nothing, so
-- that the numbers stay in step (its owner key went in its 0021; its composite key to the case
-- stays, checked once per batch by COPY).
CREATE TABLE case_facets_unchecked (
    case_pk  INTEGER NOT NULL,
    facet    TEXT NOT NULL,
    value    TEXT NOT NULL,
    org_id   TEXT,
    PRIMARY KEY (case_pk, facet, value)
) WITHOUT ROWID;
INSERT INTO case_facets_unchecked (case_pk, facet, value, org_id)
    SELECT case_pk, facet, value, org_id FROM case_facets;
DROP TABLE case_facets;
ALTER TABLE case_facets_unchecked RENAME TO case_facets;

CREATE TRIGGER case_facets_follow_their_case AFTER DELETE ON cases
BEGIN
    DELETE FROM case_facets WHERE case_pk = old.pk;
END;
