//! Consents as both backends store them: the HTCDS checkboxes that become consent records, and a
//! consent's columns turned into the api's [`ConsentInfo`].

use crate::api::access::OrgKind;
use crate::api::consents::ConsentInfo;
use crate::api::grants::Grantee;

/// HTCDS's consent checkboxes: the bit a case keeps, the field, and the consent it stands for
/// (to the owning organisation).
pub(crate) const HTCDS_CONSENTS: [(i64, &str, &str); 2] = [
    (1, "con_Consent", "interview and case management"),
    (
        2,
        "vic_AgreementToManagePersonalData",
        "management of personal data",
    ),
];

/// The evidence of a consent read from a case's HTCDS field: where it came from.
pub(crate) fn htcds_evidence(field: &str, row: i64, import: &str) -> String {
    format!("HTCDS {field}, row {row} of import {import}")
}

/// A consent's columns as `sql::grants::consents` lists them, read by a backend.
pub(crate) struct ConsentRow {
    pub id: String,
    pub case_id: String,
    pub grantee_name: Option<String>,
    pub grantee_kind: Option<String>,
    pub purpose: String,
    pub evidence: String,
    pub given_at: String,
    pub withdrawn_at: Option<String>,
    pub source: String,
}

impl ConsentRow {
    pub fn into_info(self) -> ConsentInfo {
        let to = match (self.grantee_name, self.grantee_kind.as_deref()) {
            (Some(name), _) => Grantee::Organisation(name),
            // The schema allows only known kinds; the fallback is the least trusted one.
            (None, Some(k)) if k != "any" => {
                Grantee::Kind(OrgKind::parse(k).unwrap_or(OrgKind::Ngo))
            }
            _ => Grantee::Everyone,
        };
        ConsentInfo {
            id: self.id,
            case_id: self.case_id,
            to,
            purpose: self.purpose,
            evidence: self.evidence,
            given_at: self.given_at,
            withdrawn_at: self.withdrawn_at,
            source: self.source,
        }
    }
}
