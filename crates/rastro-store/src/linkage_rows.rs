//! What both backends make of linkage rows once read: how many groups a run holds, and the
//! name each event goes by for a reader.

use std::collections::HashMap;

use crate::api::linkage::EventReport;

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
