//! Watchlists and queries in CSV.
//!
//! Columns (case-insensitive, any order, unknown columns ignored): `id`, `full_name` or
//! `first_name`/`middle_name`/`last_name` (also `name`), `aliases` (separated by `;`),
//! `date_of_birth` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`; several separated by `;`), `gender`,
//! `nationality` (ISO code or country name in en/es/pt; several separated by `;`),
//! `document_number` (several separated by `;`), `topics` (separated by `;`).

use std::io::Read;

use crate::build::{build, RawPerson};
use crate::issue::RowIssue;
use crate::person::Person;

/// What reading a file gave: the usable people, in file order, and every problem found.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    pub people: Vec<Person>,
    /// The 1-based data row (or line) each of `people` came from, for provenance.
    pub source_rows: Vec<u64>,
    /// Problems per row; rejected rows are among them, never silently dropped.
    pub issues: Vec<RowIssue>,
    /// Rows (or lines) read, rejected ones included.
    pub rows: u64,
}

impl ReadOutcome {
    pub fn rejected(&self) -> usize {
        self.issues.iter().filter(|i| i.rejected).count()
    }
}

/// What a streamed read gave besides the people it handed over.
#[derive(Debug, Default)]
pub struct ReadSummary {
    /// Problems per row; rejected rows are among them, never silently dropped.
    pub issues: Vec<RowIssue>,
    /// Rows (or lines) read, rejected ones included.
    pub rows: u64,
}

impl ReadSummary {
    pub fn rejected(&self) -> usize {
        self.issues.iter().filter(|i| i.rejected).count()
    }
}

/// Receives each usable person with its 1-based data row; returns `false` to stop reading.
pub type Visit<'a> = dyn FnMut(Person, u64) -> bool + 'a;

/// Reading failed as a whole (no header, unreadable input).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("reading the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("the CSV header cannot be read: {0}")]
    Header(String),
    #[error("the CSV has no name column (full_name, name, or first_name/last_name)")]
    NoNameColumn,
}

#[derive(Default)]
struct Columns {
    id: Option<usize>,
    full_name: Option<usize>,
    first: Option<usize>,
    middle: Option<usize>,
    last: Option<usize>,
    aliases: Option<usize>,
    dob: Option<usize>,
    gender: Option<usize>,
    nationality: Option<usize>,
    document: Option<usize>,
    topics: Option<usize>,
}

impl Columns {
    fn from_header(header: &csv::StringRecord) -> Columns {
        let mut c = Columns::default();
        for (i, h) in header.iter().enumerate() {
            let slot = match h
                .trim()
                .trim_start_matches('\u{feff}')
                .to_ascii_lowercase()
                .as_str()
            {
                "id" => &mut c.id,
                "full_name" | "name" => &mut c.full_name,
                "first_name" | "given_name" => &mut c.first,
                "middle_name" => &mut c.middle,
                "last_name" | "surname" | "family_name" => &mut c.last,
                "aliases" | "alias" => &mut c.aliases,
                "date_of_birth" | "birth_date" | "dob" => &mut c.dob,
                "gender" | "sex" => &mut c.gender,
                "nationality" | "nationalities" | "country" => &mut c.nationality,
                "document_number" | "document" | "id_number" | "passport_number" => &mut c.document,
                "topics" => &mut c.topics,
                _ => continue,
            };
            slot.get_or_insert(i);
        }
        c
    }
}

/// Reads a watchlist or a query file in CSV. Malformed rows (wrong number of fields, invalid
/// UTF-8, no usable name) are reported in the outcome and the other rows are read.
pub fn read_csv<R: Read>(reader: R) -> Result<ReadOutcome, ReadError> {
    let mut people = Vec::new();
    let mut source_rows = Vec::new();
    let summary = read_csv_each(reader, &mut |person, row| {
        people.push(person);
        source_rows.push(row);
        true
    })?;
    Ok(ReadOutcome {
        people,
        source_rows,
        issues: summary.issues,
        rows: summary.rows,
    })
}

/// As [`read_csv`], handing each person to `visit` as it is read instead of keeping them all,
/// so that a list of millions can be stored without being held in memory.
pub fn read_csv_each<R: Read>(reader: R, visit: &mut Visit<'_>) -> Result<ReadSummary, ReadError> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .has_headers(true)
        .from_reader(reader);
    let header = rdr
        .headers()
        .map_err(|e| ReadError::Header(e.to_string()))?
        .clone();
    let cols = Columns::from_header(&header);
    if cols.full_name.is_none() && cols.first.is_none() && cols.last.is_none() {
        return Err(ReadError::NoNameColumn);
    }
    let mut out = ReadSummary::default();
    let mut record = csv::ByteRecord::new();
    loop {
        let row = out.rows + 1;
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                out.rows += 1;
                match row_fields(&record, row) {
                    Ok(fields) => {
                        let raw = raw_person(&cols, &fields, row);
                        if let Some(p) = build(row, raw, &mut out.issues) {
                            if !visit(p, row) {
                                break;
                            }
                        }
                    }
                    Err(issue) => out.issues.push(issue),
                }
            }
            Err(err) => {
                if let csv::ErrorKind::Io(_) = err.kind() {
                    return Err(ReadError::Io(std::io::Error::other(err.to_string())));
                }
                out.rows += 1;
                let reason = match err.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("the row has {len} fields, the header {expected_len}"),
                    _ => format!("malformed CSV: {err}"),
                };
                out.issues.push(RowIssue::rejected(row, None, "", reason));
            }
        }
    }
    Ok(out)
}

fn row_fields(record: &csv::ByteRecord, row: u64) -> Result<Vec<String>, RowIssue> {
    record
        .iter()
        .enumerate()
        .map(|(i, f)| {
            std::str::from_utf8(f).map(str::to_string).map_err(|_| {
                RowIssue::rejected(
                    row,
                    None,
                    &String::from_utf8_lossy(f),
                    format!("field {} is not valid UTF-8", i + 1),
                )
            })
        })
        .collect()
}

fn raw_person(cols: &Columns, fields: &[String], row: u64) -> RawPerson {
    let get = |c: Option<usize>| {
        c.and_then(|i| fields.get(i))
            .map(|s| s.trim())
            .unwrap_or("")
    };
    let list = |c: Option<usize>| -> Vec<String> {
        get(c)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let id = match get(cols.id) {
        "" => row.to_string(),
        id => id.to_string(),
    };
    let mut names = Vec::new();
    let full = get(cols.full_name);
    if !full.is_empty() {
        names.push(("full_name", full.to_string()));
    }
    let (first, middle, last) = (get(cols.first), get(cols.middle), get(cols.last));
    if !first.is_empty() || !last.is_empty() {
        // "LAST, First Middle" tells the analyser which words are surnames.
        let given = [first, middle]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let structured = match (last.is_empty(), given.is_empty()) {
            (false, false) => format!("{last}, {given}"),
            (false, true) => last.to_string(),
            _ => given,
        };
        let field = if last.is_empty() {
            "first_name"
        } else {
            "last_name"
        };
        if full.is_empty() {
            names.push((field, structured));
        }
    }
    for alias in list(cols.aliases) {
        names.push(("aliases", alias));
    }
    RawPerson {
        id,
        names,
        birth_dates: list(cols.dob),
        genders: vec![get(cols.gender).to_string()],
        nationalities: list(cols.nationality),
        documents: list(cols.document),
        topics: list(cols.topics),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_columns_and_reports_bad_rows() {
        let csv = "id,full_name,aliases,date_of_birth,gender,nationality,document_number,topics\n\
                   w1,María José García,Majo García;M. J. García,1980-03-04,F,Perú,AB-123,sanction\n\
                   w2,,,,,,,\n\
                   w3,!!!,Pedro Ruiz,1981-02-29,desconocido,Atlantis,---,\n\
                   w4,too,many,fields,,,,,,\n\
                   w5,Ana Ruiz,,1975,female,BR,,\n";
        let out = read_csv(csv.as_bytes()).unwrap();
        assert_eq!(out.rows, 5);
        let ids: Vec<&str> = out.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["w1", "w3", "w5"]);
        assert_eq!(out.source_rows, [1, 3, 5]);
        assert_eq!(out.people[0].names.len(), 3);
        assert_eq!(out.people[0].nationalities[0].as_str(), "PE");
        assert_eq!(out.people[1].names, ["Pedro Ruiz"]);
        assert!(out.people[1].birth_dates.is_empty());
        let rejected: Vec<u64> = out
            .issues
            .iter()
            .filter(|i| i.rejected)
            .map(|i| i.row)
            .collect();
        assert_eq!(rejected, [2, 4]);
        let w3: Vec<&str> = out
            .issues
            .iter()
            .filter(|i| i.row == 3)
            .filter_map(|i| i.field.as_deref())
            .collect();
        assert_eq!(
            w3,
            [
                "full_name",
                "date_of_birth",
                "gender",
                "nationality",
                "document_number"
            ]
        );
    }

    #[test]
    fn split_name_columns_and_row_ids() {
        let csv = "first_name,middle_name,last_name\nJuan,Carlos,PÉREZ GÓMEZ\n";
        let out = read_csv(csv.as_bytes()).unwrap();
        assert_eq!(out.people[0].id, "1");
        assert_eq!(out.people[0].names, ["PÉREZ GÓMEZ, Juan Carlos"]);
    }

    #[test]
    fn header_without_names_is_an_error() {
        assert!(matches!(
            read_csv("id,gender\n1,F\n".as_bytes()),
            Err(ReadError::NoNameColumn)
        ));
    }

    #[test]
    fn invalid_utf8_rejects_only_its_row() {
        let mut bytes = b"full_name\nAna\n".to_vec();
        bytes.extend_from_slice(b"Jos\xe9\nLuis\n");
        let out = read_csv(&bytes[..]).unwrap();
        assert_eq!(out.people.len(), 2);
        assert_eq!(out.issues.len(), 1);
        assert_eq!(out.issues[0].row, 2);
    }
}
