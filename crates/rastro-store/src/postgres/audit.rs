//! The audit trail in PostgreSQL: appended inside the change's transaction while holding the
//! chain's lock (so two nodes cannot fork a chain; a change holds the cluster-wide write lock
//! too, a bare trace of a read only the chain's), read for an organisation, and read chain by
//! chain for the walk that finds tampering (`crate::trail`).

use std::collections::{BTreeSet, HashMap};

use postgres::{Row, Transaction};
use rastro_vault::chain;

use super::PgBackend;
use crate::api::audit::{AuditBackend, AuditEvent, AuditReport, AuditSelection};
use crate::api::trace::AuditDraft;
use crate::keys::Keys;
use crate::trail::{self, EventRow, StoredEvent, EVENT_COLUMNS};
use crate::Result;

/// Appends `draft` to its chain inside `tx` (a write transaction).
pub(crate) fn append(tx: &mut Transaction<'_>, keys: &Keys, draft: &AuditDraft) -> Result<()> {
    let chain_id = draft.by.chain();
    super::pool::lock_chain(tx, chain_id)?;
    append_locked(tx, keys, chain_id, std::slice::from_ref(draft))
}

/// Appends `drafts`, all of the chain `chain_id`, as its next events inside `tx`, which holds
/// that chain's lock: one read of the head, one statement for the events, one for the reads of
/// other organisations' records, one for the new head, however many events there are.
pub(crate) fn append_locked(
    tx: &mut Transaction<'_>,
    keys: &Keys,
    chain_id: &str,
    drafts: &[AuditDraft],
) -> Result<()> {
    if drafts.is_empty() {
        return Ok(());
    }
    let head: Option<(i64, String)> = tx
        .query_opt(
            "SELECT seq, hash FROM audit_heads WHERE chain = $1",
            &[&chain_id],
        )?
        .map(|r| Ok::<_, postgres::Error>((r.try_get(0)?, r.try_get(1)?)))
        .transpose()?;
    let (mut seq, mut prev) = trail::after_head(head);
    let mut columns = EventColumns::default();
    let mut rows = Vec::with_capacity(drafts.len());
    for draft in drafts {
        let row = trail::event_row(draft, seq);
        let hash = chain::link(&prev, &row.canonical());
        columns.push(&row, std::mem::replace(&mut prev, hash.clone()), hash);
        rows.push(row);
        seq += 1;
    }
    let last_seq = seq - 1;
    let ids: HashMap<i64, i64> = tx
        .query(
            "INSERT INTO audit_events (chain, seq, at, org_id, user_id, role, action, outcome,
                 record_kind, level, records, count, detail, prev, hash)
             SELECT $1::text, * FROM UNNEST($2::bigint[], $3::text[], $4::text[], $5::text[],
                 $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                 $12::bigint[], $13::text[], $14::text[], $15::text[])
             RETURNING seq, id",
            &[
                &chain_id,
                &columns.seq,
                &columns.at,
                &columns.org_id,
                &columns.user_id,
                &columns.role,
                &columns.action,
                &columns.outcome,
                &columns.kind,
                &columns.level,
                &columns.records,
                &columns.count,
                &columns.detail,
                &columns.prev,
                &columns.hash,
            ],
        )?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_>>()?;
    let (mut events, mut owners, mut counts) = (Vec::new(), Vec::new(), Vec::new());
    for (draft, row) in drafts.iter().zip(&rows) {
        let Some(&event_id) = ids.get(&(row.seq as i64)) else {
            continue;
        };
        for (owner, n) in trail::access_by_owner(draft, row) {
            events.push(event_id);
            owners.push(owner.to_string());
            counts.push(n);
        }
    }
    if !events.is_empty() {
        tx.execute(
            "INSERT INTO audit_access (chain, event_id, owner_org_id, records)
             SELECT $1::text, * FROM UNNEST($2::bigint[], $3::text[], $4::bigint[])",
            &[&chain_id, &events, &owners, &counts],
        )?;
    }
    tx.execute(
        "INSERT INTO audit_heads (chain, seq, hash, mac) VALUES ($1, $2, $3, $4)
         ON CONFLICT (chain) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,
             mac = excluded.mac",
        &[
            &chain_id,
            &(last_seq as i64),
            &prev,
            &keys.head_mac(chain_id, last_seq, &prev),
        ],
    )?;
    Ok(())
}

/// Events' columns side by side, each sent as one array, so that any number of events is one
/// statement.
#[derive(Default)]
struct EventColumns {
    seq: Vec<i64>,
    at: Vec<String>,
    org_id: Vec<Option<String>>,
    user_id: Vec<Option<String>>,
    role: Vec<Option<String>>,
    action: Vec<String>,
    outcome: Vec<String>,
    kind: Vec<Option<String>>,
    level: Vec<Option<String>>,
    records: Vec<String>,
    count: Vec<Option<i64>>,
    detail: Vec<String>,
    prev: Vec<String>,
    hash: Vec<String>,
}

impl EventColumns {
    fn push(&mut self, row: &EventRow, prev: String, hash: String) {
        self.seq.push(row.seq as i64);
        self.at.push(row.at.clone());
        self.org_id.push(row.org_id.clone());
        self.user_id.push(row.user_id.clone());
        self.role.push(row.role.clone());
        self.action.push(row.action.clone());
        self.outcome.push(row.outcome.clone());
        self.kind.push(row.kind.clone());
        self.level.push(row.level.clone());
        self.records.push(row.records.clone());
        self.count.push(row.count);
        self.detail.push(row.detail.clone());
        self.prev.push(prev);
        self.hash.push(hash);
    }
}

impl PgBackend {
    /// Runs a change and appends its event in one write transaction: the change and its trace
    /// are committed together or not at all.
    pub(crate) fn write_audited<T>(
        &self,
        mut draft: AuditDraft,
        change: impl FnOnce(&mut Transaction<'_>, &mut AuditDraft) -> Result<T>,
    ) -> Result<T> {
        self.conns.write(|tx| {
            let out = change(tx, &mut draft)?;
            append(tx, &self.keys, &draft)?;
            Ok(out)
        })
    }

    /// As [`PgBackend::write_audited`], for a change that adds no record and needs ordering
    /// only against holders of the lock `name` of `class` (see `pool`), not the write lock.
    pub(crate) fn write_audited_named<T>(
        &self,
        (class, name): (i32, &str),
        mut draft: AuditDraft,
        change: impl FnOnce(&mut Transaction<'_>, &mut AuditDraft) -> Result<T>,
    ) -> Result<T> {
        self.conns.write_named(class, name, |tx| {
            let out = change(tx, &mut draft)?;
            append(tx, &self.keys, &draft)?;
            Ok(out)
        })
    }
}

fn stored_event(r: &Row) -> Result<StoredEvent> {
    Ok(StoredEvent {
        id: r.try_get(0)?,
        row: EventRow {
            chain: r.try_get(1)?,
            seq: r.try_get::<_, i64>(2)?.max(0) as u64,
            at: r.try_get(3)?,
            org_id: r.try_get(4)?,
            user_id: r.try_get(5)?,
            role: r.try_get(6)?,
            action: r.try_get(7)?,
            outcome: r.try_get(8)?,
            kind: r.try_get(9)?,
            level: r.try_get(10)?,
            records: r.try_get(11)?,
            count: r.try_get(12)?,
            detail: r.try_get(13)?,
        },
        prev: r.try_get(14)?,
        hash: r.try_get(15)?,
    })
}

fn id_names(tx: &mut Transaction<'_>, table: &str) -> Result<HashMap<String, String>> {
    tx.query(&format!("SELECT id, name FROM {table}"), &[])?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

impl AuditBackend for PgBackend {
    fn append_audit(&self, draft: &AuditDraft) -> Result<()> {
        self.traces.append(draft, |chain, drafts| {
            self.conns
                .write_chain(chain, |tx| append_locked(tx, &self.keys, chain, drafts))
        })
    }

    fn audit_events(
        &self,
        org_id: Option<&str>,
        selection: AuditSelection,
        limit: usize,
    ) -> Result<Vec<AuditEvent>> {
        let limit = limit.min(i64::MAX as usize) as i64;
        self.conns.read(|tx| {
            let names = id_names(tx, "organisations")?;
            let users = id_names(tx, "users")?;
            let rows = match org_id {
                Some(org) => tx.query(
                    &trail::events_query(true, selection, "$1", "$2"),
                    &[&org, &limit],
                )?,
                None => tx.query(&trail::events_query(false, selection, "", "$1"), &[&limit])?,
            };
            rows.iter()
                .map(|r| {
                    Ok(trail::readable(
                        stored_event(r)?.row,
                        org_id,
                        &names,
                        &users,
                    ))
                })
                .collect()
        })
    }

    fn verify_audit(&self, only: Option<&str>) -> Result<AuditReport> {
        self.conns.read(|tx| {
            let mut chains: BTreeSet<String> = tx
                .query("SELECT DISTINCT chain FROM audit_events", &[])?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<std::result::Result<_, _>>()?;
            let heads: HashMap<String, (u64, String, String)> = tx
                .query("SELECT chain, seq, hash, mac FROM audit_heads", &[])?
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get::<_, String>(0)?,
                        (
                            r.try_get::<_, i64>(1)?.max(0) as u64,
                            r.try_get(2)?,
                            r.try_get(3)?,
                        ),
                    ))
                })
                .collect::<Result<_>>()?;
            chains.extend(heads.keys().cloned());
            if let Some(only) = only {
                chains.retain(|c| c == only);
            }
            let mut report = AuditReport::default();
            let statement = tx.prepare(&format!(
                "SELECT {EVENT_COLUMNS} FROM audit_events e WHERE e.chain = $1
                 ORDER BY e.seq, e.id"
            ))?;
            for chain_id in chains {
                let events = tx
                    .query(&statement, &[&chain_id])?
                    .iter()
                    .map(stored_event)
                    .collect::<Result<Vec<_>>>()?;
                trail::verify_chain(
                    &self.keys,
                    &chain_id,
                    &events,
                    heads.get(&chain_id),
                    &mut report,
                );
            }
            Ok(report)
        })
    }
}
