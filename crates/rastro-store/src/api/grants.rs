//! Sharing grants: an owner's decision that another organisation (or every organisation of a
//! kind, or every member) may see some of its records, at a level, for a purpose, on a basis,
//! until a date or until revoked. A grant covers one record, the records with a facet value
//! ("every case of sexual exploitation in Peru" is two grants' intersection, so a set is one
//! facet value), or all records of a kind; an organisation-wide default is a grant on all.
//! Revoking a grant withdraws what rested on it from the others' linkage results in the same
//! transaction.

pub use crate::api::access::RecordKind;
use crate::api::access::{Action, Level, OrgKind};
use crate::api::cases::Facet;
use crate::api::members::Actor;
use crate::api::scope::Scope;
use crate::api::trace::AuditDraft;
use crate::ids::looks_like_id;
use crate::{Result, StoreError};

/// Who receives a grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grantee {
    /// One organisation, by name.
    Organisation(String),
    /// Every organisation of a kind.
    Kind(OrgKind),
    /// Every member.
    Everyone,
}

impl Grantee {
    /// For the audit trail: the kind of grantee, without naming an organisation.
    pub(crate) fn describe(&self) -> String {
        match self {
            Grantee::Organisation(_) => "organisation".to_string(),
            Grantee::Kind(kind) => format!("kind:{}", kind.as_str()),
            Grantee::Everyone => "everyone".to_string(),
        }
    }
}

/// Which records a grant covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantTarget {
    /// One record, by its public id (for watchlists: the list's id). An alert shared this way
    /// carries the transactions it lists, as it was frozen.
    Record(String),
    /// The records with a facet value (cases only).
    Facet { facet: Facet, value: String },
    /// Every record of the kind, present and future.
    All,
}

/// Why the owner may share: the legal ground of the grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// The person consented (the consent's id); withdrawing the consent revokes the grant.
    Consent(String),
    LegalDuty,
    /// An agreement between the organisations.
    Agreement,
    PublicInterest,
}

impl Basis {
    pub fn as_str(&self) -> &'static str {
        match self {
            Basis::Consent(_) => "consent",
            Basis::LegalDuty => "legal_duty",
            Basis::Agreement => "agreement",
            Basis::PublicInterest => "public_interest",
        }
    }
}

/// A grant to make.
#[derive(Debug, Clone)]
pub struct NewGrant<'a> {
    pub kind: RecordKind,
    pub target: GrantTarget,
    pub grantee: Grantee,
    pub level: Level,
    pub purpose: &'a str,
    pub basis: Basis,
    /// RFC 3339; `None`: until revoked.
    pub expires_at: Option<&'a str>,
}

/// A grant as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantInfo {
    pub id: String,
    /// The owning organisation that granted.
    pub owner: String,
    pub kind: RecordKind,
    pub target: GrantTarget,
    pub grantee: Grantee,
    pub level: Level,
    pub purpose: String,
    pub basis: Basis,
    /// The user who granted, by name.
    pub granted_by: String,
    pub granted_at: String,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    /// Not revoked and not expired.
    pub active: bool,
}

pub(crate) trait GrantBackend {
    /// Records a grant of the actor's organisation. A target record it does not own, or a
    /// grantee that does not exist, answers `NotFound`.
    fn grant(&self, actor: &Actor, grant: &NewGrant<'_>, audit: AuditDraft) -> Result<GrantInfo>;
    /// Revokes one of the actor's organisation's grants and withdraws what rested on it.
    fn revoke_grant(&self, actor: &Actor, id: &str, audit: AuditDraft) -> Result<GrantInfo>;
    /// Grants the actor's organisation gave (`given`) or received (active ones).
    fn grants(&self, actor: &Actor, given: bool) -> Result<Vec<GrantInfo>>;
}

impl Scope<'_> {
    /// Shares records of the organisation as `grant` says.
    pub fn grant(&self, grant: &NewGrant<'_>) -> Result<GrantInfo> {
        self.require(Action::ManageGrants)?;
        if grant.kind.full_only() && grant.level != Level::Full {
            return Err(StoreError::Invalid(format!(
                "{}s are shared in full or not at all (an account and its holder are what they \
                 are about): grant the full level",
                grant.kind.as_str()
            )));
        }
        if grant.purpose.trim().is_empty() {
            return Err(StoreError::Invalid(
                "a grant needs a purpose (why the other organisation may see the records)".into(),
            ));
        }
        if let Some(expires) = grant.expires_at {
            if !is_utc_timestamp(expires) {
                return Err(StoreError::Invalid(format!(
                    "a grant's expiry is a UTC time like 2027-01-31T23:59:59Z, not {expires:?}"
                )));
            }
        }
        match &grant.target {
            GrantTarget::Record(id) if !looks_like_id(id) => return Err(StoreError::NotFound),
            GrantTarget::Facet { .. } if grant.kind != RecordKind::Case => {
                return Err(StoreError::Invalid(
                    "only cases can be shared by a facet value".into(),
                ))
            }
            _ => {}
        }
        let mut grant = grant.clone();
        if let GrantTarget::Facet { facet, value } = &grant.target {
            let canonical = crate::facets::canonical_value(*facet, value)
                .map_err(|reason| StoreError::Invalid(format!("{}: {reason}", facet.as_str())))?;
            grant.target = GrantTarget::Facet {
                facet: *facet,
                value: canonical,
            };
        }
        let grantee = grant.grantee.describe();
        let target = match &grant.target {
            GrantTarget::Record(_) => "record".to_string(),
            GrantTarget::Facet { facet, value } => format!("facet:{}={value}", facet.as_str()),
            GrantTarget::All => "all".to_string(),
        };
        let audit = self
            .actor
            .draft("grant")
            .kind(grant.kind)
            .level(grant.level)
            .detail("grantee", grantee)
            .detail("target", target)
            .detail("basis", grant.basis.as_str());
        self.backend.grant(&self.actor, &grant, audit)
    }

    /// Revokes one of the organisation's grants.
    pub fn revoke_grant(&self, id: &str) -> Result<GrantInfo> {
        self.require(Action::ManageGrants)?;
        if !looks_like_id(id) {
            return Err(StoreError::NotFound);
        }
        let audit = self.actor.draft("revoke_grant").detail("grant", id);
        self.backend.revoke_grant(&self.actor, id, audit)
    }

    /// The grants the organisation gave, newest first.
    pub fn grants_given(&self) -> Result<Vec<GrantInfo>> {
        self.require(Action::ManageGrants)?;
        let grants = self.backend.grants(&self.actor, true)?;
        self.audit(
            self.actor
                .draft("read_grants_given")
                .count(grants.len() as u64),
        )?;
        Ok(grants)
    }

    /// The active grants the organisation received, newest first. Any member may know what
    /// its organisation may see.
    pub fn grants_received(&self) -> Result<Vec<GrantInfo>> {
        let grants = self.backend.grants(&self.actor, false)?;
        self.audit(
            self.actor
                .draft("read_grants_received")
                .count(grants.len() as u64),
        )?;
        Ok(grants)
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the one form stored times take, so that they compare as text.
fn is_utc_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}
