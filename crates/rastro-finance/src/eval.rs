//! How well the alerts find what was planted: precision, recall and alert rate per typology and
//! in total, counted over accounts.
//!
//! Per typology T: recall is the share of accounts planted with T that got an alert of T;
//! precision the share of accounts alerted for T that were planted with T; the alert rate the
//! share of all accounts alerted for T. In total: recall is the share of planted accounts with
//! any alert, precision the share of alerted accounts that were planted with anything, and the
//! alert rate the share of all accounts with any alert. An alert counts for the accounts it
//! names ([`Alert::accounts`]).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

use serde::Serialize;

use crate::catalogue::Catalogue;
use crate::engine::{run_batch, Alert, BatchError};
use crate::labels::{LabelError, Labels};
use crate::read::{Problem, ReadError};

/// One typology's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypologyFigures {
    pub typology: String,
    /// Accounts planted with it.
    pub planted: u64,
    /// Of those, accounts alerted for it.
    pub found: u64,
    /// Accounts alerted for it.
    pub alerted: u64,
    /// Of those, accounts planted with it.
    pub correct: u64,
    pub recall: Option<f64>,
    pub precision: Option<f64>,
    pub alert_rate: f64,
}

/// The figures of one run against its labels.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    pub typologies: Vec<TypologyFigures>,
    pub accounts: u64,
    pub planted: u64,
    pub alerted: u64,
    /// Planted accounts with any alert.
    pub found: u64,
    /// Alerted accounts that were planted.
    pub correct: u64,
    pub recall: f64,
    pub precision: f64,
    pub alert_rate: f64,
    /// Planted transactions that some alert lists, of all planted transactions.
    pub transactions_listed: u64,
    pub transactions_planted: u64,
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Scores alerts against labels; `accounts` is the number of distinct accounts in the data
/// (the alert rate's denominator, as [`crate::BatchOutcome::accounts`] gives it).
pub fn evaluate(alerts: &[Alert], accounts: u64, labels: &Labels) -> Evaluation {
    let mut alerted_by: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
    let mut alerted_any: HashSet<&str> = HashSet::new();
    let mut listed: HashSet<&str> = HashSet::new();
    for alert in alerts {
        let set = alerted_by.entry(alert.typology.as_str()).or_default();
        for account in &alert.accounts {
            set.insert(account);
            alerted_any.insert(account);
        }
        for hit in &alert.rules {
            listed.extend(hit.transactions.iter().map(String::as_str));
        }
    }
    let mut names: BTreeSet<&str> = alerted_by.keys().copied().collect();
    for typologies in labels.accounts.values() {
        names.extend(typologies.iter().map(String::as_str));
    }
    let typologies = names
        .into_iter()
        .map(|name| {
            let planted: HashSet<&str> = labels.planted(name).collect();
            let empty = HashSet::new();
            let alerted = alerted_by.get(name).unwrap_or(&empty);
            let found = planted.iter().filter(|a| alerted.contains(*a)).count() as u64;
            let correct = alerted.iter().filter(|a| planted.contains(*a)).count() as u64;
            TypologyFigures {
                typology: name.to_string(),
                planted: planted.len() as u64,
                found,
                alerted: alerted.len() as u64,
                correct,
                recall: ratio(found, planted.len() as u64),
                precision: ratio(correct, alerted.len() as u64),
                alert_rate: ratio(alerted.len() as u64, accounts).unwrap_or(0.0),
            }
        })
        .collect();
    let planted = labels.accounts.len() as u64;
    let found = labels
        .accounts
        .keys()
        .filter(|a| alerted_any.contains(a.as_str()))
        .count() as u64;
    let correct = alerted_any
        .iter()
        .filter(|a| labels.accounts.contains_key(**a))
        .count() as u64;
    let alerted = alerted_any.len() as u64;
    Evaluation {
        typologies,
        accounts,
        planted,
        alerted,
        found,
        correct,
        recall: ratio(found, planted).unwrap_or(0.0),
        precision: ratio(correct, alerted).unwrap_or(0.0),
        alert_rate: ratio(alerted, accounts).unwrap_or(0.0),
        transactions_listed: labels
            .transactions
            .keys()
            .filter(|id| listed.contains(id.as_str()))
            .count() as u64,
        transactions_planted: labels.transactions.len() as u64,
    }
}

fn show(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

impl fmt::Display for Evaluation {
    /// A table per typology, then the totals; the last line is always
    /// `recall=R precision=P alert_rate=A`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<22} {:>8} {:>7} {:>7} {:>8} {:>7} {:>9} {:>10}",
            "typology",
            "planted",
            "found",
            "recall",
            "alerted",
            "correct",
            "precision",
            "alert_rate"
        )?;
        for t in &self.typologies {
            writeln!(
                f,
                "{:<22} {:>8} {:>7} {:>7} {:>8} {:>7} {:>9} {:>10.5}",
                t.typology,
                t.planted,
                t.found,
                show(t.recall),
                t.alerted,
                t.correct,
                show(t.precision),
                t.alert_rate
            )?;
        }
        writeln!(
            f,
            "accounts={} planted={} alerted={} found={} correct={} planted_transactions_listed={}/{}",
            self.accounts,
            self.planted,
            self.alerted,
            self.found,
            self.correct,
            self.transactions_listed,
            self.transactions_planted
        )?;
        write!(
            f,
            "recall={:.4} precision={:.4} alert_rate={:.4}",
            self.recall, self.precision, self.alert_rate
        )
    }
}

/// Why a file evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Labels(#[from] LabelError),
    #[error(transparent)]
    Batch(#[from] BatchError),
    #[error("cannot read {path}: {error}")]
    Io { path: String, error: std::io::Error },
}

/// An evaluation of a transactions file, with what reading it found.
#[derive(Debug)]
pub struct FileEvaluation {
    pub evaluation: Evaluation,
    pub rows: u64,
    pub rejected: u64,
    pub problems: Vec<Problem>,
}

/// Reads a transactions file and its labels, runs the catalogue over it on `threads` threads
/// with the labels' known identifiers, and evaluates the alerts: what `rastro eval flags` prints.
pub fn evaluate_files(
    input: &std::path::Path,
    labels: &std::path::Path,
    catalogue: &Catalogue,
    threads: usize,
) -> Result<FileEvaluation, EvalError> {
    let file = std::fs::File::open(labels).map_err(|error| EvalError::Io {
        path: labels.display().to_string(),
        error,
    })?;
    let labels = Labels::read(std::io::BufReader::new(file))?;
    let summary = crate::read::read_all(crate::read::open(input)?);
    let outcome = run_batch(catalogue, &labels.known(), &summary.transactions, threads)?;
    Ok(FileEvaluation {
        evaluation: evaluate(&outcome.alerts, outcome.accounts, &labels),
        rows: summary.rows,
        rejected: summary.rejected,
        problems: summary.problems,
    })
}
