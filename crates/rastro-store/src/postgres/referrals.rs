//! Referrals in PostgreSQL: every move and what it grants or revokes in one transaction
//! together with its audit event (the state machine itself is `crate::referral_rules`).

use postgres::{Row, Transaction};

use super::cases::write_cases;
use super::grants::{consent_covers, insert_grant, revoke_owned};
use super::keyring::Rows;
use super::value::{Named, Value};
use super::PgBackend;
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

fn info(r: &Row) -> Result<ReferralInfo> {
    ReferralRow {
        id: r.try_get(0)?,
        case_id: r.try_get(1)?,
        from: r.try_get(2)?,
        to: r.try_get(3)?,
        purpose: r.try_get(4)?,
        status: r.try_get(5)?,
        consent_id: r.try_get(6)?,
        override_reason: r.try_get(7)?,
        created_at: r.try_get(8)?,
        sent_at: r.try_get(9)?,
        expires_at: r.try_get(10)?,
        decided_at: r.try_get(11)?,
        decision_reason: r.try_get(12)?,
        closed_at: r.try_get(13)?,
        outcome: r.try_get(14)?,
        receiver_case_id: r.try_get(15)?,
    }
    .into_info()
}

fn by_id(tx: &mut Transaction<'_>, actor: &Actor, id: &str) -> Result<ReferralInfo> {
    let named = Named::new(
        &referral_by_id(),
        &[
            (":id", Value::from(id)),
            (":org", Value::from(actor.organisation().id.as_str())),
        ],
    )?;
    info(&tx.query_one(&named.sql, &named.params())?)
}

/// Marks the sent referrals whose answer is overdue as expired, and revokes their grants.
fn expire_overdue(tx: &mut Transaction<'_>) -> Result<()> {
    let now = now_rfc3339();
    let overdue: Vec<(String, String, Option<String>)> = tx
        .query(
            "SELECT id, from_org_id, grant_id FROM referrals
             WHERE status = 'sent' AND expires_at <= $1 ORDER BY id",
            &[&now],
        )?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect::<Result<_>>()?;
    for (id, from, grant) in overdue {
        tx.execute(
            "UPDATE referrals SET status = 'expired', decided_at = $1, decision_reason = $2
             WHERE id = $3",
            &[&now, &EXPIRED_REASON, &id],
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

fn current(tx: &mut Transaction<'_>, id: &str) -> Result<Option<Current>> {
    let Some(r) = tx.query_opt(
        "SELECT r.case_pk, c.id, r.from_org_id, r.to_org_id, t.name, r.purpose, r.status,
                r.grant_id
         FROM referrals r JOIN cases c ON c.pk = r.case_pk
         JOIN organisations t ON t.id = r.to_org_id WHERE r.id = $1",
        &[&id],
    )?
    else {
        return Ok(None);
    };
    let status: String = r.try_get(6)?;
    let Some(status) = ReferralStatus::parse(&status) else {
        return Ok(None);
    };
    Ok(Some(Current {
        case_pk: r.try_get(0)?,
        case_id: r.try_get(1)?,
        from_org: r.try_get(2)?,
        to_org: r.try_get(3)?,
        to_name: r.try_get(4)?,
        purpose: r.try_get(5)?,
        status,
        grant_id: r.try_get(7)?,
    }))
}

/// The active consent of the referral's case that covers its receiver and purpose, if any.
fn covering_consent(tx: &mut Transaction<'_>, r: &Current) -> Result<Option<String>> {
    let candidates: Vec<String> = tx
        .query(
            "SELECT id FROM consents WHERE case_pk = $1 AND org_id = $2
             AND withdrawn_at IS NULL ORDER BY given_at DESC",
            &[&r.case_pk, &r.from_org],
        )?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<std::result::Result<_, _>>()?;
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
fn end_grant(tx: &mut Transaction<'_>, r: &Current, by: &str) -> Result<()> {
    match &r.grant_id {
        Some(grant) => match revoke_owned(tx, &r.from_org, by, grant) {
            Ok(()) | Err(StoreError::NotFound) => Ok(()),
            Err(e) => Err(e),
        },
        None => Ok(()),
    }
}

impl ReferralBackend for PgBackend {
    fn draft_referral(
        &self,
        actor: &Actor,
        referral: &NewReferral<'_>,
        audit: AuditDraft,
    ) -> Result<ReferralInfo> {
        let id = self.id()?;
        self.write_audited(audit, |tx, audit| {
            let own = &actor.organisation().id;
            let case_pk: i64 = tx
                .query_opt(
                    "SELECT pk FROM cases WHERE id = $1 AND org_id = $2",
                    &[&referral.case_id, own],
                )?
                .ok_or(StoreError::NotFound)?
                .try_get(0)?;
            let to: String = tx
                .query_opt(
                    "SELECT id FROM organisations WHERE name = $1",
                    &[&referral.to.trim()],
                )?
                .ok_or(StoreError::NotFound)?
                .try_get(0)?;
            check_receiver(&to, own)?;
            tx.execute(
                "INSERT INTO referrals (id, case_pk, from_org_id, to_org_id, purpose, status,
                     created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7)",
                &[
                    &id,
                    &case_pk,
                    own,
                    &to,
                    &referral.purpose.trim(),
                    &actor.user_id(),
                    &now_rfc3339(),
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
                        "UPDATE referrals SET status = 'sent', sent_at = $1, expires_at = $2,
                             consent_id = $3, override_reason = $4, grant_id = $5
                         WHERE id = $6",
                        &[
                            &now,
                            &expires,
                            &consent,
                            &sending.override_reason.map(str::trim),
                            &grant_id,
                            &id,
                        ],
                    )?;
                    if sending.override_reason.is_some() {
                        audit.detail.push(("override", "true".into()));
                    }
                }
                Transition::Accept { open_case } => {
                    tx.execute(
                        "UPDATE referrals SET status = 'accepted', decided_at = $1 WHERE id = $2",
                        &[&now, &id],
                    )?;
                    if open_case {
                        let pk =
                            self.open_received_case(tx, actor, &r, id, &opened_id, &import_id)?;
                        tx.execute(
                            "UPDATE referrals SET receiver_case_pk = $1 WHERE id = $2",
                            &[&pk, &id],
                        )?;
                        audit.records.push((own.clone(), opened_id.clone()));
                    }
                }
                Transition::Reject { reason } => {
                    tx.execute(
                        "UPDATE referrals SET status = 'rejected', decided_at = $1,
                             decision_reason = $2 WHERE id = $3",
                        &[&now, &reason.trim(), &id],
                    )?;
                    end_grant(tx, &r, actor.user_id())?;
                }
                Transition::Withdraw => {
                    tx.execute(
                        "UPDATE referrals SET status = 'withdrawn', decided_at = $1 WHERE id = $2",
                        &[&now, &id],
                    )?;
                    end_grant(tx, &r, actor.user_id())?;
                }
                Transition::Close { outcome } => {
                    tx.execute(
                        "UPDATE referrals SET status = 'closed', closed_at = $1, outcome = $2
                         WHERE id = $3",
                        &[&now, &outcome.trim(), &id],
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
        let named = Named::new(
            &referrals_sql(direction),
            &[(":org", Value::from(actor.organisation().id.as_str()))],
        )?;
        self.write_audited(audit, |tx, audit| {
            expire_overdue(tx)?;
            let found: Vec<ReferralInfo> = tx
                .query(&named.sql, &named.params())?
                .iter()
                .map(info)
                .collect::<Result<_>>()?;
            audit.count = Some(found.len() as u64);
            Ok(found)
        })
    }
}

impl PgBackend {
    /// The receiver's own case, opened from the sender's: the whole record, sealed under the
    /// receiver's key, in an import of its own that names the referral.
    fn open_received_case(
        &self,
        tx: &mut Transaction<'_>,
        actor: &Actor,
        r: &Current,
        referral_id: &str,
        case_id: &str,
        import_id: &str,
    ) -> Result<i64> {
        let own = &actor.organisation().id;
        let row = tx.query_one(
            "SELECT c.record, s.personal, c.key_version FROM cases c
             LEFT JOIN case_secrets s ON s.case_pk = c.pk WHERE c.pk = $1",
            &[&r.case_pk],
        )?;
        let (open, sealed, version): (String, Option<Vec<u8>>, Option<i64>) =
            (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        let keys = self.ring.org_keys(&Rows::new(tx), &self.keys, own)?;
        let prepared = received_case(
            r,
            &open,
            sealed.as_deref(),
            version,
            |v| self.ring.data(&Rows::new(tx), &self.keys, &r.from_org, v),
            referral_id,
            case_id,
            own,
            &keys.sealing(),
        )?;
        tx.execute(
            "INSERT INTO imports (id, org_id, source_file, format, started_at, finished_at,
                 status, imported)
             VALUES ($1, $2, $3, 'referral', $4, $4, 'finished', 1)",
            &[
                &import_id,
                own,
                &received_source(referral_id),
                &now_rfc3339(),
            ],
        )?;
        write_cases(
            tx,
            own,
            import_id,
            keys.version,
            std::slice::from_ref(&prepared),
        )?
        .into_iter()
        .next()
        .flatten()
        .ok_or_else(opened_already)
    }
}
