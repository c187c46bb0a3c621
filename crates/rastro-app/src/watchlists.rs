//! Watchlists kept in the store: importing a list file (CSV or FollowTheMoney JSON lines) as a
//! named snapshot, listing, sharing and removing lists, and turning stored entries back into the
//! screening engine's people. The engine knows no SQL and the store no name analysis, so the
//! translation between them lives here; entries hold what a reader accepted, in the engine's own
//! spellings, so the translation back is exact.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use crate::session::Session;
use rastro_screen::{parse_birth_date, read_csv_each, read_ftm_each, Gender, Person, RowIssue};
use rastro_store::{ListCounts, NewWatchlist, StoreError, WatchlistEntry, WatchlistInfo};
use serde::Serialize;

use crate::progress::{Counted, Progress, Unit};
use crate::{AppError, Result};

/// The format of a watchlist file, by its extension: `ftm` for FollowTheMoney JSON lines,
/// otherwise `csv`.
pub fn list_format(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if matches!(ext.as_str(), "jsonl" | "ndjson" | "json") {
        "ftm"
    } else {
        "csv"
    }
}

/// One problem of one row: a rejected row, or a field ignored in a row that was stored.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RowError {
    pub row: u64,
    pub column: String,
    pub value: String,
    pub message: String,
    pub rejected: bool,
}

impl From<&RowIssue> for RowError {
    fn from(issue: &RowIssue) -> Self {
        RowError {
            row: issue.row,
            column: issue.field.clone().unwrap_or_default(),
            value: issue.value.clone(),
            message: issue.reason.clone(),
            rejected: issue.rejected,
        }
    }
}

/// The snapshot an import replaced.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Replaced {
    pub entries: u64,
    pub source_file: Option<String>,
    pub imported_at: String,
}

/// What importing a list did.
#[derive(Debug, Clone, Serialize)]
pub struct ListImport {
    pub list: String,
    pub file: String,
    pub format: &'static str,
    pub rows: u64,
    pub imported: u64,
    pub rejected: u64,
    /// Entities of other schemas than Person (FollowTheMoney), by schema: not screened.
    pub skipped: BTreeMap<String, u64>,
    pub replaced: Option<Replaced>,
    pub errors: Vec<RowError>,
}

/// Stores a list file under `name`, replacing the organisation's list of that name. Entries are
/// stored as they are read, inside the transaction that replaces the list, so a list of millions
/// is never held in memory and a failure leaves the old snapshot in place.
pub fn import_list(
    session: &Session,
    path: &Path,
    name: &str,
    progress: &dyn Progress,
) -> Result<ListImport> {
    let scope = &session.scope();
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::Refused("a watchlist needs a name".into()));
    }
    let format = list_format(path);
    let file = File::open(path).map_err(AppError::io(path))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let source_file = path.display().to_string();
    progress.start("storing", size, Unit::Bytes);
    let mut source = Some(BufReader::new(Counted::new(file, progress)));
    let mut issues: Vec<RowIssue> = Vec::new();
    let mut skipped = BTreeMap::new();
    let mut rows = 0;
    let stored = scope.replace_watchlist(
        &NewWatchlist {
            name,
            source_file: &source_file,
            format,
        },
        &mut |sink| {
            let reader = source
                .take()
                .ok_or_else(|| StoreError::Source("the watchlist was read already".into()))?;
            let unreadable = |e: rastro_screen::ReadError| {
                StoreError::Source(format!("reading watchlist {source_file}: {e}"))
            };
            let mut failure = None;
            let summary = {
                let mut visit = |person, row| match sink(to_entry(person, row)) {
                    Ok(()) => true,
                    Err(e) => {
                        failure = Some(e);
                        false
                    }
                };
                if format == "ftm" {
                    let read = read_ftm_each(reader, &mut visit).map_err(unreadable)?;
                    skipped = read.skipped_schemas;
                    read.summary
                } else {
                    read_csv_each(reader, &mut visit).map_err(unreadable)?
                }
            };
            if let Some(e) = failure {
                return Err(e);
            }
            rows = summary.rows;
            let counts = ListCounts {
                rows: summary.rows,
                rejected: summary.rejected() as u64,
            };
            issues = summary.issues;
            Ok(counts)
        },
    );
    progress.finish();
    let stored = stored?;
    Ok(ListImport {
        list: name.to_string(),
        file: source_file,
        format,
        rows,
        imported: stored.list.entries,
        rejected: issues.iter().filter(|i| i.rejected).count() as u64,
        skipped,
        replaced: stored.replaced.map(|r| Replaced {
            entries: r.entries,
            source_file: r.source_file,
            imported_at: r.imported_at,
        }),
        errors: issues.iter().map(RowError::from).collect(),
    })
}

/// The lists the organisation sees: its own and those shared with it.
pub fn lists(session: &Session) -> Result<Vec<WatchlistInfo>> {
    let scope = &session.scope();
    Ok(scope.watchlists()?)
}

/// Deletes one of the organisation's own lists.
pub fn remove_list(session: &Session, name: &str) -> Result<WatchlistInfo> {
    let scope = &session.scope();
    match scope.remove_watchlist(name.trim()) {
        Err(StoreError::NotFound) => Err(AppError::Refused(format!(
            "organisation {:?} has no watchlist named {:?} (see `rastro watchlist list`)",
            scope.organisation().name,
            name.trim()
        ))),
        other => Ok(other?),
    }
}

/// A stored list read back for screening.
pub struct StoredList {
    pub info: WatchlistInfo,
    pub people: Vec<Person>,
    /// The source row of each person.
    pub rows: Vec<u64>,
}

/// The list `name` of `owner` (the acting organisation when `None`), as people to screen. Another
/// organisation's list is used only when named with its owner; when the acting organisation has
/// no list of that name, the error says which organisations share one.
pub fn load_list(session: &Session, name: &str, owner: Option<&str>) -> Result<StoredList> {
    let scope = &session.scope();
    let name = name.trim();
    let found = match owner {
        Some(owner) => scope.watchlist_of(owner.trim(), name)?,
        None => scope.watchlist(name)?,
    };
    let Some(info) = found else {
        let others: Vec<String> = scope
            .watchlists()?
            .into_iter()
            .filter(|l| l.name == name && !l.own)
            .map(|l| l.organisation)
            .collect();
        let whose = match owner {
            Some(o) => format!("of {o:?} visible to"),
            None => "of".to_string(),
        };
        let hint = if others.is_empty() || owner.is_some() {
            " (see `rastro watchlist list`)".to_string()
        } else {
            format!(
                "; shared with it under that name by {} (name the owner with --list-owner)",
                others
                    .iter()
                    .map(|o| format!("{o:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        return Err(AppError::Refused(format!(
            "no watchlist named {name:?} {whose} organisation {:?}{hint}",
            scope.organisation().name
        )));
    };
    let mut people = Vec::with_capacity(info.entries as usize);
    let mut rows = Vec::with_capacity(info.entries as usize);
    let mut damaged = None;
    scope.for_each_watchlist_entry(&info.id, &mut |entry| {
        let row = entry.source_row;
        match to_person(entry) {
            Ok(p) => {
                people.push(p);
                rows.push(row);
            }
            Err(reason) => {
                damaged.get_or_insert((row, reason));
            }
        }
        Ok(())
    })?;
    if let Some((row, reason)) = damaged {
        return Err(AppError::Refused(format!(
            "watchlist {name:?}: the stored entry from row {row} is unreadable ({reason}); import the list again"
        )));
    }
    Ok(StoredList { info, people, rows })
}

/// A person read from row `source_row` of a watchlist file, as the store keeps it. Takes the
/// person so that a list of millions is not held twice.
pub fn to_entry(person: Person, source_row: u64) -> WatchlistEntry {
    WatchlistEntry {
        source_row,
        birth_dates: person.birth_dates.iter().map(|d| d.to_string()).collect(),
        gender: person.gender.map(|g| g.as_str().to_string()),
        nationalities: person
            .nationalities
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
        source_id: person.id,
        names: person.names,
        documents: person.documents,
        topics: person.topics,
    }
}

/// The person a stored entry was made from. Fails only on an entry the store holds in a form
/// `to_entry` never writes (a damaged or hand-edited database).
pub fn to_person(entry: WatchlistEntry) -> Result<Person, String> {
    let birth_dates = entry
        .birth_dates
        .iter()
        .map(|d| parse_birth_date(d).map_err(|e| format!("birth date {d:?}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let gender = match entry.gender.as_deref() {
        None => None,
        Some(g) => Some(Gender::parse(g).ok_or_else(|| format!("gender {g:?}"))?),
    };
    let nationalities = entry
        .nationalities
        .iter()
        .map(|c| {
            rastro_geo::countries()
                .parse(c)
                .map_err(|e| format!("nationality {c:?}: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if entry.names.is_empty() {
        return Err("no name".to_string());
    }
    Ok(Person {
        id: entry.source_id,
        names: entry.names,
        birth_dates,
        gender,
        nationalities,
        documents: entry.documents,
        topics: entry.topics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_survive_the_round_trip() {
        let csv = "id,full_name,aliases,date_of_birth,gender,nationality,document_number,topics\n\
                   w1,María José García,Majo,1980-03;1981,F,Perú;BR,AB-123,sanction;crime\n\
                   w2,Ana Ruiz,,,,,,\n";
        let out = rastro_screen::read_csv(csv.as_bytes()).unwrap();
        assert_eq!(out.people.len(), 2);
        for (p, row) in out.people.iter().zip(&out.source_rows) {
            let entry = to_entry(p.clone(), *row);
            assert_eq!(entry.source_row, *row);
            assert_eq!(&to_person(entry).unwrap(), p);
        }
    }

    #[test]
    fn damaged_entries_are_refused() {
        let entry = WatchlistEntry {
            source_id: "x".into(),
            names: vec!["Ana".into()],
            birth_dates: vec!["1980-13".into()],
            ..WatchlistEntry::default()
        };
        assert!(to_person(entry).unwrap_err().contains("birth date"));
    }
}
