//! Live checks: people screened against a watchlist file or a stored list, on every core, each
//! answer paired with its own query.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use crate::session::Session;
use rastro_screen::{read_csv, read_ftm, Match, Person, QueryError, RowIssue, Watchlist};
use rastro_store::WatchlistInfo;

use crate::progress::{Progress, Unit};
use crate::watchlists::{list_format, load_list};
use crate::{AppError, Result};

/// A watchlist ready to screen against, and where it came from.
pub struct ScreeningList {
    pub watchlist: Watchlist,
    /// Whose list it is and what it is, for the person screening: a file, or a stored list with
    /// its owner.
    pub described: String,
    /// The stored list, when it came from the store.
    pub stored: Option<WatchlistInfo>,
    /// Rows of the source that could not be used (rejected, or fields ignored).
    pub issues: Vec<RowIssue>,
    /// FollowTheMoney entities that are not persons, by schema.
    pub skipped_schemas: BTreeMap<String, u64>,
}

/// The screening outcome of one query.
pub type Outcome = std::result::Result<Vec<Match>, QueryError>;

/// A watchlist file (CSV or FollowTheMoney JSON lines), indexed.
pub fn list_from_file(path: &Path) -> Result<ScreeningList> {
    let file = File::open(path).map_err(AppError::io(path))?;
    let unreadable = |e: rastro_screen::ReadError| AppError::Screening {
        context: format!("reading watchlist {}", path.display()),
        message: e.to_string(),
    };
    let (outcome, skipped_schemas) = if list_format(path) == "ftm" {
        let ftm = read_ftm(BufReader::new(file)).map_err(unreadable)?;
        (ftm.outcome, ftm.skipped_schemas)
    } else {
        (
            read_csv(BufReader::new(file)).map_err(unreadable)?,
            BTreeMap::new(),
        )
    };
    let mut issues = outcome.issues;
    let (watchlist, unindexed) =
        Watchlist::build(outcome.people).map_err(|e| AppError::Screening {
            context: format!("indexing {}", path.display()),
            message: e.to_string(),
        })?;
    issues.extend(unindexed);
    Ok(ScreeningList {
        watchlist,
        described: path.display().to_string(),
        stored: None,
        issues,
        skipped_schemas,
    })
}

/// A stored list the organisation may use (its own by name, another's by owner and name),
/// indexed. Rows that cannot be indexed are reported with their row in the list's source.
pub fn list_from_store(
    session: &Session,
    name: &str,
    owner: Option<&str>,
) -> Result<ScreeningList> {
    let stored = load_list(session, name, owner)?;
    let (watchlist, unindexed) =
        Watchlist::build(stored.people).map_err(|e| AppError::Screening {
            context: format!("indexing list {name:?}"),
            message: e.to_string(),
        })?;
    // The engine counts positions in what it was given; the officer needs rows of the source.
    let issues = unindexed
        .into_iter()
        .map(|mut issue| {
            if let Some(&row) = usize::try_from(issue.row)
                .ok()
                .and_then(|i| stored.rows.get(i.wrapping_sub(1)))
            {
                issue.row = row;
            }
            issue
        })
        .collect();
    let info = stored.info;
    let described = format!(
        "list {:?} of {}{} ({} entries, imported {})",
        info.name,
        info.organisation,
        if info.own { "" } else { ", shared" },
        info.entries,
        info.imported_at
    );
    Ok(ScreeningList {
        watchlist,
        described,
        stored: Some(info),
        issues,
        skipped_schemas: BTreeMap::new(),
    })
}

/// Queries from a CSV with the same columns as a watchlist, with the rows that could not be used.
pub fn read_queries(path: &Path) -> Result<(Vec<Person>, Vec<RowIssue>)> {
    let file = File::open(path).map_err(AppError::io(path))?;
    let outcome = read_csv(BufReader::new(file)).map_err(|e| AppError::Screening {
        context: format!("reading queries {}", path.display()),
        message: e.to_string(),
    })?;
    Ok((outcome.people, outcome.issues))
}

/// Screens every query on every core; the answers come back in the queries' order. A worker that
/// fails fails the whole batch: a lost chunk must never shift the answers onto other people.
pub fn screen(
    list: &Watchlist,
    queries: &[Person],
    threshold: f64,
    limit: usize,
    progress: &dyn Progress,
) -> Result<Vec<Outcome>> {
    progress.start("screening", queries.len() as u64, Unit::Items);
    let outcome =
        rastro_screen::screen_batch(list, queries, threshold, limit, 0, &|n| progress.advance(n));
    progress.finish();
    outcome.map_err(|e| AppError::WorkerFailed(e.to_string()))
}
