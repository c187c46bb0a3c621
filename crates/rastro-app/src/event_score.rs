//! `rastro eval events`: how the events a run found (`rastro link --news --clusters FILE`) agree
//! with annotated ones, pair by pair. The gold file is a table of article id and event label
//! (tab- or comma-separated, with a header), as `eval/news_events*/gold.tsv` are.

use std::collections::HashMap;
use std::path::Path;

use rastro_link::score::{pairwise, PairScore};

use crate::error::{AppError, Result};

/// Reads both files and scores the clusters against the gold over the articles the gold names.
pub fn score_files(clusters: &Path, gold: &Path) -> Result<PairScore> {
    let found = read_clusters(clusters)?;
    let truth = read_gold(gold)?;
    if truth.is_empty() {
        return Err(AppError::Refused(format!(
            "{}: no article is labelled",
            gold.display()
        )));
    }
    Ok(pairwise(&found, &truth))
}

fn refused(path: &Path, line: usize, why: &str) -> AppError {
    AppError::Refused(format!("{}, line {line}: {why}", path.display()))
}

/// Article → found event, from the clusters file `rastro link --news` writes (`record_id`,
/// `cluster_id`, `external_id`): articles are named by the id they were ingested with.
fn read_clusters(path: &Path) -> Result<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| csv_error(path, e))?;
    let headers = reader.headers().map_err(|e| csv_error(path, e))?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let cluster = column("cluster_id").ok_or_else(|| {
        refused(
            path,
            1,
            "no cluster_id column (write it with `rastro link --news --clusters FILE`)",
        )
    })?;
    let article = column("external_id")
        .or_else(|| column("record_id"))
        .ok_or_else(|| refused(path, 1, "no external_id or record_id column"))?;
    let mut found = HashMap::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| csv_error(path, e))?;
        let line = i + 2;
        let (Some(id), Some(event)) = (row.get(article), row.get(cluster)) else {
            return Err(refused(path, line, "a row shorter than the header"));
        };
        if id.is_empty() {
            // An article ingested without an id of its own is named by its record id.
            let Some(record) = column("record_id").and_then(|c| row.get(c)) else {
                return Err(refused(path, line, "an article without an id"));
            };
            found.insert(record.to_string(), event.to_string());
        } else if found.insert(id.to_string(), event.to_string()).is_some() {
            return Err(refused(
                path,
                line,
                &format!("article {id:?} is listed twice"),
            ));
        }
    }
    Ok(found)
}

fn csv_error(path: &Path, error: csv::Error) -> AppError {
    match error.position() {
        Some(position) => refused(path, position.line() as usize, &error.to_string()),
        None => AppError::Refused(format!("{}: {error}", path.display())),
    }
}

/// Article → true event, from a header line and one `id<TAB>event` (or `id,event`) per line.
fn read_gold(path: &Path) -> Result<HashMap<String, String>> {
    let bytes = std::fs::read(path).map_err(AppError::io(path))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        refused(
            path,
            1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
            "not UTF-8",
        )
    })?;
    let mut truth = HashMap::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let line_number = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let separator = if line.contains('\t') { '\t' } else { ',' };
        let Some((id, event)) = line.split_once(separator) else {
            return Err(refused(
                path,
                line_number,
                "expected an article id and an event label",
            ));
        };
        let (id, event) = (id.trim(), event.trim());
        if id.is_empty() || event.is_empty() {
            return Err(refused(
                path,
                line_number,
                "an empty article id or event label",
            ));
        }
        if truth.insert(id.to_string(), event.to_string()).is_some() {
            return Err(refused(
                path,
                line_number,
                &format!("article {id:?} is labelled twice"),
            ));
        }
    }
    Ok(truth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_are_scored_against_the_gold_and_bad_lines_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let clusters = dir.path().join("events.csv");
        std::fs::write(
            &clusters,
            "record_id,cluster_id,external_id\nR1,E1,a\nR2,E1,b\nR3,E1,c\nR4,E4,d\n",
        )
        .unwrap();
        let gold = dir.path().join("gold.tsv");
        std::fs::write(&gold, "id\tevent\na\tx\nb\tx\nc\ty\nd\ty\n").unwrap();
        let score = score_files(&clusters, &gold).unwrap();
        assert_eq!(
            (
                score.true_positives,
                score.false_positives,
                score.false_negatives
            ),
            (1, 2, 1)
        );

        std::fs::write(&gold, "id\tevent\na\tx\nb\n").unwrap();
        let message = score_files(&clusters, &gold).unwrap_err().to_string();
        assert!(message.contains("gold.tsv, line 3"), "{message}");
        std::fs::write(&gold, "id\tevent\na\tx\na\ty\n").unwrap();
        let message = score_files(&clusters, &gold).unwrap_err().to_string();
        assert!(
            message.contains("line 3") && message.contains("twice"),
            "{message}"
        );
        std::fs::write(&clusters, "record_id,external_id\nR1,a\n").unwrap();
        let message = score_files(&clusters, &gold).unwrap_err().to_string();
        assert!(message.contains("cluster_id"), "{message}");
        std::fs::write(
            &clusters,
            "record_id,cluster_id,external_id\nR1,E1,a\nR2,E2\n",
        )
        .unwrap();
        let message = score_files(&clusters, &gold).unwrap_err().to_string();
        assert!(message.contains("events.csv"), "{message}");
    }
}
