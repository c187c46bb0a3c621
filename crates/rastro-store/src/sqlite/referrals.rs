//! Referrals in SQLite: the rows `crate::referral_rules` moves them with, each move and what it
//! grants or revokes in one transaction together with its audit event.

use rusqlite::{named_params, params, OptionalExtension, Row, Transaction};

use super::cases::CaseWriter;
use super::grants::Sharing;
use super::SqliteBackend;
use crate::api::members::Actor;
use crate::api::referrals::{
    Direction, NewReferral, ReferralBackend, ReferralInfo, ReferralStatus, Transition,
};
use crate::api::trace::AuditDraft;
use crate::ids::CaseId;
use crate::referral_rules::{
    check_receiver, expire_overdue, move_referral, opened_already, received_case, received_source,
    Current, Decision, MoveIds, ReferralRow, ReferralTx, SentRow, EXPIRED_REASON,
};
use crate::sql::grants::{referral_by_id, referrals as referrals_sql};
use crate::time::now_rfc3339;
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

impl ReferralTx for Sharing<'_, '_> {
    fn overdue(&mut self, now: &str) -> Result<Vec<(String, String, Option<String>)>> {
        Ok(self
            .tx
            .prepare(
                "SELECT id, from_org_id, grant_id FROM referrals
                 WHERE status = 'sent' AND expires_at <= ?1",
            )?
            .query_map([now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn mark_expired(&mut self, id: &str, now: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE referrals SET status = 'expired', decided_at = ?1, decision_reason = ?2
             WHERE id = ?3",
            params![now, EXPIRED_REASON, id],
        )?;
        Ok(())
    }

    fn current(&mut self, id: &str) -> Result<Option<Current>> {
        let row = self
            .tx
            .query_row(
                "SELECT r.case_pk, c.id, r.from_org_id, r.to_org_id, t.name, r.purpose,
                        r.status, r.grant_id
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

    fn consents_of_case(&mut self, case_pk: i64, org: &str) -> Result<Vec<String>> {
        Ok(self
            .tx
            .prepare(
                "SELECT id FROM consents WHERE case_pk = ?1 AND org_id = ?2
                 AND withdrawn_at IS NULL ORDER BY given_at DESC",
            )?
            .query_map(params![case_pk, org], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn mark_sent(&mut self, id: &str, now: &str, sent: &SentRow<'_>) -> Result<()> {
        self.tx.execute(
            "UPDATE referrals SET status = 'sent', sent_at = ?1, expires_at = ?2,
                 consent_id = ?3, override_reason = ?4, grant_id = ?5
             WHERE id = ?6",
            params![
                now,
                sent.expires_at,
                sent.consent_id,
                sent.override_reason,
                sent.grant_id,
                id
            ],
        )?;
        Ok(())
    }

    fn mark(&mut self, id: &str, now: &str, decision: Decision<'_>) -> Result<()> {
        match decision {
            Decision::Accepted => self.tx.execute(
                "UPDATE referrals SET status = 'accepted', decided_at = ?1 WHERE id = ?2",
                params![now, id],
            )?,
            Decision::Rejected { reason } => self.tx.execute(
                "UPDATE referrals SET status = 'rejected', decided_at = ?1,
                     decision_reason = ?2 WHERE id = ?3",
                params![now, reason, id],
            )?,
            Decision::Withdrawn => self.tx.execute(
                "UPDATE referrals SET status = 'withdrawn', decided_at = ?1 WHERE id = ?2",
                params![now, id],
            )?,
            Decision::Closed { outcome } => self.tx.execute(
                "UPDATE referrals SET status = 'closed', closed_at = ?1, outcome = ?2
                 WHERE id = ?3",
                params![now, outcome, id],
            )?,
        };
        Ok(())
    }

    fn set_receiver_case(&mut self, id: &str, case_pk: i64, case_id: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE referrals SET receiver_case_pk = ?1, receiver_case_id = ?3 WHERE id = ?2",
            params![case_pk, id, case_id],
        )?;
        Ok(())
    }

    /// The receiver's own case, opened from the sender's: the whole record, sealed under the
    /// receiver's key, in an import of its own that names the referral.
    fn open_received_case(
        &mut self,
        actor: &Actor,
        r: &Current,
        referral_id: &str,
        case_id: &CaseId,
        import_id: &str,
    ) -> Result<i64> {
        let b = self.backend;
        let own = &actor.organisation().id;
        let (open, sealed, version): (String, Option<Vec<u8>>, Option<i64>) = self.tx.query_row(
            "SELECT c.record, s.personal, c.key_version FROM cases c
             LEFT JOIN case_secrets s ON s.case_pk = c.pk WHERE c.pk = ?1",
            [r.case_pk],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )?;
        let keys = b.ring.org_keys(self.tx, &b.keys, own)?;
        let prepared = received_case(
            r,
            &open,
            sealed.as_deref(),
            version,
            |v| b.ring.data(self.tx, &b.keys, &r.from_org, v),
            referral_id,
            case_id,
            own,
            &keys.sealing(),
        )?;
        self.tx.execute(
            "INSERT INTO imports (id, org_id, source_file, format, started_at, finished_at,
                 status, imported)
             VALUES (?1, ?2, ?3, 'referral', ?4, ?4, 'finished', 1)",
            params![import_id, own, received_source(referral_id), now_rfc3339()],
        )?;
        let tier = self.tier.as_deref_mut().ok_or_else(|| {
            StoreError::Invalid("a case is stored only with the view of unfiled keys".into())
        })?;
        let pk = CaseWriter::new(self.tx, tier)?
            .write(own, import_id, keys.version, &prepared)?
            .ok_or_else(opened_already)?;
        Ok(pk)
    }
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
            let lookup = self.case_lookup(tx, referral.case_id)?;
            let case_pk: Option<i64> = tx
                .query_row(
                    "SELECT pk FROM cases WHERE id_lookup = ?1 AND org_id = ?2",
                    params![lookup, own],
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
        let (grant, import) = (self.id()?, self.id()?);
        let opened_case = self.new_case_id()?;
        let ids = MoveIds {
            grant: &grant,
            opened_case: &opened_case,
            import: &import,
        };
        // Accepting a referral stores the receiver's case: through the view of unfiled keys.
        self.write_cases(audit, |tx, audit, tier| {
            let mut rows = Sharing {
                tx,
                backend: self,
                tier: Some(tier),
            };
            move_referral(&mut rows, &ids, actor, id, transition, audit)?;
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
            expire_overdue(&mut Sharing::without_cases(tx, self))?;
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
