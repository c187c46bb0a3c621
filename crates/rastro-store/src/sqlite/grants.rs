//! Sharing grants in SQLite: the rows `crate::grant_rows` gives and revokes them with (the rule
//! that reads them is `sql/visibility.rs`; their columns and lists are `sql/grants.rs`).

use rusqlite::{named_params, params, OptionalExtension, Row, Transaction};

use super::linkage::{JSON_IDS, JSON_KEYS};
use super::SqliteBackend;
use crate::api::access::RecordKind;
use crate::api::grants::{GrantBackend, GrantInfo, NewGrant};
use crate::api::linkage::LinkKind;
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::grant_rows::{insert_grant, revoke_owned, ConsentTerms, GrantInsert, GrantRow, GrantTx};
use crate::linkage_rows::{decisions_to_withdraw, json_ids, json_keys, NamingDecision};
use crate::sql::grants::{
    grant_by_id as by_id_sql, grants as grants_sql, lookup_column, record_table,
};
use crate::sql::runs::tables;
use crate::time::now_rfc3339;
use crate::Result;

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

/// The rows of grants, consents and referrals, lent inside a write transaction.
pub(super) struct Sharing<'a, 'c> {
    pub tx: &'a Transaction<'c>,
    pub backend: &'a SqliteBackend,
    /// The view of unfiled record keys, for a move that may store a case (a referral's
    /// acceptance); `None` where nothing stores one.
    pub tier: Option<&'a mut super::key_tier::KeyTier>,
}

impl<'a, 'c> Sharing<'a, 'c> {
    /// The rows for a change that stores no case (a grant, a revocation, an expiry).
    pub(super) fn without_cases(tx: &'a Transaction<'c>, backend: &'a SqliteBackend) -> Self {
        Sharing {
            tx,
            backend,
            tier: None,
        }
    }
}

impl GrantTx for Sharing<'_, '_> {
    fn owned_record(&mut self, kind: RecordKind, public: &str, own: &str) -> Result<Option<i64>> {
        let lookup = self.backend.record_lookup(self.tx, kind, public)?;
        Ok(self
            .tx
            .query_row(
                &format!(
                    "SELECT pk FROM {} WHERE {} = ?1 AND org_id = ?2",
                    record_table(kind),
                    lookup_column(kind)
                ),
                params![lookup, own],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn org_id(&mut self, name: &str) -> Result<Option<String>> {
        Ok(self
            .tx
            .query_row(
                "SELECT id FROM organisations WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn org_kind(&mut self, id: &str) -> Result<Option<String>> {
        Ok(self
            .tx
            .query_row("SELECT kind FROM organisations WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    fn consent_terms(
        &mut self,
        consent: &str,
        org: &str,
        case_pk: i64,
    ) -> Result<Option<ConsentTerms>> {
        Ok(self
            .tx
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
            .optional()?)
    }

    fn insert_grant(&mut self, g: &GrantInsert<'_>) -> Result<()> {
        self.tx.execute(
            "INSERT INTO grants (id, org_id, record_kind, target, record_pk, facet, value,
                 grantee_org_id, grantee_kind, level, purpose, basis, consent_id, granted_by,
                 granted_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            params![
                g.id,
                g.org,
                g.kind,
                g.target,
                g.record_pk,
                g.facet,
                g.value,
                g.grantee_org,
                g.grantee_kind,
                g.level,
                g.purpose,
                g.basis,
                g.consent_id,
                g.granted_by,
                g.granted_at,
                g.expires_at
            ],
        )?;
        Ok(())
    }

    fn revoke_grant(
        &mut self,
        owner: &str,
        by: &str,
        id: &str,
        at: &str,
    ) -> Result<Option<String>> {
        Ok(self
            .tx
            .query_row(
                "UPDATE grants SET revoked_at = ?1, revoked_by = ?2
                 WHERE id = ?3 AND org_id = ?4 AND revoked_at IS NULL
                 RETURNING record_kind",
                params![at, by, id, owner],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn withdraw_unseen(&mut self, owner: &str, link: LinkKind, now: &str) -> Result<()> {
        let t = tables(link);
        self.tx.execute(
            &t.withdraw_unseen_members(),
            named_params! {":org": owner, ":now": now},
        )?;
        let naming = self
            .tx
            .prepare(&t.decisions_naming())?
            .query_map(named_params! {":org": owner}, |r| {
                let keys: [Option<i64>; 2] = [r.get(2)?, r.get(3)?];
                Ok(NamingDecision {
                    reader: r.get(0)?,
                    id: r.get(1)?,
                    keys: keys.into_iter().flatten().collect(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut unseen = self.tx.prepare(&t.unseen_keys(JSON_KEYS))?;
        let withdrawn = decisions_to_withdraw(naming, |reader, keys| {
            let rows = unseen.query_map(
                named_params! {
                    ":org": owner, ":now": now, ":reader": reader, ":keys": json_keys(keys)
                },
                |r| r.get(0),
            )?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;
        for (reader, ids) in withdrawn {
            self.tx.execute(
                &t.delete_decisions(JSON_IDS),
                named_params! {":reader": reader, ":ids": json_ids(&ids)},
            )?;
        }
        Ok(())
    }
}

impl GrantBackend for SqliteBackend {
    fn grant(&self, actor: &Actor, grant: &NewGrant<'_>, audit: AuditDraft) -> Result<GrantInfo> {
        let id = self.id()?;
        self.write_audited(audit, |tx, audit| {
            insert_grant(
                &mut Sharing::without_cases(tx, self),
                &id,
                actor,
                grant,
                audit,
            )?;
            grant_by_id(tx, &id)
        })
    }

    fn revoke_grant(&self, actor: &Actor, id: &str, audit: AuditDraft) -> Result<GrantInfo> {
        self.write_audited(audit, |tx, _| {
            let by = actor.user_id();
            revoke_owned(
                &mut Sharing::without_cases(tx, self),
                &actor.organisation().id,
                by,
                id,
            )?;
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
