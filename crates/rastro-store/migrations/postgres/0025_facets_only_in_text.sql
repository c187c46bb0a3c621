-- A case's facet values are kept only as the one text beside it (`cases.facet_values`, since
-- 0024): what selected by one facet (facet grants, counts and cross-tabulations by facet) reads
-- that text, so the table of facet rows — about eighteen rows per case, half of what storing an
-- import cost — is no longer written or read.
DROP TABLE case_facets;
-- The visibility rule, shared with SQLite, finds a facet's value in that text with SQLite's
-- `instr` (the position of a text in another, 0 when absent), which PostgreSQL names `strpos`.
-- Written in SQL so that the planner inlines it.
CREATE OR REPLACE FUNCTION instr(haystack text, needle text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS 'SELECT strpos(haystack, needle)';
