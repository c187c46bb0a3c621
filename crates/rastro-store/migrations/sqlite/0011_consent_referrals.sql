-- Consent is a record of its own: whose (the person of a case), to which organisation or kind of
-- organisation, for which purpose, given or withdrawn and when, with a reference to its evidence
-- (a form number or a file, never the person's name). A grant may rest on one; withdrawing it
-- revokes those grants in the same transaction.
--
-- Referrals move a case from one organisation to another: draft, sent (a grant of the case in
-- full to the receiver), accepted, rejected, withdrawn or expired (the grant revoked), and an
-- accepted one closed with its outcome. The receiver may open its own case from it.

CREATE TABLE consents (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations(id),   -- who recorded it (the case's owner)
    case_pk       INTEGER NOT NULL REFERENCES cases(pk),
    grantee_org_id TEXT REFERENCES organisations(id),
    grantee_kind  TEXT,                                          -- an organisation kind, or 'any'
    purpose       TEXT NOT NULL,
    evidence      TEXT NOT NULL,
    given_at      TEXT NOT NULL,
    withdrawn_at  TEXT,
    recorded_by   TEXT NOT NULL,
    source        TEXT NOT NULL CHECK (source IN ('recorded', 'import')),
    CHECK ((grantee_org_id IS NULL) <> (grantee_kind IS NULL))
);
CREATE INDEX consents_by_case ON consents(case_pk);

-- HTCDS's consent checkboxes of an imported case (1: con_Consent, 2: the deprecated
-- vic_AgreementToManagePersonalData), kept on the case until its consents are first listed,
-- when they become consent records: most imported cases have them ticked, and a record apiece at
-- import would cost as much as the case itself.
ALTER TABLE cases ADD COLUMN htcds_consent INTEGER NOT NULL DEFAULT 0;

CREATE TABLE referrals (
    id               TEXT PRIMARY KEY,
    case_pk          INTEGER NOT NULL REFERENCES cases(pk),
    from_org_id      TEXT NOT NULL REFERENCES organisations(id),
    to_org_id        TEXT NOT NULL REFERENCES organisations(id),
    purpose          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'accepted', 'rejected',
                                                     'withdrawn', 'expired', 'closed')),
    consent_id       TEXT REFERENCES consents(id),
    override_reason  TEXT,
    grant_id         TEXT REFERENCES grants(id),
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    sent_at          TEXT,
    expires_at       TEXT,
    decided_at       TEXT,
    decision_reason  TEXT,
    closed_at        TEXT,
    outcome          TEXT,
    receiver_case_pk INTEGER REFERENCES cases(pk)
);
CREATE INDEX referrals_to ON referrals(to_org_id, status);
CREATE INDEX referrals_from ON referrals(from_org_id, status);
