//! Consents in SQLite (their columns and list are `sql/grants.rs`; what a row means is
//! `crate::consent_rows`).

use rusqlite::{named_params, params, OptionalExtension, Row, Transaction};

use super::grants::Sharing;
use super::SqliteBackend;
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
fn materialise_htcds(backend: &SqliteBackend, tx: &Transaction<'_>, actor: &Actor) -> Result<()> {
    let org = &actor.organisation().id;
    let pending: Vec<(i64, i64, String, i64, String)> = tx
        .prepare(
            "SELECT c.pk, c.htcds_consent, c.import_id, c.source_row, im.started_at
             FROM cases c JOIN imports im ON im.id = c.import_id
             WHERE c.org_id = ?1 AND c.htcds_consent <> 0",
        )?
        .query_map([org], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
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
                    "UPDATE consents SET given_at = ?1 WHERE case_pk = ?2 AND source = 'import'",
                    params![at, pk],
                )?;
            }
        }
        tx.execute("UPDATE cases SET htcds_consent = 0 WHERE pk = ?1", [pk])?;
    }
    Ok(())
}

fn consent_row(r: &Row<'_>) -> rusqlite::Result<ConsentInfo> {
    Ok(ConsentRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        grantee_name: r.get(2)?,
        grantee_kind: r.get(3)?,
        purpose: r.get(4)?,
        evidence: r.get(5)?,
        given_at: r.get(6)?,
        withdrawn_at: r.get(7)?,
        source: r.get(8)?,
    }
    .into_info())
}

fn consent_by_id(tx: &Transaction<'_>, id: &str) -> Result<ConsentInfo> {
    Ok(tx.query_row(&by_id_sql(), named_params! {":id": id}, consent_row)?)
}

/// Stores a consent inside `tx` (recorded by hand, or read from a case's HTCDS fields).
#[allow(clippy::too_many_arguments)]
pub(super) fn insert_consent(
    tx: &Transaction<'_>,
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
                .query_row(
                    "SELECT id FROM organisations WHERE name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .optional()?;
            (Some(found.ok_or(StoreError::NotFound)?), None)
        }
        Recipient::Kind(kind) => (None, Some(kind)),
    };
    tx.execute(
        "INSERT INTO consents (id, org_id, case_pk, grantee_org_id, grantee_kind, purpose,
             evidence, given_at, recorded_by, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            id,
            org,
            case_pk,
            to_org,
            to_kind,
            purpose.trim(),
            evidence.trim(),
            now_rfc3339(),
            recorded_by,
            source
        ],
    )?;
    Ok(())
}

impl ConsentBackend for SqliteBackend {
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
            let case_pk: Option<i64> = tx
                .query_row(
                    "SELECT pk FROM cases WHERE id_lookup = ?1 AND org_id = ?2",
                    params![lookup, org],
                    |r| r.get(0),
                )
                .optional()?;
            let case_pk = case_pk.ok_or(StoreError::NotFound)?;
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
            let changed = tx.execute(
                "UPDATE consents SET withdrawn_at = ?1
                 WHERE id = ?2 AND org_id = ?3 AND withdrawn_at IS NULL",
                params![now_rfc3339(), id, actor.organisation().id],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound);
            }
            let grants: Vec<String> = tx
                .prepare(
                    "SELECT id FROM grants WHERE consent_id = ?1 AND org_id = ?2
                     AND revoked_at IS NULL",
                )?
                .query_map(params![id, actor.organisation().id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut rows = Sharing::without_cases(tx, self);
            for grant in &grants {
                revoke_owned(&mut rows, &actor.organisation().id, actor.user_id(), grant)?;
            }
            // Referrals sent on it end with it.
            tx.execute(
                "UPDATE referrals SET status = 'withdrawn', decided_at = :now,
                     decision_reason = :reason
                 WHERE consent_id = :id AND status IN ('draft', 'sent')",
                named_params! {
                    ":now": now_rfc3339(),
                    ":id": id,
                    ":reason": CONSENT_WITHDRAWN_REASON
                },
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
            materialise_htcds(self, tx, actor)?;
            let lookup = case_id.map(|id| self.case_lookup(tx, id)).transpose()?;
            let found: Vec<ConsentInfo> = tx
                .prepare(&consents_sql())?
                .query_map(
                    named_params! {":org": actor.organisation().id, ":case": lookup},
                    consent_row,
                )?
                .collect::<rusqlite::Result<_>>()?;
            audit.count = Some(found.len() as u64);
            Ok(found)
        })
    }
}
