//! Grants and consents as both backends store and check them: a grant's columns turned into the
//! api's [`GrantInfo`], a recipient as the two columns that hold it, whether a consent covers a
//! recipient and a purpose, and the refusals a new grant meets before any row is written.

use crate::api::access::{Level, OrgKind, RecordKind};
use crate::api::cases::Facet;
use crate::api::grants::{Basis, GrantInfo, GrantTarget, Grantee};
use crate::{Result, StoreError};

/// A grant's columns as `sql::grants::GRANT_COLUMNS` lists them, read by a backend.
pub(crate) struct GrantRow {
    pub id: String,
    pub owner: String,
    pub kind: String,
    pub target: String,
    pub record_id: Option<String>,
    pub facet: Option<String>,
    pub value: Option<String>,
    pub grantee_name: Option<String>,
    pub grantee_kind: Option<String>,
    pub level: i64,
    pub purpose: String,
    pub basis: String,
    pub consent_id: Option<String>,
    pub granted_by: String,
    pub granted_at: String,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    pub active: bool,
}

impl GrantRow {
    /// The grant as the api shows it; a value the schema's checks should have kept out is
    /// reported as a corrupt row rather than guessed.
    pub fn into_info(self) -> Result<GrantInfo> {
        let corrupt = |reason: &str| StoreError::Corrupt {
            id: self.id.clone(),
            reason: reason.to_string(),
        };
        let target = match self.target.as_str() {
            "record" => GrantTarget::Record(self.record_id.clone().unwrap_or_default()),
            "facet" => GrantTarget::Facet {
                facet: self
                    .facet
                    .as_deref()
                    .and_then(Facet::parse)
                    .ok_or_else(|| corrupt("unknown facet"))?,
                value: self
                    .value
                    .clone()
                    .ok_or_else(|| corrupt("a facet grant without its value"))?,
            },
            _ => GrantTarget::All,
        };
        let grantee = match (&self.grantee_name, self.grantee_kind.as_deref()) {
            (Some(name), _) => Grantee::Organisation(name.clone()),
            (None, Some("any")) | (None, None) => Grantee::Everyone,
            (None, Some(k)) => {
                Grantee::Kind(OrgKind::parse(k).ok_or_else(|| corrupt("unknown kind"))?)
            }
        };
        let basis = match self.basis.as_str() {
            "consent" => Basis::Consent(self.consent_id.clone().unwrap_or_default()),
            "legal_duty" => Basis::LegalDuty,
            "public_interest" => Basis::PublicInterest,
            _ => Basis::Agreement,
        };
        let kind = RecordKind::parse(&self.kind).ok_or_else(|| corrupt("unknown record kind"))?;
        let level = Level::from_rank(self.level).ok_or_else(|| corrupt("unknown level"))?;
        Ok(GrantInfo {
            id: self.id,
            owner: self.owner,
            kind,
            target,
            grantee,
            level,
            purpose: self.purpose,
            basis,
            granted_by: self.granted_by,
            granted_at: self.granted_at,
            expires_at: self.expires_at,
            revoked_at: self.revoked_at,
            active: self.active,
        })
    }
}

/// How a recipient (of a grant or a consent) is stored: an organisation's id, which the backend
/// looks up by this name, or the `grantee_kind` column's value (a kind, or `any`).
pub(crate) enum Recipient<'a> {
    Named(&'a str),
    Kind(&'static str),
}

pub(crate) fn recipient(grantee: &Grantee) -> Recipient<'_> {
    match grantee {
        Grantee::Organisation(name) => Recipient::Named(name.trim()),
        Grantee::Kind(kind) => Recipient::Kind(kind.as_str()),
        Grantee::Everyone => Recipient::Kind("any"),
    }
}

/// An active consent's recipient and purpose, as stored.
pub(crate) struct ConsentTerms {
    pub to_org: Option<String>,
    pub to_kind: Option<String>,
    pub purpose: String,
}

impl ConsentTerms {
    /// Whether the consent names this recipient (the organisation itself, its kind, or every
    /// member) and this purpose (as written, whatever the case of its letters).
    pub fn covers(
        &self,
        grantee_org: Option<&str>,
        grantee_kind: Option<&str>,
        recipient_kind: Option<&str>,
        purpose: &str,
    ) -> bool {
        let recipient = match (&self.to_org, self.to_kind.as_deref()) {
            (Some(o), _) => grantee_org == Some(o.as_str()),
            (None, Some("any")) => true,
            (None, Some(k)) => grantee_kind == Some(k) || recipient_kind == Some(k),
            (None, None) => false,
        };
        recipient && self.purpose.trim().eq_ignore_ascii_case(purpose.trim())
    }
}

/// A grant must start before it ends.
pub(crate) fn check_expiry(expires_at: Option<&str>, now: &str) -> Result<()> {
    match expires_at {
        Some(expires) if expires <= now => Err(StoreError::Invalid(format!(
            "the grant would expire before it starts ({expires})"
        ))),
        _ => Ok(()),
    }
}

/// An organisation is never its own grantee.
pub(crate) fn check_grantee(grantee_org: &str, own: &str) -> Result<()> {
    if grantee_org == own {
        return Err(StoreError::Invalid(
            "an organisation always sees its own records".into(),
        ));
    }
    Ok(())
}

/// A grant on consent that the consent does not cover.
pub(crate) fn not_covered() -> StoreError {
    StoreError::Invalid(
        "the consent does not cover this grant: it must be an active consent for this case, to this recipient, for this purpose".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(to_org: Option<&str>, to_kind: Option<&str>) -> ConsentTerms {
        ConsentTerms {
            to_org: to_org.map(str::to_string),
            to_kind: to_kind.map(str::to_string),
            purpose: " Shelter placement ".into(),
        }
    }

    #[test]
    fn a_consent_covers_its_recipient_and_purpose_only() {
        let to_org = terms(Some("o1"), None);
        assert!(to_org.covers(Some("o1"), None, Some("ngo"), "shelter placement"));
        assert!(!to_org.covers(Some("o2"), None, Some("ngo"), "shelter placement"));
        assert!(!to_org.covers(Some("o1"), None, Some("ngo"), "legal aid"));
        let to_kind = terms(None, Some("shelter"));
        assert!(to_kind.covers(Some("o9"), None, Some("shelter"), "SHELTER PLACEMENT"));
        assert!(to_kind.covers(None, Some("shelter"), None, "shelter placement"));
        assert!(!to_kind.covers(Some("o9"), None, Some("ngo"), "shelter placement"));
        assert!(terms(None, Some("any")).covers(None, Some("ngo"), None, "shelter placement"));
        assert!(!terms(None, None).covers(Some("o1"), None, None, "shelter placement"));
    }

    #[test]
    fn a_stored_value_out_of_the_schema_is_corrupt_not_guessed() {
        let row = || GrantRow {
            id: "g1".into(),
            owner: "Owner".into(),
            kind: "case".into(),
            target: "all".into(),
            record_id: None,
            facet: None,
            value: None,
            grantee_name: None,
            grantee_kind: Some("shelter".into()),
            level: 3,
            purpose: "p".into(),
            basis: "agreement".into(),
            consent_id: None,
            granted_by: "u".into(),
            granted_at: "2026-01-01T00:00:00.000Z".into(),
            expires_at: None,
            revoked_at: None,
            active: true,
        };
        let info = row().into_info().unwrap();
        assert_eq!(info.grantee, Grantee::Kind(OrgKind::Shelter));
        assert_eq!(info.level, Level::Detail);
        let mut bad = row();
        bad.level = 9;
        assert!(matches!(bad.into_info(), Err(StoreError::Corrupt { .. })));
        let mut bad = row();
        bad.target = "facet".into();
        bad.facet = Some("no such facet".into());
        assert!(matches!(bad.into_info(), Err(StoreError::Corrupt { .. })));
    }
}
