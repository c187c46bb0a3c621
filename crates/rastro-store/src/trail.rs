//! The audit trail's rows, whatever database holds them: the columns an event's hash covers, an
//! event made from its draft, an event read back for an organisation (others' records left
//! out), and the walk that finds what was edited, deleted, inserted or reordered in a chain.
//! A backend only moves rows.

use std::collections::HashMap;

use rastro_vault::chain;

use crate::api::access::Role;
use crate::api::audit::{AuditEvent, AuditProblem, AuditReport, AuditSelection, Tampering};
use crate::api::trace::{AuditDraft, By};
use crate::keys::Keys;
use crate::time::now_rfc3339;

/// The columns an event's hash covers, in the order they are hashed.
pub(crate) struct EventRow {
    pub chain: String,
    pub seq: u64,
    pub at: String,
    pub org_id: Option<String>,
    pub user_id: Option<String>,
    pub role: Option<String>,
    pub action: String,
    pub outcome: String,
    pub kind: Option<String>,
    pub level: Option<String>,
    pub records: String,
    pub count: Option<i64>,
    pub detail: String,
}

impl EventRow {
    /// The bytes the hash covers: a JSON array of every column but the row id and the links, so
    /// an auditor can recompute it from the table with any JSON library.
    pub(crate) fn canonical(&self) -> Vec<u8> {
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

/// The event `draft` makes as the `seq`th of its chain, now.
pub(crate) fn event_row(draft: &AuditDraft, seq: u64) -> EventRow {
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
    EventRow {
        chain: draft.by.chain().to_string(),
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
    }
}

/// The next event's number and link after a chain's head (none: a new chain).
pub(crate) fn after_head(head: Option<(i64, String)>) -> (u64, String) {
    match head {
        Some((seq, hash)) => (seq.max(0) as u64 + 1, hash),
        None => (1, chain::GENESIS.to_string()),
    }
}

/// How many records of each other organisation an event touched: the rows that let an owner
/// read who accessed its records.
pub(crate) fn access_by_owner<'a>(draft: &'a AuditDraft, row: &EventRow) -> HashMap<&'a str, i64> {
    let mut by_owner: HashMap<&str, i64> = HashMap::new();
    for (owner, _) in &draft.records {
        if Some(owner) != row.org_id.as_ref() {
            *by_owner.entry(owner.as_str()).or_default() += 1;
        }
    }
    by_owner
}

/// An event as stored: its row, its place among all events, and its links.
pub(crate) struct StoredEvent {
    pub id: i64,
    pub row: EventRow,
    pub prev: String,
    pub hash: String,
}

/// The columns [`StoredEvent`] is read from, in order, from `audit_events` as `e`.
pub(crate) const EVENT_COLUMNS: &str =
    "e.id, e.chain, e.seq, e.at, e.org_id, e.user_id, e.role, e.action,
     e.outcome, e.record_kind, e.level, e.records, e.count, e.detail, e.prev, e.hash";

/// An event as `org_id` (None: the platform's auditor) reads it: names for ids, and another
/// organisation's records read in the same event left out (they stay that organisation's
/// business).
pub(crate) fn readable(
    e: EventRow,
    org_id: Option<&str>,
    names: &HashMap<String, String>,
    users: &HashMap<String, String>,
) -> AuditEvent {
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let records: Vec<(String, String)> = serde_json::from_str::<Vec<(String, String)>>(&e.records)
        .unwrap_or_default()
        .into_iter()
        .filter(|(owner, _)| {
            org_id.is_none() || Some(owner.as_str()) == org_id || e.org_id.as_deref() == org_id
        })
        .map(|(owner, id)| (name(&owner), id))
        .collect();
    AuditEvent {
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
    }
}

/// Walks one chain's events (in the order of their numbers, then of their ids) against its
/// recorded head, adding what is wrong to `report`.
pub(crate) fn verify_chain(
    keys: &Keys,
    chain_id: &str,
    events: &[StoredEvent],
    head: Option<&(u64, String, String)>,
    report: &mut AuditReport,
) {
    report.chains += 1;
    report.events += events.len() as u64;
    let mut problem = |seq, tampering| {
        report.problems.push(AuditProblem {
            chain: chain_id.to_string(),
            seq,
            tampering,
        })
    };
    let mut expected = 1u64;
    let mut last_hash = chain::GENESIS.to_string();
    let mut last_id = i64::MIN;
    let mut last_seq = 0u64;
    let mut previous_sound = true;
    for e in events {
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
    match head {
        None => problem(last_seq, Tampering::HeadForged),
        Some((seq, hash, mac)) => {
            if *mac != keys.head_mac(chain_id, *seq, hash) {
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

/// The query of an organisation's events (or, without one, of all), newest first, with the
/// organisation and the limit bound as `org` and `limit` (each dialect's placeholders; `org`
/// appears only when `for_org`).
pub(crate) fn events_query(
    for_org: bool,
    selection: AuditSelection,
    org: &str,
    limit: &str,
) -> String {
    match (for_org, selection) {
        (false, _) => format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events e
             ORDER BY e.id DESC LIMIT {limit}"
        ),
        (true, AuditSelection::Own) => format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events e WHERE e.chain = {org}
             ORDER BY e.id DESC LIMIT {limit}"
        ),
        (true, AuditSelection::AccessByOthers) => format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events e
             WHERE (e.chain, e.id) IN
                 (SELECT x.chain, x.event_id FROM audit_access x WHERE x.owner_org_id = {org})
             ORDER BY e.id DESC LIMIT {limit}"
        ),
    }
}
