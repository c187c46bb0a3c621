//! Referrals in SQLite: every move and what it grants or revokes in one transaction together
//! with its audit event (the state machine itself is `crate::referral_rules`).

use rusqlite::{named_params, params, OptionalExtension, Row, Transaction};

use super::cases::CaseWriter;
use super::grants::{consent_covers, insert_grant, revoke_owned};
use super::SqliteBackend;
use crate::api::members::Actor;
use crate::api::referrals::{
    Direction, NewReferral, ReferralBackend, ReferralInfo, ReferralStatus, Transition,
};
use crate::api::trace::AuditDraft;
use crate::referral_rules::{
    admit, basis, check, check_receiver, chosen_consent, grant, opened_already, received_case,
    received_source, Current, ReferralRow, EXPIRED_REASON,
};
use crate::sql::grants::{referral_by_id, referrals as referrals_sql};
use crate::time::{now_rfc3339, rfc3339_after};
use crate::{Result, StoreError};

fn info(r: &Row<'_>) -> rusqlite::Result<ReferralRow> {
    Ok(ReferralRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        from: r.get(2)?,
        to: r.get(3)?,
        purpose: r.get(4)?,
        status: r.get(5)?,
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
    tx.query_row(
        &referral_by_id(),
        named_params! {":id": id, ":org": actor.organisation().id},
        info,
    )?
    .into_info()
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
            "UPDATE referrals SET status = 'expired', decided_at = ?1, decision_reason = ?2
             WHERE id = ?3",
            params![now, EXPIRED_REASON, id],
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
            check_receiver(&to, own)?;
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
            let (r, sender) = admit(current(tx, id)?, own)?;
            audit.records.push((r.from_org.clone(), r.case_id.clone()));
            check(&transition, sender, r.status)?;
            match transition {
                Transition::Send(sending) => {
                    let consent = chosen_consent(sending, || covering_consent(tx, &r))?;
                    let basis = basis(consent.as_deref(), sending.override_reason, |c| {
                        consent_covers(tx, c, own, r.case_pk, Some(&r.to_org), None, &r.purpose)
                    })?;
                    let expires = rfc3339_after(sending.days * 86_400);
                    insert_grant(tx, &grant_id, actor, &grant(&r, basis, &expires), audit)?;
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
                    tx.execute(
                        "UPDATE referrals SET status = 'accepted', decided_at = ?1 WHERE id = ?2",
                        params![now, id],
                    )?;
                    if open_case {
                        let pk =
                            self.open_received_case(tx, actor, &r, id, &opened_id, &import_id)?;
                        tx.execute(
                            "UPDATE referrals SET receiver_case_pk = ?1 WHERE id = ?2",
                            params![pk, id],
                        )?;
                        audit.records.push((own.clone(), opened_id.clone()));
                    }
                }
                Transition::Reject { reason } => {
                    tx.execute(
                        "UPDATE referrals SET status = 'rejected', decided_at = ?1,
                             decision_reason = ?2 WHERE id = ?3",
                        params![now, reason.trim(), id],
                    )?;
                    end_grant(tx, &r, actor.user_id())?;
                }
                Transition::Withdraw => {
                    tx.execute(
                        "UPDATE referrals SET status = 'withdrawn', decided_at = ?1 WHERE id = ?2",
                        params![now, id],
                    )?;
                    end_grant(tx, &r, actor.user_id())?;
                }
                Transition::Close { outcome } => {
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
            let found: Vec<ReferralInfo> = tx
                .prepare(&referrals_sql(direction))?
                .query_map(named_params! {":org": actor.organisation().id}, info)?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .map(ReferralRow::into_info)
                .collect::<Result<_>>()?;
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
        let keys = self.ring.org_keys(tx, &self.keys, own)?;
        let prepared = received_case(
            r,
            &open,
            sealed.as_deref(),
            version,
            |v| self.ring.data(tx, &self.keys, &r.from_org, v),
            referral_id,
            case_id,
            own,
            &keys.sealing(),
        )?;
        tx.execute(
            "INSERT INTO imports (id, org_id, source_file, format, started_at, finished_at,
                 status, imported)
             VALUES (?1, ?2, ?3, 'referral', ?4, ?4, 'finished', 1)",
            params![import_id, own, received_source(referral_id), now_rfc3339()],
        )?;
        let pk = CaseWriter::new(tx)?
            .write(own, import_id, keys.version, &prepared)?
            .ok_or_else(opened_already)?;
        Ok(pk)
    }
}
