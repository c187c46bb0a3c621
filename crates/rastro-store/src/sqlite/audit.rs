//! The audit trail in SQLite: appending inside a transaction (the chain's head is read and moved
//! under the write lock, so two processes cannot fork a chain), reading an organisation's events,
//! and walking the chains to find what was edited, deleted, inserted or reordered.

use std::collections::{BTreeSet, HashMap};

use rastro_vault::chain;
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};

use super::SqliteBackend;
use crate::api::access::Role;
use crate::api::audit::{
    AuditBackend, AuditEvent, AuditProblem, AuditReport, AuditSelection, Tampering,
};
use crate::api::trace::{AuditDraft, By};
use crate::keys::Keys;
use crate::time::now_rfc3339;
use crate::Result;

/// The columns an event's hash covers, in the order they are hashed.
struct EventRow {
    chain: String,
    seq: u64,
    at: String,
    org_id: Option<String>,
    user_id: Option<String>,
    role: Option<String>,
    action: String,
    outcome: String,
    kind: Option<String>,
    level: Option<String>,
    records: String,
    count: Option<i64>,
    detail: String,
}

impl EventRow {
    /// The bytes the hash covers: a JSON array of every column but the row id and the links, so
    /// an auditor can recompute it from the table with any JSON library.
    fn canonical(&self) -> Vec<u8> {
        serde_json::to_vec(&(
            &self.chain,
            self.seq,
            &self.at,
            &self.org_id,
            &self.user_id,
            &self.role,
            &self.action,
            &self.outcome,
            &self.kind,
            &self.level,
            &self.records,
            self.count,
            &self.detail,
        ))
        .unwrap_or_default()
    }
}

fn detail_json(detail: &[(&'static str, String)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = detail
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::from(v.as_str())))
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// Appends `draft` to its chain inside `tx`.
pub(crate) fn append(tx: &Transaction<'_>, keys: &Keys, draft: &AuditDraft) -> Result<()> {
    let chain_id = draft.by.chain().to_string();
    let head: Option<(i64, String)> = tx
        .prepare_cached("SELECT seq, hash FROM audit_heads WHERE chain = ?1")?
        .query_row([&chain_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = match head {
        Some((seq, hash)) => (seq.max(0) as u64 + 1, hash),
        None => (1, chain::GENESIS.to_string()),
    };
    let (org_id, user_id, role) = match &draft.by {
        By::Member {
            org_id,
            user_id,
            role,
        } => (
            Some(org_id.clone()),
            Some(user_id.clone()),
            Some(role.as_str().to_string()),
        ),
        By::Administrator => (None, None, Some("administrator".to_string())),
        By::Anonymous => (None, None, None),
    };
    let row = EventRow {
        chain: chain_id,
        seq,
        at: now_rfc3339(),
        org_id,
        user_id,
        role,
        action: draft.action.to_string(),
        outcome: draft.outcome.as_str().to_string(),
        kind: draft.kind.map(|k| k.as_str().to_string()),
        level: draft.level.map(|l| l.as_str().to_string()),
        records: serde_json::to_string(&draft.records).unwrap_or_else(|_| "[]".into()),
        count: draft.count.map(|c| c.min(i64::MAX as u64) as i64),
        detail: detail_json(&draft.detail),
    };
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
    let mut by_owner: HashMap<&str, i64> = HashMap::new();
    for (owner, _) in &draft.records {
        if Some(owner) != row.org_id.as_ref() {
            *by_owner.entry(owner.as_str()).or_default() += 1;
        }
    }
    for (owner, n) in by_owner {
        tx.prepare_cached(
            "INSERT INTO audit_access (event_id, owner_org_id, records) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![event_id, owner, n])?;
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
        mut draft: AuditDraft,
        change: impl FnOnce(&Transaction<'_>, &mut AuditDraft) -> Result<T>,
    ) -> Result<T> {
        self.conns.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = change(&tx, &mut draft)?;
            append(&tx, &self.keys, &draft)?;
            tx.commit()?;
            Ok(out)
        })
    }
}

const EVENT_COLUMNS: &str = "e.id, e.chain, e.seq, e.at, e.org_id, e.user_id, e.role, e.action,
     e.outcome, e.record_kind, e.level, e.records, e.count, e.detail, e.prev, e.hash";

struct StoredEvent {
    id: i64,
    row: EventRow,
    prev: String,
    hash: String,
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
            let sql = match (org_id, selection) {
                (None, _) => format!(
                    "SELECT {EVENT_COLUMNS} FROM audit_events e ORDER BY e.id DESC LIMIT ?2"
                ),
                (Some(_), AuditSelection::Own) => format!(
                    "SELECT {EVENT_COLUMNS} FROM audit_events e WHERE e.chain = ?1
                     ORDER BY e.id DESC LIMIT ?2"
                ),
                (Some(_), AuditSelection::AccessByOthers) => format!(
                    "SELECT {EVENT_COLUMNS} FROM audit_events e
                     WHERE e.id IN (SELECT event_id FROM audit_access WHERE owner_org_id = ?1)
                     ORDER BY e.id DESC LIMIT ?2"
                ),
            };
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(params![org_id.unwrap_or(""), limit], stored_event)?;
            let mut out = Vec::new();
            for stored in rows {
                let e = stored?.row;
                let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
                // Another organisation's records read in the same event stay its business.
                let records: Vec<(String, String)> =
                    serde_json::from_str::<Vec<(String, String)>>(&e.records)
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|(owner, _)| {
                            org_id.is_none()
                                || Some(owner.as_str()) == org_id
                                || e.org_id.as_deref() == org_id
                        })
                        .map(|(owner, id)| (name(&owner), id))
                        .collect();
                out.push(AuditEvent {
                    chain: name(&e.chain),
                    seq: e.seq,
                    at: e.at,
                    organisation: e.org_id.as_deref().map(name),
                    user: e
                        .user_id
                        .as_ref()
                        .map(|u| users.get(u).cloned().unwrap_or_else(|| u.clone())),
                    role: e.role.as_deref().and_then(Role::parse),
                    action: e.action,
                    outcome: e.outcome,
                    kind: e.kind,
                    level: e.level,
                    records,
                    count: e.count.map(|c| c.max(0) as u64),
                    detail: e.detail,
                });
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
                report.chains += 1;
                let events = stmt
                    .query_map([&chain_id], stored_event)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                report.events += events.len() as u64;
                let mut problem = |seq, tampering| {
                    report.problems.push(AuditProblem {
                        chain: chain_id.clone(),
                        seq,
                        tampering,
                    })
                };
                let mut expected = 1u64;
                let mut last_hash = chain::GENESIS.to_string();
                let mut last_id = i64::MIN;
                let mut last_seq = 0u64;
                let mut previous_sound = true;
                for e in &events {
                    let seq = e.row.seq;
                    if seq == last_seq {
                        problem(seq, Tampering::Inserted);
                        continue;
                    }
                    let gap = seq > expected;
                    if gap {
                        problem(
                            expected,
                            Tampering::Deleted {
                                missing: seq - expected,
                            },
                        );
                    }
                    let mut sound = !gap;
                    if e.id < last_id {
                        problem(seq, Tampering::Reordered);
                        sound = false;
                    }
                    if chain::link(&e.prev, &e.row.canonical()) != e.hash {
                        problem(seq, Tampering::Edited);
                        sound = false;
                    } else if !gap && previous_sound && e.prev != last_hash {
                        problem(seq, Tampering::Inserted);
                        sound = false;
                    }
                    // A broken link right after a problem already reported is its echo.
                    previous_sound = sound;
                    last_hash = e.hash.clone();
                    last_id = e.id;
                    last_seq = seq;
                    expected = seq + 1;
                }
                match heads.get(&chain_id) {
                    None => problem(last_seq, Tampering::HeadForged),
                    Some((seq, hash, mac)) => {
                        if *mac != self.keys.head_mac(&chain_id, *seq, hash) {
                            problem(*seq, Tampering::HeadForged);
                        } else if *seq > last_seq {
                            problem(last_seq + 1, Tampering::Truncated { head: *seq });
                        } else if *seq < last_seq {
                            problem(seq + 1, Tampering::Inserted);
                        } else if *hash != last_hash {
                            problem(last_seq, Tampering::Edited);
                        }
                    }
                }
            }
            Ok(report)
        })
    }
}
