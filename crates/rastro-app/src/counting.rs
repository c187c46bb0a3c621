//! What the statistics engine counts, for one session: the facet values of every case and
//! incident the session sees at summary level, as engine records. Reading them is a scan of the
//! store, so they are kept per (organisation, role) — the two things visibility depends on — and
//! reused while the store's visibility stamp is unchanged; a grant revoked, a record added or a
//! linkage re-run changes the stamp, and the next request reads afresh. Every request is traced
//! by the store, cached or not.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use rastro_stats::{Dimension, Record, Source, YearMonth};
use rastro_store::{CaseFacts, Facet, IncidentFacts, NewsFacet, Role};

use crate::session::Session;
use crate::Result;

/// What a session may count, read once per visibility stamp.
pub struct Counted {
    /// The visibility stamp these were read at (empty when read without a cache): results
    /// computed from them may be kept under it.
    pub stamp: String,
    pub records: Vec<Record>,
    /// Days since 1970-01-01 of each record's date when known to the day (news), by index.
    pub days: Vec<Option<i64>>,
    /// The index of each news record, by article id, and the news records of each event: an
    /// incident's page finds its event's other reports without scanning every record.
    articles: HashMap<String, usize>,
    events: HashMap<String, Vec<usize>>,
}

impl Counted {
    /// The ids of the other articles of `article_id`'s event, as this viewer sees them.
    pub fn same_event(&self, article_id: &str) -> Vec<&str> {
        let event = self
            .articles
            .get(article_id)
            .and_then(|&i| self.records.get(i))
            .and_then(|r| r.event.as_ref());
        event
            .and_then(|e| self.events.get(e))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.records.get(i))
            .map(|r| r.id.as_str())
            .filter(|id| *id != article_id)
            .collect()
    }
}

/// Who counts the same records: an organisation acting in a role.
type Viewer = (String, Role);
/// What was read for a viewer, and the visibility stamp it was read at.
type Entry = (String, Arc<Counted>);

/// The articles a search matched.
pub struct Hits {
    pub ids: HashSet<String>,
    /// The same ids, best match first.
    pub ranked: Vec<String>,
}

/// The incidents a filter selects, in the order a reader browses them, and their facets.
pub struct Listing {
    pub ids: Vec<String>,
    /// Per facet, its values among the matching incidents with how many, most first.
    pub facets: Vec<(Dimension, Vec<(String, u64)>)>,
}

/// Counted records per (organisation, role), shared by every request of a server; and the
/// articles a text search matched, per viewer, stamp and search.
#[derive(Default)]
pub struct CountCache {
    entries: Mutex<HashMap<Viewer, Entry>>,
    searches: Mutex<HashMap<Search, Arc<Hits>>>,
    listings: Mutex<HashMap<Search, Arc<Listing>>>,
}

fn key(session: &Session, stamp: &str, asked: &str) -> Search {
    let viewer = (session.organisation().id.clone(), session.actor().role());
    (viewer, stamp.to_string(), asked.to_string())
}

/// The value kept under `key`, or the one `make` makes (kept unless the stamp is unknown, when
/// nothing says how long it would hold).
fn remembered<T>(
    map: &Mutex<HashMap<Search, Arc<T>>>,
    key: Search,
    make: impl FnOnce() -> Result<T>,
) -> Result<Arc<T>> {
    let cacheable = !key.1.is_empty();
    let lock = || map.lock().unwrap_or_else(PoisonError::into_inner);
    if cacheable {
        if let Some(found) = lock().get(&key) {
            return Ok(Arc::clone(found));
        }
    }
    let made = Arc::new(make()?);
    if cacheable {
        let mut kept = lock();
        if kept.len() >= CACHED_SEARCHES {
            kept.clear();
        }
        kept.insert(key, Arc::clone(&made));
    }
    Ok(made)
}

/// A viewer's request (a search's text, a listing's filter) at a stamp.
type Search = (Viewer, String, String);

/// Searches (and listings) kept at most; the whole set is dropped when full (each is cheap to
/// redo once).
const CACHED_SEARCHES: usize = 4_096;

impl CountCache {
    pub fn new() -> CountCache {
        CountCache::default()
    }

    /// The records the session may count, traced as a statistics read of `asked`.
    pub fn records(&self, session: &Session, asked: &str) -> Result<Arc<Counted>> {
        let scope = session.scope();
        let stamp = scope.statistics_stamp(asked)?;
        let key = (session.organisation().id.clone(), session.actor().role());
        if let Some((seen, counted)) = self.lock().get(&key) {
            if *seen == stamp {
                return Ok(Arc::clone(counted));
            }
        }
        let mut counted = read(session)?;
        counted.stamp = stamp.clone();
        let counted = Arc::new(counted);
        self.lock().insert(key, (stamp, Arc::clone(&counted)));
        Ok(counted)
    }

    /// What a search of `q` matched for this viewer at `stamp`, found by `search` when not
    /// known yet.
    pub fn search(
        &self,
        session: &Session,
        stamp: &str,
        q: &str,
        search: impl FnOnce() -> Result<Hits>,
    ) -> Result<Arc<Hits>> {
        remembered(&self.searches, key(session, stamp, q), search)
    }

    /// The incidents a filter selects, in order, with their facets, for this viewer at `stamp`;
    /// made by `list` when not known yet.
    pub fn listing(
        &self,
        session: &Session,
        stamp: &str,
        filter: &str,
        list: impl FnOnce() -> Result<Listing>,
    ) -> Result<Arc<Listing>> {
        remembered(&self.listings, key(session, stamp, filter), list)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Viewer, Entry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Reads the session's records without a cache.
pub fn read(session: &Session) -> Result<Counted> {
    let scope = session.scope();
    let mut records = Vec::new();
    let mut days = Vec::new();
    scope.for_each_case_facts(&mut |facts| {
        records.push(case_record(facts));
        days.push(None);
        Ok(())
    })?;
    let mut articles = HashMap::new();
    let mut events: HashMap<String, Vec<usize>> = HashMap::new();
    if rastro_store::permits(session.actor().role(), rastro_store::Action::ReadNews) {
        scope.for_each_incident_facts(&mut |facts| {
            let index = records.len();
            days.push(facts.date.as_deref().and_then(day_number));
            let record = incident_record(facts);
            articles.insert(record.id.clone(), index);
            if let Some(event) = &record.event {
                events.entry(event.clone()).or_default().push(index);
            }
            records.push(record);
            Ok(())
        })?;
    }
    Ok(Counted {
        stamp: String::new(),
        records,
        days,
        articles,
        events,
    })
}

fn case_record(facts: CaseFacts) -> Record {
    let mut record = Record {
        id: facts.id,
        source: Source::Case,
        org: facts.owner,
        ..Record::default()
    };
    for (facet, value) in facts.values {
        match facet {
            Facet::Exploitation => record.forms.push(value),
            Facet::ExploitationCountry => record.exploitation.push(value),
            Facet::RecruitmentCountry => record.origin.push(value),
            Facet::TransitCountry => record.transit.push(value),
            Facet::Citizenship => record.citizenship.push(value),
            Facet::Gender => record.sex = Some(value),
            Facet::AgeBand => record.age_band = Some(value),
            Facet::Month => record.month = year_month(&value),
            Facet::Industry => {}
        }
    }
    record
}

fn incident_record(facts: IncidentFacts) -> Record {
    let mut record = Record {
        id: facts.id,
        source: Source::News,
        org: facts.owner,
        lang: Some(facts.language),
        month: facts.date.as_deref().and_then(year_month),
        event: facts.event,
        victims: facts.victims,
        ..Record::default()
    };
    for (facet, value) in facts.values {
        match facet {
            // An article names where things happened, not which stage: counted as exploitation
            // (where the victims were found), never as a route.
            NewsFacet::Country => record.exploitation.push(value),
            NewsFacet::Exploitation => {
                if let Some(form) = case_form(&value) {
                    record.forms.push(form.to_string());
                }
            }
            NewsFacet::Operation | NewsFacet::Group => {}
        }
    }
    record
}

/// The HTCDS form of exploitation a form extracted from news is counted as, so that cases and
/// news fill the same rows.
pub fn case_form(news_form: &str) -> Option<&'static str> {
    Some(match news_form {
        "sexual_exploitation" => "SexualExploitation",
        "forced_labour" => "ForcedLabour",
        "forced_marriage" => "ForcedMarriage",
        "forced_begging" => "ForcedBegging",
        "illegal_adoption" => "ForcedAdoption",
        "organ_removal" => "OrganRemoval",
        "forced_criminality" => "Other",
        _ => return None,
    })
}

/// `YYYY-MM…` → the month, when it is one.
fn year_month(text: &str) -> Option<YearMonth> {
    let year: i32 = text.get(..4)?.parse().ok()?;
    let month: u8 = text.get(5..7)?.parse().ok()?;
    (text.as_bytes().get(4) == Some(&b'-') && (1..=12).contains(&month))
        .then_some(YearMonth { year, month })
}

/// `YYYY-MM-DD…` → days since 1970-01-01.
pub fn day_number(text: &str) -> Option<i64> {
    let month = year_month(text)?;
    let day: u32 = text.get(8..10)?.parse().ok()?;
    (text.as_bytes().get(7) == Some(&b'-')
        && day >= 1
        && day <= rastro_text::days_in_month(month.year, u32::from(month.month)))
    .then(|| rastro_text::days_from_civil(month.year, u32::from(month.month), day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rastro_model::Picklist;

    #[test]
    fn an_article_finds_the_other_reports_of_its_event_only() {
        let news = |id: &str, event: Option<&str>| Record {
            id: id.into(),
            source: Source::News,
            event: event.map(str::to_string),
            ..Record::default()
        };
        let records = vec![
            Record::default(),
            news("a", Some("e1")),
            news("b", Some("e2")),
            news("c", Some("e1")),
            news("d", None),
        ];
        let articles = [("a", 1), ("b", 2), ("c", 3), ("d", 4)]
            .map(|(id, i)| (id.to_string(), i))
            .into();
        let events = [("e1", vec![1, 3]), ("e2", vec![2])]
            .map(|(e, v)| (e.to_string(), v))
            .into();
        let counted = Counted {
            stamp: String::new(),
            days: vec![None; records.len()],
            records,
            articles,
            events,
        };
        assert_eq!(counted.same_event("a"), vec!["c"]);
        assert_eq!(counted.same_event("c"), vec!["a"]);
        assert!(counted.same_event("b").is_empty());
        assert!(counted.same_event("d").is_empty());
        assert!(counted.same_event("unknown").is_empty());
    }

    #[test]
    fn dates_are_read_only_when_whole() {
        assert_eq!(
            year_month("2024-03-05"),
            Some(YearMonth {
                year: 2024,
                month: 3
            })
        );
        assert_eq!(year_month("2024-13"), None);
        assert_eq!(year_month("2024"), None);
        assert_eq!(day_number("1970-01-02"), Some(1));
        assert_eq!(day_number("2023-02-29"), None);
        assert_eq!(day_number("2024-02-29"), Some(19_782));
    }

    #[test]
    fn news_forms_fill_the_rows_of_cases() {
        for form in ["sexual_exploitation", "forced_labour", "organ_removal"] {
            let wire = case_form(form).unwrap();
            assert!(
                rastro_model::ExploitationType::parse(wire).is_some(),
                "{wire}"
            );
        }
        assert_eq!(case_form("piracy"), None);
    }
}
