//! Referrals in PostgreSQL: the rows `crate::referral_rules` moves them with, each move and
//! what it grants or revokes in one transaction together with its audit event.

use postgres::{Row, Transaction};

use super::cases::write_cases;
use super::grants::Sharing;
use super::keyring::Rows;
use super::value::{Named, Value};
use super::PgBackend;
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

impl ReferralTx for Sharing<'_, '_> {
    fn overdue(&mut self, now: &str) -> Result<Vec<(String, String, Option<String>)>> {
        self.tx
            .query(
                "SELECT id, from_org_id, grant_id FROM referrals
                 WHERE status = 'sent' AND expires_at <= $1 ORDER BY id",
                &[&now],
            )?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect()
    }

    fn mark_expired(&mut self, id: &str, now: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE referrals SET status = 'expired', decided_at = $1, decision_reason = $2
             WHERE id = $3",
            &[&now, &EXPIRED_REASON, &id],
        )?;
        Ok(())
    }

    fn current(&mut self, id: &str) -> Result<Option<Current>> {
        let Some(r) = self.tx.query_opt(
            "SELECT r.case_pk, c.id, r.from_org_id, r.to_org_id, t.name, r.purpose, r.status,
                    r.grant_id
             FROM referrals r JOIN cases c ON c.org_id = r.from_org_id AND c.pk = r.case_pk
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

    fn consents_of_case(&mut self, case_pk: i64, org: &str) -> Result<Vec<String>> {
        Ok(self
            .tx
            .query(
                "SELECT id FROM consents WHERE case_pk = $1 AND org_id = $2
                 AND withdrawn_at IS NULL ORDER BY given_at DESC",
                &[&case_pk, &org],
            )?
            .iter()
            .map(|row| row.try_get(0))
            .collect::<std::result::Result<_, _>>()?)
    }

    fn mark_sent(&mut self, id: &str, now: &str, sent: &SentRow<'_>) -> Result<()> {
        self.tx.execute(
            "UPDATE referrals SET status = 'sent', sent_at = $1, expires_at = $2,
                 consent_id = $3, override_reason = $4, grant_id = $5
             WHERE id = $6",
            &[
                &now,
                &sent.expires_at,
                &sent.consent_id,
                &sent.override_reason,
                &sent.grant_id,
                &id,
            ],
        )?;
        Ok(())
    }

    fn mark(&mut self, id: &str, now: &str, decision: Decision<'_>) -> Result<()> {
        match decision {
            Decision::Accepted => self.tx.execute(
                "UPDATE referrals SET status = 'accepted', decided_at = $1 WHERE id = $2",
                &[&now, &id],
            )?,
            Decision::Rejected { reason } => self.tx.execute(
                "UPDATE referrals SET status = 'rejected', decided_at = $1,
                     decision_reason = $2 WHERE id = $3",
                &[&now, &reason, &id],
            )?,
            Decision::Withdrawn => self.tx.execute(
                "UPDATE referrals SET status = 'withdrawn', decided_at = $1 WHERE id = $2",
                &[&now, &id],
            )?,
            Decision::Closed { outcome } => self.tx.execute(
                "UPDATE referrals SET status = 'closed', closed_at = $1, outcome = $2
                 WHERE id = $3",
                &[&now, &outcome, &id],
            )?,
        };
        Ok(())
    }

    fn set_receiver_case(&mut self, id: &str, case_pk: i64, case_id: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE referrals SET receiver_case_pk = $1, receiver_case_id = $3 WHERE id = $2",
            &[&case_pk, &id, &case_id],
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
        let row = self.tx.query_one(
            "SELECT c.record, s.personal, c.key_version FROM cases c
             LEFT JOIN case_secrets s ON s.org_id = c.org_id AND s.case_pk = c.pk
             WHERE c.org_id = $2 AND c.pk = $1",
            &[&r.case_pk, &r.from_org],
        )?;
        let (open, sealed, version): (String, Option<Vec<u8>>, Option<i64>) =
            (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        let keys = b.ring.org_keys(&Rows::new(self.tx), &b.keys, own)?;
        let prepared = received_case(
            r,
            &open,
            sealed.as_deref(),
            version,
            |v| b.ring.data(&Rows::new(self.tx), &b.keys, &r.from_org, v),
            referral_id,
            case_id,
            own,
            &keys.sealing(),
        )?;
        self.tx.execute(
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
            self.tx,
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
            let lookup = self.case_lookup(tx, referral.case_id)?;
            let case_pk: i64 = tx
                .query_opt(
                    "SELECT pk FROM cases WHERE id_lookup = $1 AND org_id = $2",
                    &[&lookup, own],
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
        let (grant, import) = (self.id()?, self.id()?);
        let opened_case = self.new_case_id()?;
        let ids = MoveIds {
            grant: &grant,
            opened_case: &opened_case,
            import: &import,
        };
        self.write_audited(audit, |tx, audit| {
            move_referral(
                &mut Sharing { tx, backend: self },
                &ids,
                actor,
                id,
                transition,
                audit,
            )?;
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
            expire_overdue(&mut Sharing { tx, backend: self })?;
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
