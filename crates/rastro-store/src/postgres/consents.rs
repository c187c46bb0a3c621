//! Consents in PostgreSQL (their columns and list are `sql/grants.rs`; what a row means is
//! `crate::consent_rows`).

use postgres::{Row, Transaction};

use super::grants::Sharing;
use super::value::{Named, Value};
use super::PgBackend;
use crate::api::consents::{ConsentBackend, ConsentInfo, NewConsent};
use crate::api::grants::Grantee;
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::consent_rows::{htcds_evidence, ConsentRow, HTCDS_CONSENTS};
use crate::grant_rows::{recipient, revoke_owned, Recipient};
use crate::referral_rules::CONSENT_WITHDRAWN_REASON;
use crate::sql::grants::{consent_by_id as by_id_sql, consents as consents_sql};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

/// Turns the HTCDS checkboxes the organisation's cases keep into consent records.
fn materialise_htcds(backend: &PgBackend, tx: &mut Transaction<'_>, actor: &Actor) -> Result<()> {
    let org = &actor.organisation().id;
    let pending: Vec<(i64, i64, String, i64, String)> = tx
        .query(
            "SELECT c.pk, c.htcds_consent, c.import_id, c.source_row, im.started_at
             FROM cases c JOIN imports im ON im.org_id = c.org_id AND im.id = c.import_id
             WHERE c.org_id = $1 AND c.htcds_consent <> 0
             ORDER BY c.pk",
            &[org],
        )?
        .iter()
        .map(|r| {
            Ok((
                r.try_get(0)?,
                r.try_get(1)?,
                r.try_get(2)?,
                r.try_get(3)?,
                r.try_get(4)?,
            ))
        })
        .collect::<Result<_>>()?;
    let own = Grantee::Organisation(actor.organisation().name.clone());
    for (pk, bits, import, row, at) in pending {
        for (bit, field, purpose) in HTCDS_CONSENTS {
            if bits & bit != 0 {
                insert_consent(
                    tx,
                    &backend.id()?,
                    org,
                    pk,
                    &own,
                    purpose,
                    &htcds_evidence(field, row, &import),
                    "import",
                    "import",
                )?;
                // Given when the case was imported, not when it was first listed.
                tx.execute(
                    "UPDATE consents SET given_at = $1
                     WHERE org_id = $3 AND case_pk = $2 AND source = 'import'",
                    &[&at, &pk, org],
                )?;
            }
        }
        tx.execute(
            "UPDATE cases SET htcds_consent = 0 WHERE org_id = $2 AND pk = $1",
            &[&pk, org],
        )?;
    }
    Ok(())
}

fn consent_row(r: &Row) -> Result<ConsentInfo> {
    Ok(ConsentRow {
        id: r.try_get(0)?,
        case_id: r.try_get(1)?,
        grantee_name: r.try_get(2)?,
        grantee_kind: r.try_get(3)?,
        purpose: r.try_get(4)?,
        evidence: r.try_get(5)?,
        given_at: r.try_get(6)?,
        withdrawn_at: r.try_get(7)?,
        source: r.try_get(8)?,
    }
    .into_info())
}

fn consent_by_id(tx: &mut Transaction<'_>, id: &str) -> Result<ConsentInfo> {
    let named = Named::new(&by_id_sql(), &[(":id", Value::from(id))])?;
    consent_row(&tx.query_one(&named.sql, &named.params())?)
}

/// Stores a consent inside `tx` (recorded by hand, or read from a case's HTCDS fields).
#[allow(clippy::too_many_arguments)]
fn insert_consent(
    tx: &mut Transaction<'_>,
    id: &str,
    org: &str,
    case_pk: i64,
    to: &Grantee,
    purpose: &str,
    evidence: &str,
    recorded_by: &str,
    source: &str,
) -> Result<()> {
    let (to_org, to_kind) = match recipient(to) {
        Recipient::Named(name) => {
            let found: Option<String> = tx
                .query_opt("SELECT id FROM organisations WHERE name = $1", &[&name])?
                .map(|r| r.try_get(0))
                .transpose()?;
            (Some(found.ok_or(StoreError::NotFound)?), None)
        }
        Recipient::Kind(kind) => (None, Some(kind)),
    };
    tx.execute(
        "INSERT INTO consents (id, org_id, case_pk, grantee_org_id, grantee_kind, purpose,
             evidence, given_at, recorded_by, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            &id,
            &org,
            &case_pk,
            &to_org,
            &to_kind,
            &purpose.trim(),
            &evidence.trim(),
            &now_rfc3339(),
            &recorded_by,
            &source,
        ],
    )?;
    Ok(())
}

impl ConsentBackend for PgBackend {
    fn record_consent(
        &self,
        actor: &Actor,
        consent: &NewConsent<'_>,
        audit: AuditDraft,
    ) -> Result<ConsentInfo> {
        let id = self.id()?;
        self.write_audited(audit, |tx, audit| {
            let org = &actor.organisation().id;
            let lookup = self.case_lookup(tx, consent.case_id)?;
            let case_pk: i64 = tx
                .query_opt(
                    "SELECT pk FROM cases WHERE id_lookup = $1 AND org_id = $2",
                    &[&lookup, org],
                )?
                .ok_or(StoreError::NotFound)?
                .try_get(0)?;
            insert_consent(
                tx,
                &id,
                org,
                case_pk,
                &consent.to,
                consent.purpose,
                consent.evidence,
                actor.user_id(),
                "recorded",
            )?;
            audit.detail.push(("consent", id.clone()));
            consent_by_id(tx, &id)
        })
    }

    fn withdraw_consent(
        &self,
        actor: &Actor,
        id: &str,
        audit: AuditDraft,
    ) -> Result<(ConsentInfo, u64)> {
        self.write_audited(audit, |tx, audit| {
            let org = &actor.organisation().id;
            let changed = tx.execute(
                "UPDATE consents SET withdrawn_at = $1
                 WHERE id = $2 AND org_id = $3 AND withdrawn_at IS NULL",
                &[&now_rfc3339(), &id, org],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            let grants: Vec<String> = tx
                .query(
                    "SELECT id FROM grants WHERE consent_id = $1 AND org_id = $2
                     AND revoked_at IS NULL",
                    &[&id, org],
                )?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<std::result::Result<_, _>>()?;
            let mut rows = Sharing { tx, backend: self };
            for grant in &grants {
                revoke_owned(&mut rows, org, actor.user_id(), grant)?;
            }
            // Referrals sent on it end with it.
            tx.execute(
                "UPDATE referrals SET status = 'withdrawn', decided_at = $1,
                     decision_reason = $2
                 WHERE consent_id = $3 AND status IN ('draft', 'sent')",
                &[&now_rfc3339(), &CONSENT_WITHDRAWN_REASON, &id],
            )?;
            audit.count = Some(grants.len() as u64);
            Ok((consent_by_id(tx, id)?, grants.len() as u64))
        })
    }

    fn consents(
        &self,
        actor: &Actor,
        case_id: Option<&str>,
        audit: AuditDraft,
    ) -> Result<Vec<ConsentInfo>> {
        self.write_audited(audit, |tx, audit| {
            let lookup = case_id.map(|id| self.case_lookup(tx, id)).transpose()?;
            let named = Named::new(
                &consents_sql(),
                &[
                    (":org", Value::from(actor.organisation().id.as_str())),
                    (":case", Value::from(lookup.as_deref())),
                ],
            )?;
            materialise_htcds(self, tx, actor)?;
            let found: Vec<ConsentInfo> = tx
                .query(&named.sql, &named.params())?
                .iter()
                .map(consent_row)
                .collect::<Result<_>>()?;
            audit.count = Some(found.len() as u64);
            Ok(found)
        })
    }
}
