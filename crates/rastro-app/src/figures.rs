//! The statistics a session asks for, ready for the engine: the records it may count (cached by
//! visibility), the articles its text search matches, and the headline figures that are not a
//! table (persons counted once, incidents and events of recent days), with the same small-cell
//! rule the engine applies to every table.

use std::collections::HashSet;
use std::sync::Arc;

use rastro_stats::{Cell, Engine, Filter, Measure, Source};
use rastro_store::{Action, QueryTerm, TextQuery};

use crate::counting::{CountCache, Counted, Hits};
use crate::session::Session;
use crate::Result;

/// The most articles a text filter can match; more would make the filter meaningless.
const MAX_TEXT_HITS: usize = 100_000;

/// What one statistics request counts.
pub struct Dataset {
    pub counted: Arc<Counted>,
    /// The articles the filter's text matches (`None`: no text filter).
    pub text: Option<Arc<Hits>>,
}

impl Dataset {
    /// The ids the filter's text matches, as the engine takes them.
    pub fn hits(&self) -> Option<&HashSet<String>> {
        self.text.as_ref().map(|t| &t.ids)
    }

    /// The matches best first (empty without a text filter).
    pub fn ranked(&self) -> &[String] {
        self.text.as_ref().map_or(&[], |t| t.ranked.as_slice())
    }
}

/// The records a session may count and the articles its filter's text matches; `asked` names the
/// request in the audit trail. `picklists`: a table will break cases down by a descriptive HTCDS
/// picklist ([`rastro_stats::Attribute`]), so those values are read too.
pub fn dataset(
    session: &Session,
    cache: &CountCache,
    filter: &Filter,
    asked: &str,
    picklists: bool,
) -> Result<Dataset> {
    let counted = cache.records(session, asked, picklists)?;
    let text = match filter.q() {
        Some(q) => Some(cache.search(session, &counted.news_stamp, q, || {
            let ranked = ranked_hits(session, q)?;
            Ok(Hits {
                ids: ranked.iter().cloned().collect(),
                ranked,
            })
        })?),
        None => None,
    };
    Ok(Dataset { counted, text })
}

/// The ids of visible articles that contain every word of `q` (accents and case ignored, each
/// word in any of its inflected forms).
pub fn text_hits(session: &Session, q: &str) -> Result<HashSet<String>> {
    Ok(ranked_hits(session, q)?.into_iter().collect())
}

/// As [`text_hits`], best match first.
pub fn ranked_hits(session: &Session, q: &str) -> Result<Vec<String>> {
    if !rastro_store::permits(session.actor().role(), Action::ReadNews) {
        return Ok(Vec::new());
    }
    let query = stemmed(TextQuery::parse(q)?);
    if query.terms.is_empty() {
        return Ok(Vec::new());
    }
    Ok(session.scope().search_news_ids(&query, MAX_TEXT_HITS)?)
}

/// A search's words as the beginnings of their stems, so that inflected forms match ("rescatadas"
/// finds "rescatado"); words in quotes and explicit prefixes are kept as typed.
pub fn stemmed(query: TextQuery) -> TextQuery {
    TextQuery {
        terms: query
            .terms
            .into_iter()
            .map(|term| match term {
                QueryTerm::Word(word) => {
                    let folded = rastro_text::fold_key(&word);
                    match rastro_text::search_prefix(&folded) {
                        (stem, true) => QueryTerm::Prefix(stem.to_string()),
                        (_, false) => QueryTerm::Word(word),
                    }
                }
                other => other,
            })
            .collect(),
    }
}

/// The headline figures of the overview.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Headline {
    pub cases: Cell,
    /// Distinct persons by the latest person linkage (records it did not cover count each).
    pub persons: Option<Cell>,
    pub incidents_30: Cell,
    pub incidents_365: Cell,
    pub events_30: Cell,
    pub events_365: Cell,
}

/// The headline figures under `filter`, `today` in days since 1970-01-01.
pub fn headline(
    session: &Session,
    data: &Dataset,
    filter: &Filter,
    k: u64,
    today: i64,
) -> Result<Headline> {
    let engine = Engine::new(k);
    let records = &*data.counted;
    let hits = data.hits();
    let cases_only = filter.with("source", "case")?;
    let persons = if filter.is_empty() {
        Some(small_cell(data.counted.persons(session)?, k))
    } else {
        // Linkage counts persons over everything visible; under a filter it would mislead.
        None
    };
    let recent = |days: i64, events: bool| -> Cell {
        let since = today - days;
        let mut seen: HashSet<&str> = HashSet::new();
        let mut reports = 0u64;
        for (record, day) in data.counted.dated() {
            let recent = day.is_some_and(|d| d > since && d <= today);
            if record.source == Source::News && recent && filter.matches(record, hits) {
                reports += 1;
                seen.insert(record.event.as_deref().unwrap_or(record.id.as_str()));
            }
        }
        small_cell(if events { seen.len() as u64 } else { reports }, k)
    };
    Ok(Headline {
        cases: engine.total(records, &cases_only, hits, Measure::Records),
        persons,
        incidents_30: recent(30, false),
        incidents_365: recent(365, false),
        events_30: recent(30, true),
        events_365: recent(365, true),
    })
}

/// A lone count under the engine's rule: hidden when it is above zero and under `k`.
pub fn small_cell(n: u64, k: u64) -> Cell {
    if n > 0 && n < k {
        Cell::hidden()
    } else {
        Cell::shown(n)
    }
}

/// Today, in days since 1970-01-01 (UTC).
pub fn today() -> i64 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (seconds / 86_400) as i64
}
