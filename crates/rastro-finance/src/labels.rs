//! Labels of generated transactions, in the manner of AMLSim's pattern files: each planted
//! pattern with its typology, accounts, amounts and period; which accounts and transactions
//! belong to it; and the phones and e-mails the case records and advertisements of the same
//! world hold (what the store would supply as known identifiers).
//!
//! One JSON object per line, told apart by `kind`:
//! `{"kind":"pattern","pattern":"P00001","typology":"funnel_account","accounts":[…],…}`,
//! `{"kind":"account","account":"…","typology":"…","pattern":"…","role":"subject"}`,
//! `{"kind":"transaction","id":"…","typology":"…","pattern":"…"}`,
//! `{"kind":"known_identifier","value":"+52…","source":"advertisement"}`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::BufRead;

use serde::{Deserialize, Serialize};

use crate::known::KnownIdentifiers;

/// One line of a labels file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LabelRecord {
    Pattern(Pattern),
    Account {
        account: String,
        typology: String,
        pattern: String,
        /// `subject`: the account the typology is about (what a detector should find);
        /// `member`: another account of the pattern (an employer, a beneficiary).
        role: String,
    },
    Transaction {
        id: String,
        typology: String,
        pattern: String,
    },
    KnownIdentifier {
        value: String,
        source: String,
    },
}

/// A planted pattern.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pattern {
    pub pattern: String,
    pub typology: String,
    pub accounts: Vec<String>,
    /// First and last day, `YYYY-MM-DD`.
    pub start: String,
    pub end: String,
    pub currency: String,
    pub amount_min: f64,
    pub amount_max: f64,
    /// The pattern's own parameters (how many cities, workers, phones…), for reading only.
    #[serde(default)]
    pub parameters: BTreeMap<String, f64>,
}

/// A labels file, read.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    /// Subject accounts and the typologies planted on each.
    pub accounts: HashMap<String, BTreeSet<String>>,
    /// Planted transactions and their typology.
    pub transactions: HashMap<String, String>,
    pub patterns: Vec<Pattern>,
    pub known_identifiers: Vec<String>,
}

/// A line of a labels file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LabelError {
    #[error("labels line {line}: {message}")]
    Line { line: u64, message: String },
    #[error("cannot read the labels: {0}")]
    Io(#[from] std::io::Error),
}

impl Labels {
    /// Reads a labels file; the first bad line stops it, with its line number.
    pub fn read(reader: impl BufRead) -> Result<Labels, LabelError> {
        let mut labels = Labels::default();
        for (i, line) in reader.lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let record: LabelRecord =
                serde_json::from_str(&line).map_err(|e| LabelError::Line {
                    line: i as u64 + 1,
                    message: e.to_string(),
                })?;
            labels.add(record);
        }
        Ok(labels)
    }

    pub fn add(&mut self, record: LabelRecord) {
        match record {
            LabelRecord::Pattern(p) => self.patterns.push(p),
            LabelRecord::Account {
                account,
                typology,
                role,
                ..
            } => {
                if role == "subject" {
                    self.accounts.entry(account).or_default().insert(typology);
                }
            }
            LabelRecord::Transaction { id, typology, .. } => {
                self.transactions.insert(id, typology);
            }
            LabelRecord::KnownIdentifier { value, .. } => self.known_identifiers.push(value),
        }
    }

    /// The known phones and e-mails, ready for the engine.
    pub fn known(&self) -> KnownIdentifiers {
        self.known_identifiers.iter().collect()
    }

    /// Subject accounts planted with `typology`.
    pub fn planted<'a>(&'a self, typology: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.accounts
            .iter()
            .filter(move |(_, t)| t.contains(typology))
            .map(|(a, _)| a.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_and_names_the_bad_line() {
        let text = r#"{"kind":"pattern","pattern":"P1","typology":"structuring","accounts":["A"],"start":"2024-01-01","end":"2024-01-09","currency":"MXN","amount_min":100.0,"amount_max":200.0}
{"kind":"account","account":"A","typology":"structuring","pattern":"P1","role":"subject"}
{"kind":"account","account":"B","typology":"structuring","pattern":"P1","role":"member"}

{"kind":"transaction","id":"T1","typology":"structuring","pattern":"P1"}
{"kind":"known_identifier","value":"+52 55 1234 5678","source":"advertisement"}
"#;
        let labels = Labels::read(text.as_bytes()).unwrap();
        assert_eq!(labels.patterns.len(), 1);
        assert_eq!(labels.accounts.len(), 1, "members are not subjects");
        assert_eq!(labels.planted("structuring").collect::<Vec<_>>(), vec!["A"]);
        assert_eq!(labels.transactions["T1"], "structuring");
        assert!(labels.known().contains("5512345678"));
        let bad = "{\"kind\":\"account\"}\n";
        let error = Labels::read(format!("\n{bad}").as_bytes()).unwrap_err();
        assert!(error.to_string().starts_with("labels line 2:"), "{error}");
    }
}
