//! Backtest: a changed catalogue over the same transactions as the current one, reported rule
//! by rule — how many alerts each rule now fires in that it did not, how many it no longer
//! fires in, and, where labels exist, its precision and recall before and after.
//!
//! An alert "has" a rule when the rule fired in it (band above none). Alerts are matched
//! between the two runs by subject and typology, not by time, since a changed threshold moves
//! the moment an alert is raised. A rule's precision is the share of the accounts it fired for
//! that were planted with the alert's typology; its recall is the share of accounts planted with
//! a typology that weighs the rule that it fired for.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

use serde::Serialize;

use crate::catalogue::Catalogue;
use crate::engine::{run_batch, Alert, BatchError};
use crate::eval::{evaluate, Evaluation};
use crate::known::KnownIdentifiers;
use crate::labels::Labels;
use crate::txn::Transaction;

/// One rule (or one typology) compared between the two catalogues.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Change {
    pub name: String,
    /// Alerts (subject and typology) it fired in, before and after.
    pub before: u64,
    pub after: u64,
    pub added: u64,
    pub removed: u64,
    pub precision_before: Option<f64>,
    pub precision_after: Option<f64>,
    pub recall_before: Option<f64>,
    pub recall_after: Option<f64>,
}

/// What changing the catalogue changes.
#[derive(Clone, Debug, Serialize)]
pub struct Backtest {
    pub version_before: String,
    pub version_after: String,
    pub alerts_before: u64,
    pub alerts_after: u64,
    pub rules: Vec<Change>,
    pub typologies: Vec<Change>,
    pub evaluation_before: Option<Evaluation>,
    pub evaluation_after: Option<Evaluation>,
}

type Key = (String, String);

/// Per rule or typology: the alerts (subject, typology) it fired in, and the (account,
/// typology) pairs it fired for.
type Fired = BTreeMap<String, (HashSet<Key>, Vec<(String, String)>)>;

fn by_rule(alerts: &[Alert]) -> Fired {
    let mut map = Fired::new();
    for a in alerts {
        for hit in &a.rules {
            let entry = map.entry(hit.rule.clone()).or_default();
            entry.0.insert((a.subject.clone(), a.typology.clone()));
            for account in &a.accounts {
                entry.1.push((account.clone(), a.typology.clone()));
            }
        }
    }
    map
}

fn by_typology(alerts: &[Alert]) -> Fired {
    let mut map = Fired::new();
    for a in alerts {
        let entry = map.entry(a.typology.clone()).or_default();
        entry.0.insert((a.subject.clone(), a.typology.clone()));
        for account in &a.accounts {
            entry.1.push((account.clone(), a.typology.clone()));
        }
    }
    map
}

/// Precision and recall of what fired for these (account, typology) pairs; `typologies` are
/// those whose planted accounts the recall is counted against.
fn figures(
    fired: &[(String, String)],
    typologies: &BTreeSet<String>,
    labels: Option<&Labels>,
) -> (Option<f64>, Option<f64>) {
    let Some(labels) = labels else {
        return (None, None);
    };
    let accounts: HashSet<(&str, &str)> = fired
        .iter()
        .map(|(a, t)| (a.as_str(), t.as_str()))
        .collect();
    let correct = accounts
        .iter()
        .filter(|(a, t)| labels.accounts.get(*a).is_some_and(|ts| ts.contains(*t)))
        .count();
    let precision = (!accounts.is_empty()).then(|| correct as f64 / accounts.len() as f64);
    let planted: HashSet<(&str, &str)> = typologies
        .iter()
        .flat_map(|t| labels.planted(t).map(move |a| (a, t.as_str())))
        .collect();
    let found = planted.iter().filter(|p| accounts.contains(*p)).count();
    let recall = (!planted.is_empty()).then(|| found as f64 / planted.len() as f64);
    (precision, recall)
}

/// The typologies of a catalogue that weigh each rule.
fn weighing(catalogue: &Catalogue) -> BTreeMap<String, BTreeSet<String>> {
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in catalogue.typologies() {
        for r in t.rules {
            map.entry(r).or_default().insert(t.name.clone());
        }
    }
    map
}

fn compare(
    before: &Fired,
    after: &Fired,
    names: BTreeSet<String>,
    typologies_of: impl Fn(&str, bool) -> BTreeSet<String>,
    labels: Option<&Labels>,
) -> Vec<Change> {
    let empty = (HashSet::new(), Vec::new());
    names
        .into_iter()
        .map(|name| {
            let b = before.get(&name).unwrap_or(&empty);
            let a = after.get(&name).unwrap_or(&empty);
            let (precision_before, recall_before) =
                figures(&b.1, &typologies_of(&name, false), labels);
            let (precision_after, recall_after) =
                figures(&a.1, &typologies_of(&name, true), labels);
            Change {
                before: b.0.len() as u64,
                after: a.0.len() as u64,
                added: a.0.difference(&b.0).count() as u64,
                removed: b.0.difference(&a.0).count() as u64,
                precision_before,
                precision_after,
                recall_before,
                recall_after,
                name,
            }
        })
        .collect()
}

/// Runs both catalogues over the same transactions and compares them.
pub fn backtest(
    before: &Catalogue,
    after: &Catalogue,
    known: &KnownIdentifiers,
    transactions: &[Transaction],
    labels: Option<&Labels>,
    threads: usize,
) -> Result<Backtest, BatchError> {
    let run_before = run_batch(before, known, transactions, threads)?;
    let run_after = run_batch(after, known, transactions, threads)?;
    let weigh_before = weighing(before);
    let weigh_after = weighing(after);
    let rule_names: BTreeSet<String> = before
        .rule_names()
        .into_iter()
        .chain(after.rule_names())
        .map(str::to_string)
        .collect();
    let rules = compare(
        &by_rule(&run_before.alerts),
        &by_rule(&run_after.alerts),
        rule_names,
        |rule, is_after| {
            let map = if is_after {
                &weigh_after
            } else {
                &weigh_before
            };
            map.get(rule).cloned().unwrap_or_default()
        },
        labels,
    );
    let typology_names: BTreeSet<String> = before
        .typologies()
        .into_iter()
        .chain(after.typologies())
        .map(|t| t.name)
        .collect();
    let typologies = compare(
        &by_typology(&run_before.alerts),
        &by_typology(&run_after.alerts),
        typology_names,
        |t, _| BTreeSet::from([t.to_string()]),
        labels,
    );
    Ok(Backtest {
        version_before: before.version().to_string(),
        version_after: after.version().to_string(),
        alerts_before: run_before.alerts.len() as u64,
        alerts_after: run_after.alerts.len() as u64,
        rules,
        typologies,
        evaluation_before: labels.map(|l| evaluate(&run_before.alerts, run_before.accounts, l)),
        evaluation_after: labels.map(|l| evaluate(&run_after.alerts, run_after.accounts, l)),
    })
}

fn show(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.3}"))
}

impl fmt::Display for Backtest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "catalogue {} → {}: {} alerts → {}",
            self.version_before, self.version_after, self.alerts_before, self.alerts_after
        )?;
        for (title, rows) in [("rule", &self.rules), ("typology", &self.typologies)] {
            writeln!(
                f,
                "{title:<24} {:>7} {:>7} {:>6} {:>8} {:>14} {:>14}",
                "before", "after", "added", "removed", "precision", "recall"
            )?;
            for c in rows.iter() {
                writeln!(
                    f,
                    "{:<24} {:>7} {:>7} {:>6} {:>8} {:>14} {:>14}",
                    c.name,
                    c.before,
                    c.after,
                    format!("+{}", c.added),
                    format!("-{}", c.removed),
                    format!("{}→{}", show(c.precision_before), show(c.precision_after)),
                    format!("{}→{}", show(c.recall_before), show(c.recall_after)),
                )?;
            }
        }
        if let (Some(b), Some(a)) = (&self.evaluation_before, &self.evaluation_after) {
            writeln!(
                f,
                "before: recall={:.4} precision={:.4} alert_rate={:.4}",
                b.recall, b.precision, b.alert_rate
            )?;
            write!(
                f,
                "after:  recall={:.4} precision={:.4} alert_rate={:.4}",
                a.recall, a.precision, a.alert_rate
            )?;
        }
        Ok(())
    }
}
