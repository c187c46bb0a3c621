//! Name pairs scored on screening's scale (`name1,name2[,schema]` in, the same rows with `score`
//! and `match` out), to calibrate the matcher and compare it with others.

use std::io::{Read, Write};

use rastro_screen::name_pair_score;

use crate::{AppError, Result};

/// A row that could not be scored, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairProblem {
    /// 1-based data row.
    pub row: u64,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct PairReport {
    pub rows: u64,
    pub matches: u64,
    pub problems: Vec<PairProblem>,
}

/// Scores every row of `input` and writes it with its score to `output`; `label` names the
/// input in messages.
pub fn score_pairs(
    input: impl Read,
    label: &str,
    output: impl Write,
    threshold: f64,
) -> Result<PairReport> {
    let failed = |e: csv::Error| AppError::Refused(format!("{label}: {e}"));
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header = rdr.headers().map_err(failed)?.clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(c1), Some(c2)) = (col("name1"), col("name2")) else {
        return Err(AppError::Refused(format!(
            "{label}: the header needs name1 and name2 columns"
        )));
    };
    let schema = col("schema");
    let mut wtr = csv::Writer::from_writer(output);
    let mut head: Vec<&str> = header.iter().collect();
    head.extend(["score", "match"]);
    wtr.write_record(&head).map_err(failed)?;
    let mut report = PairReport::default();
    for (i, record) in rdr.records().enumerate() {
        let row = i as u64 + 1;
        report.rows += 1;
        let record = match record {
            Ok(r) => r,
            Err(err) => {
                report.problems.push(PairProblem {
                    row,
                    message: format!("unreadable: {err}"),
                });
                continue;
            }
        };
        let (a, b) = (record.get(c1).unwrap_or(""), record.get(c2).unwrap_or(""));
        let s = schema.and_then(|c| record.get(c));
        let mut fields: Vec<String> = record.iter().map(str::to_string).collect();
        fields.resize(header.len(), String::new());
        match name_pair_score(a, b, s) {
            Some(score) => {
                let is_match = score >= threshold;
                report.matches += u64::from(is_match);
                fields.push(format!("{score:.4}"));
                fields.push(is_match.to_string());
            }
            None => {
                report.problems.push(PairProblem {
                    row,
                    message: format!("a name cannot be analysed ({a:?} / {b:?}); score left empty"),
                });
                fields.push(String::new());
                fields.push(String::new());
            }
        }
        wtr.write_record(&fields).map_err(failed)?;
    }
    wtr.flush().map_err(AppError::io(label))?;
    Ok(report)
}
