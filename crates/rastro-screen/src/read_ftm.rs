//! Watchlists in FollowTheMoney JSON lines (the format of OpenSanctions exports).
//!
//! Each line is one entity `{"id", "schema", "properties": {prop: [values]}}`. Person entities
//! become watchlist entries; other schemas (companies, sanctions, addresses…) are counted and
//! reported as skipped, never dropped without a word.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde_json::Value;

use crate::build::{build, RawPerson};
use crate::issue::RowIssue;
use crate::read_csv::{ReadError, ReadOutcome, ReadSummary, Visit};

/// What reading a FollowTheMoney file gave, with the schemas that were not persons.
#[derive(Debug, Default)]
pub struct FtmOutcome {
    pub outcome: ReadOutcome,
    /// Entities of other schemas, by schema.
    pub skipped_schemas: BTreeMap<String, u64>,
}

/// What a streamed read of FollowTheMoney gave besides the people it handed over.
#[derive(Debug, Default)]
pub struct FtmSummary {
    pub summary: ReadSummary,
    /// Entities of other schemas, by schema.
    pub skipped_schemas: BTreeMap<String, u64>,
}

/// Reads FollowTheMoney JSON lines. Blank lines are ignored; malformed lines are reported.
pub fn read_ftm<R: BufRead>(reader: R) -> Result<FtmOutcome, ReadError> {
    let mut people = Vec::new();
    let mut source_rows = Vec::new();
    let read = read_ftm_each(reader, &mut |person, line| {
        people.push(person);
        source_rows.push(line);
        true
    })?;
    Ok(FtmOutcome {
        outcome: ReadOutcome {
            people,
            source_rows,
            issues: read.summary.issues,
            rows: read.summary.rows,
        },
        skipped_schemas: read.skipped_schemas,
    })
}

/// As [`read_ftm`], handing each person to `visit` (with its line) as it is read.
pub fn read_ftm_each<R: BufRead>(
    reader: R,
    visit: &mut Visit<'_>,
) -> Result<FtmSummary, ReadError> {
    let mut out = FtmSummary::default();
    for (i, line) in reader.split(b'\n').enumerate() {
        let line_no = i as u64 + 1;
        let bytes = line?;
        let Ok(text) = std::str::from_utf8(&bytes) else {
            out.summary.rows += 1;
            out.summary.issues.push(RowIssue::rejected(
                line_no,
                None,
                "",
                "line is not valid UTF-8",
            ));
            continue;
        };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        out.summary.rows += 1;
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(err) => {
                out.summary.issues.push(RowIssue::rejected(
                    line_no,
                    None,
                    text,
                    format!("not a JSON object: {err}"),
                ));
                continue;
            }
        };
        let schema = value.get("schema").and_then(Value::as_str).unwrap_or("");
        if schema != "Person" {
            *out.skipped_schemas.entry(schema.to_string()).or_default() += 1;
            continue;
        }
        let raw = raw_person(&value, line_no);
        if let Some(p) = build(line_no, raw, &mut out.summary.issues) {
            if !visit(p, line_no) {
                break;
            }
        }
    }
    Ok(out)
}

fn strings(props: Option<&Value>, key: &str) -> Vec<String> {
    match props.and_then(|p| p.get(key)) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn raw_person(value: &Value, line: u64) -> RawPerson {
    let props = value.get("properties");
    let id = match value.get("id").and_then(Value::as_str) {
        Some(id) if !id.trim().is_empty() => id.to_string(),
        _ => line.to_string(),
    };
    let mut names: Vec<(&'static str, String)> = strings(props, "name")
        .into_iter()
        .map(|n| ("name", n))
        .collect();
    let (first, last) = (strings(props, "firstName"), strings(props, "lastName"));
    if names.is_empty() && (!first.is_empty() || !last.is_empty()) {
        let given = [first.first(), strings(props, "middleName").first()]
            .iter()
            .flatten()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let name = match last.first() {
            Some(l) if !given.is_empty() => format!("{l}, {given}"),
            Some(l) => l.clone(),
            None => given,
        };
        names.push(("firstName/lastName", name));
    }
    for key in ["alias", "weakAlias", "previousName"] {
        names.extend(strings(props, key).into_iter().map(|n| ("alias", n)));
    }
    let mut nationalities = strings(props, "nationality");
    nationalities.extend(strings(props, "citizenship"));
    let mut documents = strings(props, "idNumber");
    documents.extend(strings(props, "passportNumber"));
    RawPerson {
        id,
        names,
        birth_dates: strings(props, "birthDate"),
        genders: strings(props, "gender"),
        nationalities,
        documents,
        topics: strings(props, "topics"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_persons_and_counts_other_schemas() {
        let text = r#"{"id":"p1","schema":"Person","properties":{"name":["Juan PÉREZ"],"alias":["Juancho"],"birthDate":["1970-05-06"],"nationality":["co"],"gender":["male"],"passportNumber":["X123"],"topics":["sanction"]}}
{"id":"c1","schema":"Company","properties":{"name":["ACME"]}}

not json
{"id":"p2","schema":"Person","properties":{"firstName":["Ana"],"lastName":["Ruiz"],"birthDate":["1970-13-01"]}}
{"id":"p3","schema":"Person","properties":{}}
"#;
        let out = read_ftm(text.as_bytes()).unwrap();
        let ids: Vec<&str> = out.outcome.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["p1", "p2"]);
        assert_eq!(out.outcome.source_rows, [1, 5]);
        assert_eq!(out.outcome.people[0].names, ["Juan PÉREZ", "Juancho"]);
        assert_eq!(out.outcome.people[1].names, ["Ruiz, Ana"]);
        assert_eq!(out.skipped_schemas.get("Company"), Some(&1));
        let rows: Vec<(u64, bool)> = out
            .outcome
            .issues
            .iter()
            .map(|i| (i.row, i.rejected))
            .collect();
        assert_eq!(rows, [(4, true), (5, false), (6, true)]);
    }
}
