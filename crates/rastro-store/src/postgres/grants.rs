//! Sharing grants in PostgreSQL: the rows `crate::grant_rows` gives and revokes them with (the
//! rule that reads them is `sql/visibility.rs`; their columns and lists are `sql/grants.rs`).

use postgres::{Row, Transaction};

use super::value::{Named, Value, JSON_IDS, JSON_KEYS};
use super::PgBackend;
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

fn grant_row(r: &Row) -> Result<GrantInfo> {
    GrantRow {
        id: r.try_get(0)?,
        owner: r.try_get(1)?,
        kind: r.try_get(2)?,
        target: r.try_get(3)?,
        record_id: r.try_get(4)?,
        facet: r.try_get(5)?,
        value: r.try_get(6)?,
        grantee_name: r.try_get(7)?,
        grantee_kind: r.try_get(8)?,
        level: r.try_get(9)?,
        purpose: r.try_get(10)?,
        basis: r.try_get(11)?,
        consent_id: r.try_get(12)?,
        granted_by: r.try_get(13)?,
        granted_at: r.try_get(14)?,
        expires_at: r.try_get(15)?,
        revoked_at: r.try_get(16)?,
        active: r.try_get(17)?,
    }
    .into_info()
}

pub(super) fn grant_by_id(tx: &mut Transaction<'_>, id: &str) -> Result<GrantInfo> {
    let named = Named::new(
        &by_id_sql(),
        &[
            (":id", Value::from(id)),
            (":now", Value::from(now_rfc3339())),
        ],
    )?;
    grant_row(&tx.query_one(&named.sql, &named.params())?)
}

/// The rows of grants, consents and referrals, lent inside a write transaction.
pub(super) struct Sharing<'a, 'b> {
    pub tx: &'a mut Transaction<'b>,
    pub backend: &'a PgBackend,
}

impl GrantTx for Sharing<'_, '_> {
    fn owned_record(&mut self, kind: RecordKind, public: &str, own: &str) -> Result<Option<i64>> {
        let lookup = self.backend.record_lookup(self.tx, kind, public)?;
        Ok(self
            .tx
            .query_opt(
                &format!(
                    "SELECT pk FROM {} WHERE {} = $1 AND org_id = $2",
                    record_table(kind),
                    lookup_column(kind)
                ),
                &[&lookup, &own],
            )?
            .map(|r| r.try_get(0))
            .transpose()?)
    }

    fn org_id(&mut self, name: &str) -> Result<Option<String>> {
        Ok(self
            .tx
            .query_opt("SELECT id FROM organisations WHERE name = $1", &[&name])?
            .map(|r| r.try_get(0))
            .transpose()?)
    }

    fn org_kind(&mut self, id: &str) -> Result<Option<String>> {
        Ok(self
            .tx
            .query_opt("SELECT kind FROM organisations WHERE id = $1", &[&id])?
            .map(|r| r.try_get(0))
            .transpose()?)
    }

    fn consent_terms(
        &mut self,
        consent: &str,
        org: &str,
        case_pk: i64,
    ) -> Result<Option<ConsentTerms>> {
        Ok(self
            .tx
            .query_opt(
                "SELECT grantee_org_id, grantee_kind, purpose FROM consents
                 WHERE id = $1 AND org_id = $2 AND case_pk = $3 AND withdrawn_at IS NULL",
                &[&consent, &org, &case_pk],
            )?
            .map(|r| {
                Ok::<_, postgres::Error>(ConsentTerms {
                    to_org: r.try_get(0)?,
                    to_kind: r.try_get(1)?,
                    purpose: r.try_get(2)?,
                })
            })
            .transpose()?)
    }

    fn insert_grant(&mut self, g: &GrantInsert<'_>) -> Result<()> {
        let added = self.tx.execute(
            "INSERT INTO grants (id, org_id, record_kind, target, record_pk, facet, value,
                 grantee_org_id, grantee_kind, level, purpose, basis, consent_id, granted_by,
                 granted_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            &[
                &g.id,
                &g.org,
                &g.kind,
                &g.target,
                &g.record_pk,
                &g.facet,
                &g.value,
                &g.grantee_org,
                &g.grantee_kind,
                &g.level,
                &g.purpose,
                &g.basis,
                &g.consent_id,
                &g.granted_by,
                &g.granted_at,
                &g.expires_at,
            ],
        )?;
        count_changes(self.tx, added)
    }

    fn revoke_grant(
        &mut self,
        owner: &str,
        by: &str,
        id: &str,
        at: &str,
    ) -> Result<Option<String>> {
        let kind: Option<String> = self
            .tx
            .query_opt(
                "UPDATE grants SET revoked_at = $1, revoked_by = $2
                 WHERE id = $3 AND org_id = $4 AND revoked_at IS NULL
                 RETURNING record_kind",
                &[&at, &by, &id, &owner],
            )?
            .map(|r| r.try_get(0))
            .transpose()?;
        count_changes(self.tx, u64::from(kind.is_some()))?;
        Ok(kind)
    }

    fn withdraw_unseen(&mut self, owner: &str, link: LinkKind, now: &str) -> Result<()> {
        let t = tables(link);
        let params = [(":org", Value::from(owner)), (":now", Value::from(now))];
        let members = Named::new(&t.withdraw_unseen_members(), &params)?;
        self.tx.execute(&members.sql, &members.params())?;
        let naming = Named::new(&t.decisions_naming(), &[(":org", Value::from(owner))])?;
        let naming = self
            .tx
            .query(&naming.sql, &naming.params())?
            .iter()
            .map(|r| {
                let keys: [Option<i64>; 2] = [r.try_get(2)?, r.try_get(3)?];
                Ok(NamingDecision {
                    reader: r.try_get(0)?,
                    id: r.try_get(1)?,
                    keys: keys.into_iter().flatten().collect(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let unseen = t.unseen_keys(JSON_KEYS);
        let tx = &mut *self.tx;
        let withdrawn = decisions_to_withdraw(naming, |reader, keys| {
            let named = Named::new(
                &unseen,
                &[
                    (":org", Value::from(owner)),
                    (":now", Value::from(now)),
                    (":reader", Value::from(reader)),
                    (":keys", Value::from(json_keys(keys))),
                ],
            )?;
            tx.query(&named.sql, &named.params())?
                .iter()
                .map(|r| Ok(r.try_get(0)?))
                .collect()
        })?;
        let delete = t.delete_decisions(JSON_IDS);
        for (reader, ids) in withdrawn {
            let named = Named::new(
                &delete,
                &[
                    (":reader", Value::from(reader.as_str())),
                    (":ids", Value::from(json_ids(&ids))),
                ],
            )?;
            tx.execute(&named.sql, &named.params())?;
        }
        Ok(())
    }
}

/// Moves the store's change counter by `n` changed rows (grants given, changed or revoked, runs
/// stored), in the changing transaction. SQLite's triggers do this; PostgreSQL's store does it
/// itself, because a trigger on a table sharded by organisation could not write the counter,
/// which every node reads, on a distributed cluster (migration 0019).
pub(super) fn count_changes(tx: &mut Transaction<'_>, n: u64) -> Result<()> {
    if n > 0 {
        tx.execute(
            "UPDATE store_changes SET n = n + $1 WHERE id = 1",
            &[&(n as i64)],
        )?;
    }
    Ok(())
}

impl GrantBackend for PgBackend {
    fn grant(&self, actor: &Actor, grant: &NewGrant<'_>, audit: AuditDraft) -> Result<GrantInfo> {
        let id = self.id()?;
        self.write_audited(audit, |tx, audit| {
            insert_grant(&mut Sharing { tx, backend: self }, &id, actor, grant, audit)?;
            grant_by_id(tx, &id)
        })
    }

    fn revoke_grant(&self, actor: &Actor, id: &str, audit: AuditDraft) -> Result<GrantInfo> {
        self.write_audited(audit, |tx, _| {
            let by = actor.user_id();
            revoke_owned(
                &mut Sharing { tx, backend: self },
                &actor.organisation().id,
                by,
                id,
            )?;
            grant_by_id(tx, id)
        })
    }

    fn grants(&self, actor: &Actor, given: bool) -> Result<Vec<GrantInfo>> {
        let named = Named::new(
            &grants_sql(given),
            &[
                (":org", Value::from(actor.organisation().id.as_str())),
                (":now", Value::from(now_rfc3339())),
                (":kind", Value::from(actor.kind().as_str())),
            ],
        )?;
        self.conns.read(|tx| {
            tx.query(&named.sql, &named.params())?
                .iter()
                .map(grant_row)
                .collect()
        })
    }
}
