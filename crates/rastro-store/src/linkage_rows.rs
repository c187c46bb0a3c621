//! What both backends make of linkage rows once read: how many groups a run holds, the name
//! each event goes by for a reader, and which decisions a reader still sees or must lose.
//!
//! A decision names two records that may belong to two owners, whose rows sit apart on a
//! cluster distributed by organisation; so decisions are read first and their records asked of
//! each owner after, and the two answers are put together here.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::api::linkage::{Decision, EventReport};
use crate::Result;

/// One record of a decision, as stored: its owner and internal key.
pub(crate) type RecordKey = (String, i64);

/// A decision as its organisation stored it.
pub(crate) struct StoredDecision {
    pub left: RecordKey,
    pub right: RecordKey,
    pub same: bool,
    pub reviewer: String,
    pub decided_at: String,
    pub note: Option<String>,
}

/// The decisions whose two records the reader still sees, in the order stored, named by the
/// records' ids. `seen` answers, for one owner and some of its keys, the ids of those the
/// reader sees.
pub(crate) fn decisions_seen(
    stored: Vec<StoredDecision>,
    mut seen: impl FnMut(&str, &[i64]) -> Result<HashMap<i64, String>>,
) -> Result<Vec<Decision>> {
    let mut keys: BTreeMap<&str, BTreeSet<i64>> = BTreeMap::new();
    for d in &stored {
        for (owner, pk) in [&d.left, &d.right] {
            keys.entry(owner.as_str()).or_default().insert(*pk);
        }
    }
    let mut ids: HashMap<RecordKey, String> = HashMap::new();
    for (owner, pks) in keys {
        let pks: Vec<i64> = pks.into_iter().collect();
        for (pk, id) in seen(owner, &pks)? {
            ids.insert((owner.to_string(), pk), id);
        }
    }
    Ok(stored
        .into_iter()
        .filter_map(|d| {
            Some(Decision {
                left: ids.get(&d.left)?.clone(),
                right: ids.get(&d.right)?.clone(),
                same: d.same,
                reviewer: d.reviewer,
                decided_at: d.decided_at,
                note: d.note,
            })
        })
        .collect())
}

/// Another organisation's decision naming the owner's records: its reviewer, its id, and the
/// owner's keys among its two records.
pub(crate) struct NamingDecision {
    pub reader: String,
    pub id: String,
    pub keys: Vec<i64>,
}

/// Per reviewing organisation, the ids of its decisions that name a record of the owner it no
/// longer sees. `unseen` answers, for one reader and some of the owner's keys, those it does
/// not see at detail.
pub(crate) fn decisions_to_withdraw(
    naming: Vec<NamingDecision>,
    mut unseen: impl FnMut(&str, &[i64]) -> Result<BTreeSet<i64>>,
) -> Result<Vec<(String, Vec<String>)>> {
    let mut by_reader: BTreeMap<String, Vec<NamingDecision>> = BTreeMap::new();
    for d in naming {
        by_reader.entry(d.reader.clone()).or_default().push(d);
    }
    let mut out = Vec::new();
    for (reader, decisions) in by_reader {
        let keys: BTreeSet<i64> = decisions.iter().flat_map(|d| d.keys.clone()).collect();
        let keys: Vec<i64> = keys.into_iter().collect();
        let gone = unseen(&reader, &keys)?;
        let ids: Vec<String> = decisions
            .into_iter()
            .filter(|d| d.keys.iter().any(|k| gone.contains(k)))
            .map(|d| d.id)
            .collect();
        if !ids.is_empty() {
            out.push((reader, ids));
        }
    }
    Ok(out)
}

/// Keys as the JSON array both dialects list in a statement.
pub(crate) fn json_keys(keys: &[i64]) -> String {
    let listed: Vec<String> = keys.iter().map(i64::to_string).collect();
    format!("[{}]", listed.join(","))
}

/// Ids as a JSON array.
pub(crate) fn json_ids(ids: &[String]) -> String {
    serde_json::Value::from(ids.to_vec()).to_string()
}

/// The distinct groups among a run's (record, group) members.
pub(crate) fn distinct_groups(members: &[(String, String)]) -> u64 {
    let mut groups: Vec<&str> = members.iter().map(|(_, g)| g.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    groups.len() as u64
}

/// Reports as read (stored event id, article's internal key, report), each given the name of
/// its event: the id of the event's earliest article the reader may see, never one it may not.
pub(crate) fn name_events(rows: Vec<(String, i64, EventReport)>) -> Vec<EventReport> {
    let mut names: HashMap<&str, (i64, &str)> = HashMap::new();
    for (event, pk, report) in &rows {
        let entry = names
            .entry(event.as_str())
            .or_insert((*pk, report.article_id.as_str()));
        if *pk < entry.0 {
            *entry = (*pk, report.article_id.as_str());
        }
    }
    let names: HashMap<String, String> = names
        .into_iter()
        .map(|(event, (_, id))| (event.to_string(), id.to_string()))
        .collect();
    rows.into_iter()
        .map(|(event, _, mut report)| {
            report.event_id = names.get(&event).cloned().unwrap_or(event);
            report
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(article: &str) -> EventReport {
        EventReport {
            event_id: String::new(),
            article_id: article.to_string(),
            title: None,
            published: None,
            language: "es".to_string(),
        }
    }

    fn stored(left: (&str, i64), right: (&str, i64)) -> StoredDecision {
        StoredDecision {
            left: (left.0.to_string(), left.1),
            right: (right.0.to_string(), right.1),
            same: true,
            reviewer: "r".to_string(),
            decided_at: "t".to_string(),
            note: None,
        }
    }

    #[test]
    fn a_decision_is_seen_only_when_both_owners_show_its_records() {
        let mut asked = Vec::new();
        let seen = decisions_seen(
            vec![
                stored(("a", 1), ("b", 1)),
                stored(("a", 2), ("a", 1)),
                stored(("b", 2), ("a", 2)),
            ],
            |owner, pks| {
                asked.push((owner.to_string(), pks.to_vec()));
                // Owner b hides its record 2; every other record is seen.
                Ok(pks
                    .iter()
                    .filter(|&&pk| !(owner == "b" && pk == 2))
                    .map(|&pk| (pk, format!("{owner}{pk}")))
                    .collect())
            },
        )
        .unwrap();
        let pairs: Vec<(&str, &str)> = seen
            .iter()
            .map(|d| (d.left.as_str(), d.right.as_str()))
            .collect();
        assert_eq!(pairs, vec![("a1", "b1"), ("a2", "a1")]);
        // Each owner is asked once, for its keys in order.
        assert_eq!(
            asked,
            vec![("a".to_string(), vec![1, 2]), ("b".to_string(), vec![1, 2])]
        );
    }

    #[test]
    fn only_decisions_naming_an_unseen_record_are_withdrawn() {
        let naming = |reader: &str, id: &str, keys: &[i64]| NamingDecision {
            reader: reader.to_string(),
            id: id.to_string(),
            keys: keys.to_vec(),
        };
        let withdrawn = decisions_to_withdraw(
            vec![
                naming("x", "d1", &[1]),
                naming("x", "d2", &[2, 3]),
                naming("y", "d3", &[1]),
            ],
            |reader, keys| {
                // x lost record 3; y still sees everything.
                Ok(keys
                    .iter()
                    .copied()
                    .filter(|&k| reader == "x" && k == 3)
                    .collect())
            },
        )
        .unwrap();
        assert_eq!(withdrawn, vec![("x".to_string(), vec!["d2".to_string()])]);
        assert_eq!(json_keys(&[3, 1]), "[3,1]");
        assert_eq!(json_ids(&["a\"b".to_string()]), "[\"a\\\"b\"]");
    }

    #[test]
    fn an_event_is_named_by_its_earliest_visible_article() {
        // The stored name "hidden" is an article this reader no longer sees.
        let named = name_events(vec![
            ("hidden".to_string(), 7, report("b")),
            ("hidden".to_string(), 5, report("a")),
            ("c".to_string(), 9, report("c")),
        ]);
        let events: Vec<&str> = named.iter().map(|r| r.event_id.as_str()).collect();
        assert_eq!(events, vec!["a", "a", "c"]);
        assert_eq!(
            distinct_groups(&[
                ("x".into(), "g".into()),
                ("y".into(), "g".into()),
                ("z".into(), "h".into())
            ]),
            2
        );
    }
}
