//! The audit trail in SQLite: appending inside a transaction (the chain's head is read and moved
//! under the write lock, so two processes cannot fork a chain), reading an organisation's events,
//! and reading the chains for the walk that finds tampering (`crate::trail`).

use std::collections::{BTreeSet, HashMap};

use rastro_vault::chain;
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};

use super::SqliteBackend;
use crate::api::audit::{AuditBackend, AuditEvent, AuditReport, AuditSelection};
use crate::api::trace::AuditDraft;
use crate::keys::Keys;
use crate::trail::{self, EventRow, StoredEvent, EVENT_COLUMNS};
use crate::Result;

/// Appends `draft` to its chain inside `tx`.
pub(crate) fn append(tx: &Transaction<'_>, keys: &Keys, draft: &AuditDraft) -> Result<()> {
    let chain_id = draft.by.chain().to_string();
    let head: Option<(i64, String)> = tx
        .prepare_cached("SELECT seq, hash FROM audit_heads WHERE chain = ?1")?
        .query_row([&chain_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = trail::after_head(head);
    let row = trail::event_row(draft, seq);
    let hash = chain::link(&prev, &row.canonical());
    tx.prepare_cached(
        "INSERT INTO audit_events (chain, seq, at, org_id, user_id, role, action, outcome,
             record_kind, level, records, count, detail, prev, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        row.chain,
        row.seq as i64,
        row.at,
        row.org_id,
        row.user_id,
        row.role,
        row.action,
        row.outcome,
        row.kind,
        row.level,
        row.records,
        row.count,
        row.detail,
        prev,
        hash
    ])?;
    let event_id = tx.last_insert_rowid();
    for (owner, n) in trail::access_by_owner(draft, &row) {
        tx.prepare_cached(
            "INSERT INTO audit_access (chain, event_id, owner_org_id, records)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![row.chain, event_id, owner, n])?;
    }
    tx.prepare_cached(
        "INSERT INTO audit_heads (chain, seq, hash, mac) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (chain) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,
             mac = excluded.mac",
    )?
    .execute(params![
        row.chain,
        seq as i64,
        hash,
        keys.head_mac(&row.chain, seq, &hash)
    ])?;
    Ok(())
}

impl SqliteBackend {
    /// Runs a change and appends its event in one immediate transaction: the change and its
    /// trace are committed together or not at all.
    pub(crate) fn write_audited<T>(
        &self,
        draft: AuditDraft,
        change: impl FnOnce(&Transaction<'_>, &mut AuditDraft) -> Result<T>,
    ) -> Result<T> {
        self.write_audited_as(References::Checked, draft, change)
    }

    /// [`SqliteBackend::write_audited`], with foreign keys enforced or not
    /// ([`super::pool::Connections::write_unchecked`] says when they need not be).
    pub(crate) fn write_audited_as<T>(
        &self,
        references: References,
        mut draft: AuditDraft,
        change: impl FnOnce(&Transaction<'_>, &mut AuditDraft) -> Result<T>,
    ) -> Result<T> {
        let write = |conn: &mut rusqlite::Connection| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = change(&tx, &mut draft)?;
            append(&tx, &self.keys, &draft)?;
            tx.commit()?;
            Ok(out)
        };
        match references {
            References::Checked => self.conns.write(write),
            References::KnownToHold => self.conns.write_unchecked(write),
        }
    }
}

/// Whether a write's foreign keys are enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum References {
    Checked,
    /// Every reference the write makes is known to hold, and nothing it refers to can be
    /// deleted meanwhile.
    KnownToHold,
}

fn stored_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredEvent> {
    Ok(StoredEvent {
        id: r.get(0)?,
        row: EventRow {
            chain: r.get(1)?,
            seq: r.get::<_, i64>(2)?.max(0) as u64,
            at: r.get(3)?,
            org_id: r.get(4)?,
            user_id: r.get(5)?,
            role: r.get(6)?,
            action: r.get(7)?,
            outcome: r.get(8)?,
            kind: r.get(9)?,
            level: r.get(10)?,
            records: r.get(11)?,
            count: r.get(12)?,
            detail: r.get(13)?,
        },
        prev: r.get(14)?,
        hash: r.get(15)?,
    })
}

impl AuditBackend for SqliteBackend {
    fn append_audit(&self, draft: &AuditDraft) -> Result<()> {
        self.write_audited(draft.clone(), |_, _| Ok(()))
    }

    fn audit_events(
        &self,
        org_id: Option<&str>,
        selection: AuditSelection,
        limit: usize,
    ) -> Result<Vec<AuditEvent>> {
        let limit = limit.min(i64::MAX as usize) as i64;
        self.conns.read(|conn| {
            let names: HashMap<String, String> = conn
                .prepare("SELECT id, name FROM organisations")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let users: HashMap<String, String> = conn
                .prepare("SELECT id, name FROM users")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let sql = trail::events_query(org_id.is_some(), selection, "?1", "?2");
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(params![org_id.unwrap_or(""), limit], stored_event)?;
            let mut out = Vec::new();
            for stored in rows {
                out.push(trail::readable(stored?.row, org_id, &names, &users));
            }
            Ok(out)
        })
    }

    fn verify_audit(&self, only: Option<&str>) -> Result<AuditReport> {
        self.conns.read(|conn| {
            let mut chains: BTreeSet<String> = conn
                .prepare("SELECT DISTINCT chain FROM audit_events")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let heads: HashMap<String, (u64, String, String)> = conn
                .prepare("SELECT chain, seq, hash, mac FROM audit_heads")?
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        (r.get::<_, i64>(1)?.max(0) as u64, r.get(2)?, r.get(3)?),
                    ))
                })?
                .collect::<rusqlite::Result<_>>()?;
            chains.extend(heads.keys().cloned());
            if let Some(only) = only {
                chains.retain(|c| c == only);
            }
            let mut report = AuditReport::default();
            let mut stmt = conn.prepare(&format!(
                "SELECT {EVENT_COLUMNS} FROM audit_events e WHERE e.chain = ?1
                 ORDER BY e.seq, e.id"
            ))?;
            for chain_id in chains {
                let events = stmt
                    .query_map([&chain_id], stored_event)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
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
