-- Every categorical HTCDS field that describes a case without identifying anyone (methods of
-- recruitment and control, vulnerabilities, relationship to the trafficker, trafficking status,
-- perpetrators' roles, case status, referral reasons, support plan) becomes a facet, so that
-- statistics break cases down by any of them. Facets are computed from the decoded record: the
-- store adds them to cases stored before at its next opening, and deletes this row.
INSERT INTO store_tasks (name) VALUES ('facets:htcds');
