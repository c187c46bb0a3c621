//! Referrals in SQLite: the state machine, with every move and what it grants or revokes in one
//! transaction together with its audit event.

use rusqlite::{named_params, params, OptionalExtension, Row, Transaction};

use super::cases::CaseWriter;
use super::grants::{consent_covers, insert_grant, revoke_owned};
use super::SqliteBackend;
use crate::api::access::{Level, RecordKind};
use crate::api::grants::{Basis, GrantTarget, Grantee, NewGrant};
use crate::api::members::Actor;
use crate::api::referrals::{
    Direction, NewReferral, ReferralBackend, ReferralInfo, ReferralStatus, Transition,
};
use crate::api::trace::AuditDraft;
use crate::case_rows::prepare_case;
use crate::sealing::open_case;
use crate::time::{now_rfc3339, rfc3339_after};
use crate::{Result, StoreError};

/// What a transition needs to know of a referral, read under the write lock.
struct Current {
    case_pk: i64,
    case_id: String,
    from_org: String,
    to_org: String,
    to_name: String,
    purpose: String,
    status: ReferralStatus,
    grant_id: Option<String>,
}

const INFO_COLUMNS: &str = "r.id, c.id, f.name, t.name, r.purpose, r.status, r.consent_id,
     r.override_reason, r.created_at, r.sent_at, r.expires_at, r.decided_at, r.decision_reason,
     r.closed_at, r.outcome, CASE WHEN r.to_org_id = :org THEN rc.id END";

const INFO_TABLES: &str = "referrals r JOIN cases c ON c.pk = r.case_pk
     JOIN organisations f ON f.id = r.from_org_id JOIN organisations t ON t.id = r.to_org_id
     LEFT JOIN cases rc ON rc.pk = r.receiver_case_pk";

fn info(r: &Row<'_>) -> rusqlite::Result<ReferralInfo> {
    let status: String = r.get(5)?;
    Ok(ReferralInfo {
        id: r.get(0)?,
        case_id: r.get(1)?,
        from: r.get(2)?,
        to: r.get(3)?,
        purpose: r.get(4)?,
        status: ReferralStatus::parse(&status).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                5,
                rusqlite::types::Type::Text,
                format!("unknown referral status {status:?}").into(),
            )
        })?,
        consent_id: r.get(6)?,
        override_reason: r.get(7)?,
        created_at: r.get(8)?,
        sent_at: r.get(9)?,
        expires_at: r.get(10)?,
        decided_at: r.get(11)?,
        decision_reason: r.get(12)?,
        closed_at: r.get(13)?,
        outcome: r.get(14)?,
        receiver_case_id: r.get(15)?,
    })
}

fn by_id(tx: &Transaction<'_>, actor: &Actor, id: &str) -> Result<ReferralInfo> {
    Ok(tx.query_row(
        &format!("SELECT {INFO_COLUMNS} FROM {INFO_TABLES} WHERE r.id = :id"),
        named_params! {":id": id, ":org": actor.organisation().id},
        info,
    )?)
}

/// Marks the sent referrals whose answer is overdue as expired, and revokes their grants.
fn expire_overdue(tx: &Transaction<'_>) -> Result<()> {
    let now = now_rfc3339();
    let overdue: Vec<(String, String, Option<String>)> = tx
        .prepare(
            "SELECT id, from_org_id, grant_id FROM referrals
             WHERE status = 'sent' AND expires_at <= ?1",
        )?
        .query_map([&now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, from, grant) in overdue {
        tx.execute(
            "UPDATE referrals SET status = 'expired', decided_at = ?1,
                 decision_reason = 'not answered in time'
             WHERE id = ?2",
            params![now, id],
        )?;
        if let Some(grant) = grant {
            // Already inactive by its expiry; revoked for the record.
            match revoke_owned(tx, &from, "expiry", &grant) {
                Ok(()) | Err(StoreError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

fn current(tx: &Transaction<'_>, id: &str) -> Result<Option<Current>> {
    let row = tx
        .query_row(
            "SELECT r.case_pk, c.id, r.from_org_id, r.to_org_id, t.name, r.purpose, r.status,
                    r.grant_id
             FROM referrals r JOIN cases c ON c.pk = r.case_pk
             JOIN organisations t ON t.id = r.to_org_id WHERE r.id = ?1",
            [id],
            |r| {
                let status: String = r.get(6)?;
                Ok((
                    Current {
                        case_pk: r.get(0)?,
                        case_id: r.get(1)?,
                        from_org: r.get(2)?,
                        to_org: r.get(3)?,
                        to_name: r.get(4)?,
                        purpose: r.get(5)?,
                        status: ReferralStatus::Draft,
                        grant_id: r.get(7)?,
                    },
                    status,
                ))
            },
        )
        .optional()?;
    Ok(row.and_then(|(mut c, status)| {
        c.status = ReferralStatus::parse(&status)?;
        Some(c)
    }))
}

/// A move the referral's state or the actor's side does not allow.
fn refused(status: ReferralStatus, what: &str) -> StoreError {
    StoreError::Invalid(format!(
        "a referral that is {} cannot be {what}",
        status.as_str()
    ))
}

impl ReferralBackend for SqliteBackend {
    fn draft_referral(
        &self,
        actor: &Actor,
        referral: &NewReferral<'_>,
        audit: AuditDraft,
    ) -> Result<ReferralInfo> {
        let id = self.id()?;
        self.write_audited(audit, |tx, audit| {
            let own = &actor.organisation().id;
            let case_pk: Option<i64> = tx
                .query_row(
                    "SELECT pk FROM cases WHERE id = ?1 AND org_id = ?2",
                    params![referral.case_id, own],
                    |r| r.get(0),
                )
                .optional()?;
            let case_pk = case_pk.ok_or(StoreError::NotFound)?;
            let to: Option<String> = tx
                .query_row(
                    "SELECT id FROM organisations WHERE name = ?1",
                    [referral.to.trim()],
                    |r| r.get(0),
                )
                .optional()?;
            let to = to.ok_or(StoreError::NotFound)?;
            if to == *own {
                return Err(StoreError::Invalid(
                    "a referral goes to another organisation".into(),
                ));
            }
            tx.execute(
                "INSERT INTO referrals (id, case_pk, from_org_id, to_org_id, purpose, status,
                     created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'draft', ?6, ?7)",
                params![
                    id,
                    case_pk,
                    own,
                    to,
                    referral.purpose.trim(),
                    actor.user_id(),
                    now_rfc3339()
                ],
            )?;
            audit.detail.push(("referral", id.clone()));
            audit.detail.push(("to", to));
            by_id(tx, actor, &id)
        })
    }

    fn move_referral(
        &self,
        actor: &Actor,
        id: &str,
        transition: Transition<'_>,
        audit: AuditDraft,
    ) -> Result<ReferralInfo> {
        let grant_id = self.id()?;
        let opened_id = self.id()?;
        let import_id = self.id()?;
        self.write_audited(audit, |tx, audit| {
            expire_overdue(tx)?;
            let own = &actor.organisation().id;
            let now = now_rfc3339();
            // A referral neither sent nor received by the organisation answers as missing.
            let r = current(tx, id)?
                .filter(|r| r.from_org == *own || (r.to_org == *own && r.status != ReferralStatus::Draft))
                .ok_or(StoreError::NotFound)?;
            let sender = r.from_org == *own;
            audit.records.push((r.from_org.clone(), r.case_id.clone()));
            match transition {
                Transition::Send(sending) => {
                    if !sender {
                        return Err(StoreError::NotFound);
                    }
                    if r.status != ReferralStatus::Draft {
                        return Err(refused(r.status, "sent"));
                    }
                    let consent = match (sending.consent_id, sending.override_reason) {
                        (Some(c), _) => Some(c.to_string()),
                        (None, Some(_)) => None,
                        (None, None) => covering_consent(tx, &r)?,
                    };
                    let basis = match (&consent, sending.override_reason) {
                        (Some(c), _) => {
                            if !consent_covers(tx, c, own, r.case_pk, Some(&r.to_org), None, &r.purpose)? {
                                return Err(StoreError::Invalid(
                                    "the consent does not cover this referral: it must be an active consent of the case's person to the receiver, for this purpose".into(),
                                ));
                            }
                            Basis::Consent(c.clone())
                        }
                        (None, Some(_)) => Basis::LegalDuty,
                        (None, None) => {
                            return Err(StoreError::Invalid(
                                "no consent of the case's person covers this receiver and purpose: record one (`rastro consent record`), or override with a written reason".into(),
                            ))
                        }
                    };
                    let expires = rfc3339_after(sending.days * 86_400);
                    let grant = NewGrant {
                        kind: RecordKind::Case,
                        target: GrantTarget::Record(r.case_id.clone()),
                        grantee: Grantee::Organisation(r.to_name.clone()),
                        level: Level::Full,
                        purpose: &r.purpose,
                        basis,
                        expires_at: Some(&expires),
                    };
                    insert_grant(tx, &grant_id, actor, &grant, audit)?;
                    tx.execute(
                        "UPDATE referrals SET status = 'sent', sent_at = ?1, expires_at = ?2,
                             consent_id = ?3, override_reason = ?4, grant_id = ?5
                         WHERE id = ?6",
                        params![
                            now,
                            expires,
                            consent,
                            sending.override_reason.map(str::trim),
                            grant_id,
                            id
                        ],
                    )?;
                    if sending.override_reason.is_some() {
                        audit.detail.push(("override", "true".into()));
                    }
                }
                Transition::Accept { open_case } => {
                    if sender {
                        return Err(StoreError::Invalid(
                            "a referral is accepted by its receiver".into(),
                        ));
                    }
                    if r.status != ReferralStatus::Sent {
                        return Err(refused(r.status, "accepted"));
                    }
                    tx.execute(
                        "UPDATE referrals SET status = 'accepted', decided_at = ?1 WHERE id = ?2",
                        params![now, id],
                    )?;
                    if open_case {
                        let pk = self.open_received_case(tx, actor, &r, id, &opened_id, &import_id)?;
                        tx.execute(
                            "UPDATE referrals SET receiver_case_pk = ?1 WHERE id = ?2",
                            params![pk, id],
                        )?;
                        audit.records.push((own.clone(), opened_id.clone()));
                    }
                }
                Transition::Reject { reason } => {
                    if sender {
                        return Err(StoreError::Invalid(
                            "a referral is rejected by its receiver; its sender withdraws it".into(),
                        ));
                    }
                    if r.status != ReferralStatus::Sent {
                        return Err(refused(r.status, "rejected"));
                    }
                    tx.execute(
                        "UPDATE referrals SET status = 'rejected', decided_at = ?1,
                             decision_reason = ?2 WHERE id = ?3",
                        params![now, reason.trim(), id],
                    )?;
                    end_grant(tx, &r, actor.user_id())?;
                }
                Transition::Withdraw => {
                    if !sender {
                        return Err(StoreError::Invalid(
                            "a referral is withdrawn by its sender; its receiver rejects it".into(),
                        ));
                    }
                    if !matches!(r.status, ReferralStatus::Draft | ReferralStatus::Sent) {
                        return Err(refused(r.status, "withdrawn"));
                    }
                    tx.execute(
                        "UPDATE referrals SET status = 'withdrawn', decided_at = ?1 WHERE id = ?2",
                        params![now, id],
                    )?;
                    end_grant(tx, &r, actor.user_id())?;
                }
                Transition::Close { outcome } => {
                    if r.status != ReferralStatus::Accepted {
                        return Err(refused(r.status, "closed"));
                    }
                    tx.execute(
                        "UPDATE referrals SET status = 'closed', closed_at = ?1, outcome = ?2
                         WHERE id = ?3",
                        params![now, outcome.trim(), id],
                    )?;
                    end_grant(tx, &r, actor.user_id())?;
                }
            }
            by_id(tx, actor, id)
        })
    }

    fn referrals(
        &self,
        actor: &Actor,
        direction: Direction,
        audit: AuditDraft,
    ) -> Result<Vec<ReferralInfo>> {
        self.write_audited(audit, |tx, audit| {
            expire_overdue(tx)?;
            let condition = match direction {
                Direction::Incoming => "r.to_org_id = :org AND r.status <> 'draft'",
                Direction::Outgoing => "r.from_org_id = :org",
            };
            let found: Vec<ReferralInfo> = tx
                .prepare(&format!(
                    "SELECT {INFO_COLUMNS} FROM {INFO_TABLES} WHERE {condition}
                     ORDER BY r.created_at DESC, r.id"
                ))?
                .query_map(named_params! {":org": actor.organisation().id}, info)?
                .collect::<rusqlite::Result<_>>()?;
            audit.count = Some(found.len() as u64);
            Ok(found)
        })
    }
}

/// The active consent of the referral's case that covers its receiver and purpose, if any.
fn covering_consent(tx: &Transaction<'_>, r: &Current) -> Result<Option<String>> {
    let candidates: Vec<String> = tx
        .prepare(
            "SELECT id FROM consents WHERE case_pk = ?1 AND org_id = ?2
             AND withdrawn_at IS NULL ORDER BY given_at DESC",
        )?
        .query_map(params![r.case_pk, r.from_org], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for c in candidates {
        if consent_covers(
            tx,
            &c,
            &r.from_org,
            r.case_pk,
            Some(&r.to_org),
            None,
            &r.purpose,
        )? {
            return Ok(Some(c));
        }
    }
    Ok(None)
}

/// Revokes the referral's grant, if it has an active one.
fn end_grant(tx: &Transaction<'_>, r: &Current, by: &str) -> Result<()> {
    match &r.grant_id {
        Some(grant) => match revoke_owned(tx, &r.from_org, by, grant) {
            Ok(()) | Err(StoreError::NotFound) => Ok(()),
            Err(e) => Err(e),
        },
        None => Ok(()),
    }
}

impl SqliteBackend {
    /// The receiver's own case, opened from the sender's: the whole record, sealed under the
    /// receiver's key, in an import of its own that names the referral.
    fn open_received_case(
        &self,
        tx: &Transaction<'_>,
        actor: &Actor,
        r: &Current,
        referral_id: &str,
        case_id: &str,
        import_id: &str,
    ) -> Result<i64> {
        let own = &actor.organisation().id;
        let (open, sealed, version): (String, Option<Vec<u8>>, Option<i64>) = tx.query_row(
            "SELECT c.record, s.personal, c.key_version FROM cases c
             LEFT JOIN case_secrets s ON s.case_pk = c.pk WHERE c.pk = ?1",
            [r.case_pk],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )?;
        let open = rastro_model::CaseRecord::from_compact(&open).map_err(|reason| {
            StoreError::Corrupt {
                id: r.case_id.clone(),
                reason,
            }
        })?;
        let whole = match version {
            Some(v) => {
                let key = self.ring.data(tx, &self.keys, &r.from_org, v as u32)?;
                open_case(open, sealed.as_deref(), &key, &r.from_org, &r.case_id)?
            }
            None => open,
        };
        let keys = self.ring.org_keys(tx, &self.keys, own)?;
        let now = now_rfc3339();
        tx.execute(
            "INSERT INTO imports (id, org_id, source_file, format, started_at, finished_at,
                 status, imported)
             VALUES (?1, ?2, ?3, 'referral', ?4, ?4, 'finished', 1)",
            params![import_id, own, format!("referral {referral_id}"), now],
        )?;
        // The content key says where it came from: the same referral cannot be opened twice.
        let prepared = prepare_case(
            &whole,
            format!("referral:{referral_id}").as_bytes(),
            1,
            case_id.to_string(),
            own,
            &keys.sealing(),
        )?;
        let pk = CaseWriter::new(tx)?
            .write(own, import_id, keys.version, &prepared)?
            .ok_or_else(|| StoreError::Invalid("this referral's case was opened already".into()))?;
        Ok(pk)
    }
}
