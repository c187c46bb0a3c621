-- A case's facet values are kept only as the one text beside it (`cases.facet_values`, since
-- 0024): what selected by one facet (facet grants, counts and cross-tabulations by facet) reads
-- that text, so the table of facet rows — about eighteen rows per case, half of what storing an
-- import cost — is no longer written or read. Its trigger goes first: it deletes from the table.
DROP TRIGGER IF EXISTS case_facets_follow_their_case;
DROP TABLE case_facets;
