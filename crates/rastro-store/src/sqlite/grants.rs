//! Sharing grants in SQLite (the rule that reads them is `sql/visibility.rs`).

use rusqlite::{named_params, params, OptionalExtension, Row, Transaction};

use super::SqliteBackend;
use crate::api::access::{Level, OrgKind, RecordKind};
use crate::api::cases::Facet;
use crate::api::grants::{Basis, GrantBackend, GrantInfo, GrantTarget, Grantee, NewGrant};
use crate::api::linkage::LinkKind;
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::sql::runs::tables;
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

/// The table of each kind of record.
fn table(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Case => "cases",
        RecordKind::Article => "news_articles",
        RecordKind::Watchlist => "watchlists",
        RecordKind::Transaction => "transactions",
        RecordKind::Alert => "alerts",
    }
}

const GRANT_COLUMNS: &str = "g.id, owner.name, g.record_kind, g.target,
     CASE g.record_kind
         WHEN 'case' THEN (SELECT id FROM cases WHERE pk = g.record_pk)
         WHEN 'article' THEN (SELECT id FROM news_articles WHERE pk = g.record_pk)
         WHEN 'transaction' THEN (SELECT id FROM transactions WHERE pk = g.record_pk)
         WHEN 'alert' THEN (SELECT id FROM alerts WHERE pk = g.record_pk)
         ELSE (SELECT id FROM watchlists WHERE pk = g.record_pk) END,
     g.facet, g.value, grantee.name, g.grantee_kind, g.level, g.purpose, g.basis, g.consent_id,
     COALESCE((SELECT name FROM users WHERE id = g.granted_by), g.granted_by), g.granted_at,
     g.expires_at, g.revoked_at,
     g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > :now)";

const GRANT_TABLES: &str = "grants g JOIN organisations owner ON owner.id = g.org_id
     LEFT JOIN organisations grantee ON grantee.id = g.grantee_org_id";

fn bad(column: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        rusqlite::types::Type::Text,
        what.to_string().into(),
    )
}

fn grant_info(r: &Row<'_>) -> rusqlite::Result<GrantInfo> {
    let kind: String = r.get(2)?;
    let target: String = r.get(3)?;
    let grantee_kind: Option<String> = r.get(8)?;
    let level: i64 = r.get(9)?;
    let basis: String = r.get(11)?;
    let target = match target.as_str() {
        "record" => GrantTarget::Record(r.get::<_, Option<String>>(4)?.unwrap_or_default()),
        "facet" => {
            let facet: String = r.get(5)?;
            GrantTarget::Facet {
                facet: Facet::parse(&facet).ok_or_else(|| bad(5, "unknown facet"))?,
                value: r.get(6)?,
            }
        }
        _ => GrantTarget::All,
    };
    let grantee = match (r.get::<_, Option<String>>(7)?, grantee_kind.as_deref()) {
        (Some(name), _) => Grantee::Organisation(name),
        (None, Some("any")) | (None, None) => Grantee::Everyone,
        (None, Some(k)) => Grantee::Kind(OrgKind::parse(k).ok_or_else(|| bad(8, "unknown kind"))?),
    };
    let basis = match basis.as_str() {
        "consent" => Basis::Consent(r.get::<_, Option<String>>(12)?.unwrap_or_default()),
        "legal_duty" => Basis::LegalDuty,
        "public_interest" => Basis::PublicInterest,
        _ => Basis::Agreement,
    };
    Ok(GrantInfo {
        id: r.get(0)?,
        owner: r.get(1)?,
        kind: RecordKind::parse(&kind).ok_or_else(|| bad(2, "unknown record kind"))?,
        target,
        grantee,
        level: Level::from_rank(level).ok_or_else(|| bad(9, "unknown level"))?,
        purpose: r.get(10)?,
        basis,
        granted_by: r.get(13)?,
        granted_at: r.get(14)?,
        expires_at: r.get(15)?,
        revoked_at: r.get(16)?,
        active: r.get(17)?,
    })
}

pub(super) fn grant_by_id(tx: &Transaction<'_>, id: &str) -> Result<GrantInfo> {
    Ok(tx.query_row(
        &format!("SELECT {GRANT_COLUMNS} FROM {GRANT_TABLES} WHERE g.id = :id"),
        named_params! {":id": id, ":now": now_rfc3339()},
        grant_info,
    )?)
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
    if let Some(expires) = grant.expires_at {
        if expires <= now.as_str() {
            return Err(StoreError::Invalid(format!(
                "the grant would expire before it starts ({expires})"
            )));
        }
    }
    let own = &actor.organisation().id;
    let (target, record_pk, facet, value) = match &grant.target {
        GrantTarget::Record(public) => {
            let pk: Option<i64> = tx
                .query_row(
                    &format!(
                        "SELECT pk FROM {} WHERE id = ?1 AND org_id = ?2",
                        table(grant.kind)
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
    let (grantee_org, grantee_kind) = match &grant.grantee {
        Grantee::Organisation(name) => {
            let org: Option<String> = tx
                .query_row(
                    "SELECT id FROM organisations WHERE name = ?1",
                    [name.trim()],
                    |r| r.get(0),
                )
                .optional()?;
            let org = org.ok_or(StoreError::NotFound)?;
            if org == *own {
                return Err(StoreError::Invalid(
                    "an organisation always sees its own records".into(),
                ));
            }
            audit.detail.push(("grantee_org", org.clone()));
            (Some(org), None)
        }
        Grantee::Kind(kind) => (None, Some(kind.as_str())),
        Grantee::Everyone => (None, Some("any")),
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

/// Whether an active consent of `org` about case `case_pk` names this recipient (the
/// organisation itself, its kind, or every member) and this purpose.
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
    let row: Option<(Option<String>, Option<String>, String)> = tx
        .query_row(
            "SELECT grantee_org_id, grantee_kind, purpose FROM consents
             WHERE id = ?1 AND org_id = ?2 AND case_pk = ?3 AND withdrawn_at IS NULL",
            params![consent, org, case_pk],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((to_org, to_kind, consented)) = row else {
        return Ok(false);
    };
    let recipient = match (&to_org, to_kind.as_deref()) {
        (Some(o), _) => grantee_org == Some(o.as_str()),
        (None, Some("any")) => true,
        (None, Some(k)) => grantee_kind == Some(k) || recipient_kind.as_deref() == Some(k),
        (None, None) => false,
    };
    Ok(recipient && consented.trim().eq_ignore_ascii_case(purpose.trim()))
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
        let condition = if given {
            "g.org_id = :org"
        } else {
            "g.org_id <> :org AND g.revoked_at IS NULL
             AND (g.expires_at IS NULL OR g.expires_at > :now)
             AND (g.grantee_org_id = :org OR g.grantee_kind = :kind OR g.grantee_kind = 'any')"
        };
        let sql = format!(
            "SELECT {GRANT_COLUMNS} FROM {GRANT_TABLES} WHERE {condition}
             ORDER BY g.granted_at DESC, g.id"
        );
        self.conns.read(|conn| {
            let mut stmt = conn.prepare(&sql)?;
            let now = now_rfc3339();
            let org = &actor.organisation().id;
            let rows = if given {
                stmt.query_map(named_params! {":org": org, ":now": now}, grant_info)?
                    .collect::<rusqlite::Result<Vec<_>>>()?
            } else {
                stmt.query_map(
                    named_params! {":org": org, ":now": now, ":kind": actor.kind().as_str()},
                    grant_info,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?
            };
            Ok(rows)
        })
    }
}
