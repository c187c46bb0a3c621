//! Sharing grants in SQLite (the rule that reads them is `sql/visibility.rs`; their columns and
//! lists are `sql/grants.rs`; what a row means is `crate::grant_rows`).

use rusqlite::{named_params, params, OptionalExtension, Row, Transaction};

use super::SqliteBackend;
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

fn grant_row(r: &Row<'_>) -> rusqlite::Result<GrantRow> {
    Ok(GrantRow {
        id: r.get(0)?,
        owner: r.get(1)?,
        kind: r.get(2)?,
        target: r.get(3)?,
        record_id: r.get(4)?,
        facet: r.get(5)?,
        value: r.get(6)?,
        grantee_name: r.get(7)?,
        grantee_kind: r.get(8)?,
        level: r.get(9)?,
        purpose: r.get(10)?,
        basis: r.get(11)?,
        consent_id: r.get(12)?,
        granted_by: r.get(13)?,
        granted_at: r.get(14)?,
        expires_at: r.get(15)?,
        revoked_at: r.get(16)?,
        active: r.get(17)?,
    })
}

pub(super) fn grant_by_id(tx: &Transaction<'_>, id: &str) -> Result<GrantInfo> {
    tx.query_row(
        &by_id_sql(),
        named_params! {":id": id, ":now": now_rfc3339()},
        grant_row,
    )?
    .into_info()
}

/// Removes from others' linkage what they no longer see of the actor's records of `kind`.
pub(super) fn withdraw_unseen(tx: &Transaction<'_>, owner: &str, kind: RecordKind) -> Result<()> {
    let link = match kind {
        RecordKind::Case => LinkKind::Persons,
        RecordKind::Article => LinkKind::Events,
        RecordKind::Watchlist | RecordKind::Transaction | RecordKind::Alert => return Ok(()),
    };
    let now = now_rfc3339();
    for sql in tables(link).withdraw_unseen() {
        tx.execute(&sql, named_params! {":org": owner, ":now": now})?;
    }
    Ok(())
}

fn org_id(tx: &Transaction<'_>, name: &str) -> Result<Option<String>> {
    Ok(tx
        .query_row(
            "SELECT id FROM organisations WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?)
}

/// Records a grant of the actor's organisation inside `tx`; returns its id. A target record it
/// does not own or a grantee that does not exist answers `NotFound`; a consent that does not
/// cover the grant is refused.
pub(super) fn insert_grant(
    tx: &Transaction<'_>,
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
                .query_row(
                    &format!(
                        "SELECT pk FROM {} WHERE id = ?1 AND org_id = ?2",
                        record_table(grant.kind)
                    ),
                    params![public, own],
                    |r| r.get(0),
                )
                .optional()?;
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
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            id,
            own,
            grant.kind.as_str(),
            target,
            record_pk,
            facet,
            value,
            grantee_org,
            grantee_kind,
            grant.level.rank(),
            grant.purpose.trim(),
            grant.basis.as_str(),
            consent_id,
            actor.user_id(),
            now,
            grant.expires_at
        ],
    )?;
    audit.detail.push(("grant", id.to_string()));
    Ok(())
}

/// Whether an active consent of `org` about case `case_pk` names this recipient and purpose.
pub(super) fn consent_covers(
    tx: &Transaction<'_>,
    consent: &str,
    org: &str,
    case_pk: i64,
    grantee_org: Option<&str>,
    grantee_kind: Option<&str>,
    purpose: &str,
) -> Result<bool> {
    let recipient_kind: Option<String> = match grantee_org {
        Some(o) => tx
            .query_row("SELECT kind FROM organisations WHERE id = ?1", [o], |r| {
                r.get(0)
            })
            .optional()?,
        None => None,
    };
    let terms: Option<ConsentTerms> = tx
        .query_row(
            "SELECT grantee_org_id, grantee_kind, purpose FROM consents
             WHERE id = ?1 AND org_id = ?2 AND case_pk = ?3 AND withdrawn_at IS NULL",
            params![consent, org, case_pk],
            |r| {
                Ok(ConsentTerms {
                    to_org: r.get(0)?,
                    to_kind: r.get(1)?,
                    purpose: r.get(2)?,
                })
            },
        )
        .optional()?;
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
pub(super) fn revoke_in(tx: &Transaction<'_>, actor: &Actor, id: &str) -> Result<()> {
    revoke_owned(tx, &actor.organisation().id, actor.user_id(), id)
}

/// Revokes an active grant that `owner` gave, on behalf of `by` (the owner's user, or the
/// receiver of a referral declining it).
pub(super) fn revoke_owned(tx: &Transaction<'_>, owner: &str, by: &str, id: &str) -> Result<()> {
    let kind: Option<String> = tx
        .query_row(
            "UPDATE grants SET revoked_at = ?1, revoked_by = ?2
             WHERE id = ?3 AND org_id = ?4 AND revoked_at IS NULL
             RETURNING record_kind",
            params![now_rfc3339(), by, id, owner],
            |r| r.get(0),
        )
        .optional()?;
    let kind = kind
        .as_deref()
        .and_then(RecordKind::parse)
        .ok_or(StoreError::NotFound)?;
    withdraw_unseen(tx, owner, kind)
}

impl GrantBackend for SqliteBackend {
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
        let sql = grants_sql(given);
        self.conns.read(|conn| {
            let mut stmt = conn.prepare(&sql)?;
            let now = now_rfc3339();
            let org = &actor.organisation().id;
            let rows = if given {
                stmt.query_map(named_params! {":org": org, ":now": now}, grant_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?
            } else {
                stmt.query_map(
                    named_params! {":org": org, ":now": now, ":kind": actor.kind().as_str()},
                    grant_row,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?
            };
            rows.into_iter().map(GrantRow::into_info).collect()
        })
    }
}
