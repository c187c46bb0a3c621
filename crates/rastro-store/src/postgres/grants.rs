//! Sharing grants in PostgreSQL (the rule that reads them is `sql/visibility.rs`; their columns
//! and lists are `sql/grants.rs`; what a row means is `crate::grant_rows`).

use postgres::{Row, Transaction};

use super::value::{Named, Value};
use super::PgBackend;
use crate::api::access::RecordKind;
use crate::api::grants::{Basis, GrantBackend, GrantInfo, GrantTarget, NewGrant};
use crate::api::linkage::LinkKind;
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::grant_rows::{
    check_expiry, check_grantee, not_covered, recipient, ConsentTerms, GrantRow, Recipient,
};
use crate::sql::grants::{grant_by_id as by_id_sql, grants as grants_sql, record_table};
use crate::sql::runs::tables;
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

fn grant_row(r: &Row) -> Result<GrantInfo> {
    GrantRow {
        id: r.try_get(0)?,
        owner: r.try_get(1)?,
        kind: r.try_get(2)?,
        target: r.try_get(3)?,
        record_id: r.try_get(4)?,
        facet: r.try_get(5)?,
        value: r.try_get(6)?,
        grantee_name: r.try_get(7)?,
        grantee_kind: r.try_get(8)?,
        level: r.try_get(9)?,
        purpose: r.try_get(10)?,
        basis: r.try_get(11)?,
        consent_id: r.try_get(12)?,
        granted_by: r.try_get(13)?,
        granted_at: r.try_get(14)?,
        expires_at: r.try_get(15)?,
        revoked_at: r.try_get(16)?,
        active: r.try_get(17)?,
    }
    .into_info()
}

pub(super) fn grant_by_id(tx: &mut Transaction<'_>, id: &str) -> Result<GrantInfo> {
    let named = Named::new(
        &by_id_sql(),
        &[
            (":id", Value::from(id)),
            (":now", Value::from(now_rfc3339())),
        ],
    )?;
    grant_row(&tx.query_one(&named.sql, &named.params())?)
}

/// Removes from others' linkage what they no longer see of the owner's records of `kind`.
pub(super) fn withdraw_unseen(
    tx: &mut Transaction<'_>,
    owner: &str,
    kind: RecordKind,
) -> Result<()> {
    let link = match kind {
        RecordKind::Case => LinkKind::Persons,
        RecordKind::Article => LinkKind::Events,
        RecordKind::Watchlist | RecordKind::Transaction | RecordKind::Alert => return Ok(()),
    };
    let params = [
        (":org", Value::from(owner)),
        (":now", Value::from(now_rfc3339())),
    ];
    for sql in tables(link).withdraw_unseen() {
        let named = Named::new(&sql, &params)?;
        tx.execute(&named.sql, &named.params())?;
    }
    Ok(())
}

fn org_id(tx: &mut Transaction<'_>, name: &str) -> Result<Option<String>> {
    Ok(tx
        .query_opt("SELECT id FROM organisations WHERE name = $1", &[&name])?
        .map(|r| r.try_get(0))
        .transpose()?)
}

/// Records a grant of the actor's organisation inside `tx`. A target record it does not own or
/// a grantee that does not exist answers `NotFound`; a consent that does not cover the grant is
/// refused.
pub(super) fn insert_grant(
    tx: &mut Transaction<'_>,
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
            let pk: Option<i64> = tx
                .query_opt(
                    &format!(
                        "SELECT pk FROM {} WHERE id = $1 AND org_id = $2",
                        record_table(grant.kind)
                    ),
                    &[public, own],
                )?
                .map(|r| r.try_get(0))
                .transpose()?;
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
            let org = org_id(tx, name)?.ok_or(StoreError::NotFound)?;
            check_grantee(&org, own)?;
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
                return Err(not_covered());
            }
            audit.detail.push(("consent", consent.clone()));
            Some(consent.as_str())
        }
        _ => None,
    };
    tx.execute(
        "INSERT INTO grants (id, org_id, record_kind, target, record_pk, facet, value,
             grantee_org_id, grantee_kind, level, purpose, basis, consent_id, granted_by,
             granted_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        &[
            &id,
            own,
            &grant.kind.as_str(),
            &target,
            &record_pk,
            &facet,
            &value,
            &grantee_org,
            &grantee_kind,
            &grant.level.rank(),
            &grant.purpose.trim(),
            &grant.basis.as_str(),
            &consent_id,
            &actor.user_id(),
            &now,
            &grant.expires_at,
        ],
    )?;
    audit.detail.push(("grant", id.to_string()));
    Ok(())
}

/// Whether an active consent of `org` about case `case_pk` names this recipient and purpose.
pub(super) fn consent_covers(
    tx: &mut Transaction<'_>,
    consent: &str,
    org: &str,
    case_pk: i64,
    grantee_org: Option<&str>,
    grantee_kind: Option<&str>,
    purpose: &str,
) -> Result<bool> {
    let recipient_kind: Option<String> = match grantee_org {
        Some(o) => tx
            .query_opt("SELECT kind FROM organisations WHERE id = $1", &[&o])?
            .map(|r| r.try_get(0))
            .transpose()?,
        None => None,
    };
    let terms = tx
        .query_opt(
            "SELECT grantee_org_id, grantee_kind, purpose FROM consents
             WHERE id = $1 AND org_id = $2 AND case_pk = $3 AND withdrawn_at IS NULL",
            &[&consent, &org, &case_pk],
        )?
        .map(|r| {
            Ok::<_, postgres::Error>(ConsentTerms {
                to_org: r.try_get(0)?,
                to_kind: r.try_get(1)?,
                purpose: r.try_get(2)?,
            })
        })
        .transpose()?;
    Ok(terms.is_some_and(|t| {
        t.covers(
            grantee_org,
            grantee_kind,
            recipient_kind.as_deref(),
            purpose,
        )
    }))
}

/// Revokes an active grant of the actor's organisation inside `tx` and withdraws what rested
/// on it from others' linkage; `NotFound` when there is no such active grant.
pub(super) fn revoke_in(tx: &mut Transaction<'_>, actor: &Actor, id: &str) -> Result<()> {
    revoke_owned(tx, &actor.organisation().id, actor.user_id(), id)
}

/// Revokes an active grant that `owner` gave, on behalf of `by` (the owner's user, or the
/// receiver of a referral declining it).
pub(super) fn revoke_owned(
    tx: &mut Transaction<'_>,
    owner: &str,
    by: &str,
    id: &str,
) -> Result<()> {
    let kind: Option<String> = tx
        .query_opt(
            "UPDATE grants SET revoked_at = $1, revoked_by = $2
             WHERE id = $3 AND org_id = $4 AND revoked_at IS NULL
             RETURNING record_kind",
            &[&now_rfc3339(), &by, &id, &owner],
        )?
        .map(|r| r.try_get(0))
        .transpose()?;
    let kind = kind
        .as_deref()
        .and_then(RecordKind::parse)
        .ok_or(StoreError::NotFound)?;
    withdraw_unseen(tx, owner, kind)
}

impl GrantBackend for PgBackend {
    fn grant(&self, actor: &Actor, grant: &NewGrant<'_>, audit: AuditDraft) -> Result<GrantInfo> {
        let id = self.id()?;
        self.write_audited(audit, |tx, audit| {
            insert_grant(tx, &id, actor, grant, audit)?;
            grant_by_id(tx, &id)
        })
    }

    fn revoke_grant(&self, actor: &Actor, id: &str, audit: AuditDraft) -> Result<GrantInfo> {
        self.write_audited(audit, |tx, _| {
            revoke_in(tx, actor, id)?;
            grant_by_id(tx, id)
        })
    }

    fn grants(&self, actor: &Actor, given: bool) -> Result<Vec<GrantInfo>> {
        let named = Named::new(
            &grants_sql(given),
            &[
                (":org", Value::from(actor.organisation().id.as_str())),
                (":now", Value::from(now_rfc3339())),
                (":kind", Value::from(actor.kind().as_str())),
            ],
        )?;
        self.conns.read(|tx| {
            tx.query(&named.sql, &named.params())?
                .iter()
                .map(grant_row)
                .collect()
        })
    }
}
