//! What tells a round-up from a report of one event that touches others. A round-up sums up
//! several events, each with its own town, operation, day or count, and so matches each of
//! their reports through a different fact of its own; a long report of one event names its
//! towns, farms and figures, and what it shares with the reports of neighbouring events (the
//! trial of an official, the same town's earlier raid) is its own event's town or day again.

use std::collections::HashSet;

use super::prepare::PreparedIncident;

/// Counts below this are what unrelated reports share (one arrest, two victims), not a fact of
/// one event (see `evidence::Figures::u_equal`).
const ANCHOR_FIGURE_FROM: u64 = 3;

/// The facts of a report that point at one event: its towns, operations, groups, its day, and
/// counts too large to be chance.
fn anchors(report: &PreparedIncident) -> HashSet<String> {
    let mut out: HashSet<String> = HashSet::new();
    out.extend(report.towns.iter().map(|t| format!("town {t}")));
    out.extend(report.operations.iter().map(|o| match o.edition {
        Some(e) => format!("operation {} {e}", o.series),
        None => format!("operation {}", o.series),
    }));
    out.extend(report.groups.iter().map(|g| format!("group {g}")));
    if let Some(day) = report.date.filter(|d| d.exact()) {
        out.insert(format!("day {}", day.first));
    }
    let figures = [("victims", report.victims), ("arrests", report.arrests)];
    for (kind, value) in figures {
        if let Some(v) = value.filter(|&v| v >= ANCHOR_FIGURE_FROM) {
            out.insert(format!("{kind} {v}"));
        }
    }
    out
}

/// Counts below this that every event a report reaches shares (three arrests in each of three
/// raids) are chance, not the one event they all touch.
const SHARED_COUNT_FROM: u64 = 10;

/// Whether an anchor is a count too small to tie several events to one.
fn is_small_count(anchor: &str) -> bool {
    ["victims ", "arrests "].iter().any(|kind| {
        anchor
            .strip_prefix(kind)
            .and_then(|v| v.parse::<u64>().ok())
            .is_some_and(|v| v < SHARED_COUNT_FROM)
    })
}

/// How many events among `groups` (reports matched by `hub`, grouped by event) the hub reaches
/// each through facts of their own. A group counts only when the hub shares one of its
/// anchors with it; when one anchor reaches every such group (the town every one of them
/// names), they are reached through the hub's own event, which they all touch, and count once.
/// A report of one event reaches its neighbours through its own town or day, however many
/// they are; a round-up reaches each event through that event's town, operation or count.
pub fn events_told_apart(prepared: &[PreparedIncident], hub: u32, groups: &[Vec<u32>]) -> usize {
    let Some(own) = prepared.get(hub as usize).map(anchors) else {
        return 0;
    };
    let shared: Vec<HashSet<&String>> = groups
        .iter()
        .map(|members| {
            let mut with: HashSet<&String> = HashSet::new();
            for report in members.iter().filter_map(|&m| prepared.get(m as usize)) {
                let theirs = anchors(report);
                with.extend(own.iter().filter(|a| theirs.contains(*a)));
            }
            with
        })
        .filter(|with| !with.is_empty())
        .collect();
    let one_fact = shared.split_first().is_some_and(|(first, rest)| {
        first
            .iter()
            .filter(|a| !is_small_count(a))
            .any(|a| rest.iter().all(|other| other.contains(a)))
    });
    if one_fact {
        1
    } else {
        shared.len()
    }
}
