//! A live check: one person against one watchlist the session may use, answered in
//! milliseconds. Building a list's index is the slow part, so built lists are kept per list and
//! version (its id and when it was imported) and shared by every session that may use that
//! list: a session reaches a cached index only through the list ids its own listing returns.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use rastro_screen::{Match, Person, Watchlist};
use rastro_store::WatchlistInfo;

use crate::session::Session;
use crate::{AppError, Result};

/// Built watchlists, by list id and import time.
#[derive(Default)]
pub struct ListCache {
    built: Mutex<HashMap<(String, String), Arc<Watchlist>>>,
}

impl ListCache {
    pub fn new() -> ListCache {
        ListCache::default()
    }
}

/// The lists the session may screen against: its own and those shared with it.
pub fn usable_lists(session: &Session) -> Result<Vec<WatchlistInfo>> {
    crate::watchlists::lists(session)
}

/// The person as a query: what was typed, read the way list entries are read.
pub struct Query<'a> {
    pub name: &'a str,
    pub birth_date: Option<&'a str>,
    pub nationality: Option<&'a str>,
    pub document: Option<&'a str>,
}

impl Query<'_> {
    /// The person to screen, or what is wrong with what was typed.
    pub fn person(&self) -> Result<Person> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(AppError::Refused("a name is needed".into()));
        }
        let birth_dates = match self.birth_date.map(str::trim).filter(|d| !d.is_empty()) {
            Some(text) => vec![rastro_screen::parse_birth_date(text)
                .map_err(|e| AppError::Refused(format!("birth date {text:?}: {e}")))?],
            None => Vec::new(),
        };
        let nationalities = match self.nationality.map(str::trim).filter(|n| !n.is_empty()) {
            Some(text) => vec![rastro_geo::countries()
                .parse(text)
                .map_err(|e| AppError::Refused(format!("nationality {text:?}: {e}")))?],
            None => Vec::new(),
        };
        Ok(Person {
            id: "query".into(),
            names: vec![name.to_string()],
            birth_dates,
            gender: None,
            nationalities,
            documents: self
                .document
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(|d| vec![d.to_string()])
                .unwrap_or_default(),
            topics: Vec::new(),
        })
    }
}

/// Screens `query` against the list `list_id` (one of [`usable_lists`]); matches at or above
/// `threshold`, best first, at most `limit`.
pub fn check(
    session: &Session,
    cache: &ListCache,
    list_id: &str,
    query: &Query<'_>,
    threshold: f64,
    limit: usize,
) -> Result<(WatchlistInfo, Vec<Match>)> {
    let person = query.person()?;
    let info = usable_lists(session)?
        .into_iter()
        .find(|l| l.id == list_id)
        .ok_or_else(|| AppError::Refused("no such list among those you may use".into()))?;
    let key = (info.id.clone(), info.imported_at.clone());
    let cached = cache
        .built
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
        .cloned();
    let list = match cached {
        Some(list) => list,
        None => {
            let owner = (!info.own).then_some(info.organisation.as_str());
            let stored = crate::watchlists::load_list(session, &info.name, owner)?;
            let (built, _) = Watchlist::build(stored.people).map_err(|e| AppError::Screening {
                context: format!("list {:?}", info.name),
                message: e.to_string(),
            })?;
            let built = Arc::new(built);
            cache
                .built
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(key, Arc::clone(&built));
            built
        }
    };
    let matches = list
        .searcher()
        .screen(&person, threshold, limit)
        .map_err(|e| AppError::Refused(e.to_string()))?;
    Ok((info, matches))
}
