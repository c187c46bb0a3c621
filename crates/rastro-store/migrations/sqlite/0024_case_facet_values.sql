-- A case's facet values kept beside it as one text ("facet" U+001F "value", pairs separated by
-- U+001E), written with the case: statistics read one row per case instead of joining about
-- eighteen facet rows each, which made a node's first read of 100,000 cases 1.8 million rows.
-- `case_facets` stays for what selects by one facet (facet grants, counts by facet). Cases
-- stored before are given their text here, from their facet rows.
ALTER TABLE cases ADD COLUMN facet_values TEXT NOT NULL DEFAULT '';
UPDATE cases SET facet_values = COALESCE(
    (SELECT group_concat(f.facet || char(31) || f.value, char(30))
     FROM case_facets f WHERE f.case_pk = cases.pk),
    '');
