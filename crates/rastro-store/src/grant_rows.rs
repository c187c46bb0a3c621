//! Grants as both backends store and check them: giving one (the record it names, its
//! recipient, the consent it rests on, the refusals it meets), revoking one and withdrawing what
//! rested on it, and a grant's columns turned into the api's [`GrantInfo`]. A backend lends its
//! rows through [`GrantTx`], inside the caller's write transaction.

use crate::api::access::{Level, OrgKind, RecordKind};
use crate::api::cases::Facet;
use crate::api::grants::{Basis, GrantInfo, GrantTarget, Grantee, NewGrant};
use crate::api::linkage::LinkKind;
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

/// A grant's row as it is inserted.
pub(crate) struct GrantInsert<'a> {
    pub id: &'a str,
    pub org: &'a str,
    pub kind: &'static str,
    pub target: &'static str,
    pub record_pk: Option<i64>,
    pub facet: Option<&'static str>,
    pub value: Option<&'a str>,
    pub grantee_org: Option<&'a str>,
    pub grantee_kind: Option<&'static str>,
    pub level: i64,
    pub purpose: &'a str,
    pub basis: &'static str,
    pub consent_id: Option<&'a str>,
    pub granted_by: &'a str,
    pub granted_at: &'a str,
    pub expires_at: Option<&'a str>,
}

/// The rows grants are given and revoked with, inside the caller's write transaction.
pub(crate) trait GrantTx {
    /// The key of `own`'s record `public` of `kind`, if it has one.
    fn owned_record(&mut self, kind: RecordKind, public: &str, own: &str) -> Result<Option<i64>>;
    fn org_id(&mut self, name: &str) -> Result<Option<String>>;
    fn org_kind(&mut self, id: &str) -> Result<Option<String>>;
    /// The terms of `org`'s active consent `consent` about the case `case_pk`.
    fn consent_terms(
        &mut self,
        consent: &str,
        org: &str,
        case_pk: i64,
    ) -> Result<Option<ConsentTerms>>;
    fn insert_grant(&mut self, row: &GrantInsert<'_>) -> Result<()>;
    /// Marks `owner`'s active grant `id` revoked by `by`; its record kind, or `None` when there
    /// is no such active grant.
    fn revoke_grant(&mut self, owner: &str, by: &str, id: &str, at: &str)
        -> Result<Option<String>>;
    /// Runs `sql::runs`' withdrawal of what others no longer see of `owner`'s records.
    fn withdraw_unseen(&mut self, owner: &str, link: LinkKind, now: &str) -> Result<()>;
}

/// Records a grant of the actor's organisation. A target record it does not own or a grantee
/// that does not exist answers `NotFound`; a consent that does not cover the grant is refused.
pub(crate) fn insert_grant(
    tx: &mut impl GrantTx,
    id: &str,
    actor: &Actor,
    grant: &NewGrant<'_>,
    audit: &mut AuditDraft,
) -> Result<()> {
    let now = now_rfc3339();
    check_expiry(grant.expires_at, &now)?;
    let own = &actor.organisation().id;
    let (target, record_pk, facet, value) = match &grant.target {
        GrantTarget::Record(public) => {
            let pk = tx.owned_record(grant.kind, public, own)?;
            audit.records.push((own.clone(), public.clone()));
            ("record", Some(pk.ok_or(StoreError::NotFound)?), None, None)
        }
        GrantTarget::Facet { facet, value } => {
            ("facet", None, Some(facet.as_str()), Some(value.as_str()))
        }
        GrantTarget::All => ("all", None, None, None),
    };
    let (grantee_org, grantee_kind) = match recipient(&grant.grantee) {
        Recipient::Named(name) => {
            let org = tx.org_id(name)?.ok_or(StoreError::NotFound)?;
            if org == *own {
                return Err(StoreError::Invalid(
                    "an organisation always sees its own records".into(),
                ));
            }
            audit.detail.push(("grantee_org", org.clone()));
            (Some(org), None)
        }
        Recipient::Kind(kind) => (None, Some(kind)),
    };
    let consent_id = match &grant.basis {
        Basis::Consent(consent) => {
            let covered = match (grant.kind, record_pk) {
                (RecordKind::Case, Some(pk)) => consent_covers(
                    tx,
                    consent,
                    own,
                    pk,
                    grantee_org.as_deref(),
                    grantee_kind,
                    grant.purpose,
                )?,
                _ => false,
            };
            if !covered {
                return Err(StoreError::Invalid(
                    "the consent does not cover this grant: it must be an active consent for this case, to this recipient, for this purpose".into(),
                ));
            }
            audit.detail.push(("consent", consent.clone()));
            Some(consent.as_str())
        }
        _ => None,
    };
    tx.insert_grant(&GrantInsert {
        id,
        org: own,
        kind: grant.kind.as_str(),
        target,
        record_pk,
        facet,
        value,
        grantee_org: grantee_org.as_deref(),
        grantee_kind,
        level: grant.level.rank(),
        purpose: grant.purpose.trim(),
        basis: grant.basis.as_str(),
        consent_id,
        granted_by: actor.user_id(),
        granted_at: &now,
        expires_at: grant.expires_at,
    })?;
    audit.detail.push(("grant", id.to_string()));
    Ok(())
}

/// Whether an active consent of `org` about case `case_pk` names this recipient (the
/// organisation itself, its kind, or every member) and this purpose.
pub(crate) fn consent_covers(
    tx: &mut impl GrantTx,
    consent: &str,
    org: &str,
    case_pk: i64,
    grantee_org: Option<&str>,
    grantee_kind: Option<&str>,
    purpose: &str,
) -> Result<bool> {
    let recipient_kind = match grantee_org {
        Some(o) => tx.org_kind(o)?,
        None => None,
    };
    Ok(tx.consent_terms(consent, org, case_pk)?.is_some_and(|t| {
        t.covers(
            grantee_org,
            grantee_kind,
            recipient_kind.as_deref(),
            purpose,
        )
    }))
}

/// Revokes an active grant that `owner` gave, on behalf of `by` (the owner's user, or the
/// receiver of a referral declining it), and withdraws what rested on it from others' linkage;
/// `NotFound` when there is no such active grant.
pub(crate) fn revoke_owned(tx: &mut impl GrantTx, owner: &str, by: &str, id: &str) -> Result<()> {
    let now = now_rfc3339();
    let kind = tx
        .revoke_grant(owner, by, id, &now)?
        .as_deref()
        .and_then(RecordKind::parse)
        .ok_or(StoreError::NotFound)?;
    withdraw_unseen(tx, owner, kind)
}

/// Removes from others' linkage what they no longer see of `owner`'s records of `kind`.
pub(crate) fn withdraw_unseen(tx: &mut impl GrantTx, owner: &str, kind: RecordKind) -> Result<()> {
    let link = match kind {
        RecordKind::Case => LinkKind::Persons,
        RecordKind::Article => LinkKind::Events,
        RecordKind::Watchlist | RecordKind::Transaction | RecordKind::Alert => return Ok(()),
    };
    tx.withdraw_unseen(owner, link, &now_rfc3339())
}

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
fn check_expiry(expires_at: Option<&str>, now: &str) -> Result<()> {
    match expires_at {
        Some(expires) if expires <= now => Err(StoreError::Invalid(format!(
            "the grant would expire before it starts ({expires})"
        ))),
        _ => Ok(()),
    }
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
