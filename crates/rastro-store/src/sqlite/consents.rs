//! Consents in SQLite.

use rusqlite::{named_params, params, OptionalExtension, Row, Transaction};

use super::grants::revoke_in;
use super::SqliteBackend;
use crate::api::access::OrgKind;
use crate::api::consents::{ConsentBackend, ConsentInfo, NewConsent};
use crate::api::grants::Grantee;
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

/// HTCDS's consent checkboxes: the bit a case keeps, the field, and the consent it stands for
/// (to the owning organisation).
pub(super) const HTCDS_CONSENTS: [(i64, &str, &str); 2] = [
    (1, "con_Consent", "interview and case management"),
    (
        2,
        "vic_AgreementToManagePersonalData",
        "management of personal data",
    ),
];

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
                    &format!("HTCDS {field}, row {row} of import {import}"),
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

const CONSENT_COLUMNS: &str = "k.id, c.id, o.name, k.grantee_kind, k.purpose, k.evidence,
     k.given_at, k.withdrawn_at, k.source";

const CONSENT_TABLES: &str = "consents k JOIN cases c ON c.pk = k.case_pk
     LEFT JOIN organisations o ON o.id = k.grantee_org_id";

fn consent_info(r: &Row<'_>) -> rusqlite::Result<ConsentInfo> {
    let kind: Option<String> = r.get(3)?;
    let to = match (r.get::<_, Option<String>>(2)?, kind.as_deref()) {
        (Some(name), _) => Grantee::Organisation(name),
        (None, Some(k)) if k != "any" => Grantee::Kind(OrgKind::parse(k).unwrap_or(OrgKind::Ngo)),
        _ => Grantee::Everyone,
    };
    Ok(ConsentInfo {
        id: r.get(0)?,
        case_id: r.get(1)?,
        to,
        purpose: r.get(4)?,
        evidence: r.get(5)?,
        given_at: r.get(6)?,
        withdrawn_at: r.get(7)?,
        source: r.get(8)?,
    })
}

fn consent_by_id(tx: &Transaction<'_>, id: &str) -> Result<ConsentInfo> {
    Ok(tx.query_row(
        &format!("SELECT {CONSENT_COLUMNS} FROM {CONSENT_TABLES} WHERE k.id = ?1"),
        [id],
        consent_info,
    )?)
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
    let (to_org, to_kind) = match to {
        Grantee::Organisation(name) => {
            let found: Option<String> = tx
                .query_row(
                    "SELECT id FROM organisations WHERE name = ?1",
                    [name.trim()],
                    |r| r.get(0),
                )
                .optional()?;
            (Some(found.ok_or(StoreError::NotFound)?), None)
        }
        Grantee::Kind(kind) => (None, Some(kind.as_str())),
        Grantee::Everyone => (None, Some("any")),
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
            let case_pk: Option<i64> = tx
                .query_row(
                    "SELECT pk FROM cases WHERE id = ?1 AND org_id = ?2",
                    params![consent.case_id, org],
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
            for grant in &grants {
                revoke_in(tx, actor, grant)?;
            }
            // Referrals sent on it end with it.
            tx.execute(
                "UPDATE referrals SET status = 'withdrawn', decided_at = :now,
                     decision_reason = 'the consent it rested on was withdrawn'
                 WHERE consent_id = :id AND status IN ('draft', 'sent')",
                named_params! {":now": now_rfc3339(), ":id": id},
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
            let mut stmt = tx.prepare(&format!(
                "SELECT {CONSENT_COLUMNS} FROM {CONSENT_TABLES}
                 WHERE k.org_id = ?1 AND (?2 IS NULL OR c.id = ?2) ORDER BY k.given_at, k.id"
            ))?;
            let rows = stmt.query_map(params![actor.organisation().id, case_id], consent_info)?;
            let found: Vec<ConsentInfo> = rows.collect::<rusqlite::Result<_>>()?;
            audit.count = Some(found.len() as u64);
            Ok(found)
        })
    }
}
