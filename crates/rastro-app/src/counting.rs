//! What the statistics engine counts, for one session: the facet values of every case and
//! incident the session sees at summary level, as engine records. Reading them is a scan of the
//! store, so they are kept per (organisation, role) — the two things visibility depends on — and
//! reused while the store's visibility stamp is unchanged. When the stamp says records were only
//! added, just those are read and appended as a new part; a grant revoked, a record removed or a
//! linkage re-run means reading everything again. Every request is traced by the store, cached
//! or not.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rastro_stats::{Attribute, Dimension, Record, Records, Source, YearMonth};
use rastro_store::{CaseFacts, Facet, FactsSpan, IncidentFacts, NewsFacet, Role, VisibilityStamp};

use crate::memo::Memo;
use crate::session::Session;
use crate::Result;

/// What a session may count, read once per visibility stamp: parts read at successive stamps,
/// the first with everything up to its stamp and each later one with what was added since.
pub struct Counted {
    /// The visibility stamp these were read at, as a key (empty when read without a cache):
    /// results computed from them may be kept under it.
    pub stamp: String,
    /// The part of the stamp news depend on (it stays the same while only cases are added): what
    /// a text search or a listing of incidents finds may be kept under it.
    pub news_stamp: String,
    seen: Option<VisibilityStamp>,
    parts: Vec<Arc<Part>>,
    /// Distinct persons among the cases, by the latest person linkage, once asked for.
    persons: OnceLock<u64>,
}

/// Records read together, with what finds them again.
#[derive(Default)]
struct Part {
    records: Vec<Record>,
    /// Days since 1970-01-01 of each record's date when known to the day (news), by index.
    days: Vec<Option<i64>>,
    /// The index of each news record, by article id, and the news records of each event: an
    /// incident's page finds its event's other reports without scanning every record.
    articles: HashMap<String, usize>,
    events: HashMap<String, Vec<usize>>,
}

impl Part {
    fn push(&mut self, record: Record, day: Option<i64>) {
        let index = self.records.len();
        if record.source == Source::News {
            self.articles.insert(record.id.clone(), index);
            if let Some(event) = &record.event {
                self.events.entry(event.clone()).or_default().push(index);
            }
        }
        self.records.push(record);
        self.days.push(day);
    }

    fn extend(&mut self, other: &Part) {
        for (record, day) in other.records.iter().zip(&other.days) {
            self.push(record.clone(), *day);
        }
    }
}

impl Counted {
    /// The visibility stamp these were read at (`None` when read without a cache).
    pub fn visibility(&self) -> Option<&VisibilityStamp> {
        self.seen.as_ref()
    }

    /// How many records there are.
    pub fn len(&self) -> usize {
        self.parts.iter().map(|p| p.records.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each record with the day of its date when known to the day (news).
    pub fn dated(&self) -> impl Iterator<Item = (&Record, Option<i64>)> {
        self.parts
            .iter()
            .flat_map(|p| p.records.iter().zip(p.days.iter().copied()))
    }

    /// Distinct persons among the visible cases by the latest person linkage (cases it did not
    /// cover count one each), asked of the store once per stamp and then kept: after additions
    /// alone it is the earlier figure plus the cases added.
    pub fn persons(&self, session: &Session) -> Result<u64> {
        if let Some(known) = self.persons.get() {
            return Ok(*known);
        }
        let counted = session.scope().count_persons()?.persons;
        if !self.stamp.is_empty() {
            let _ = self.persons.set(counted);
        }
        Ok(counted)
    }

    /// The ids of the other articles of `article_id`'s event, as this viewer sees them.
    pub fn same_event(&self, article_id: &str) -> Vec<&str> {
        let event = self.parts.iter().find_map(|p| {
            p.articles
                .get(article_id)
                .and_then(|&i| p.records.get(i))
                .and_then(|r| r.event.as_deref())
        });
        let Some(event) = event else {
            return Vec::new();
        };
        self.parts
            .iter()
            .flat_map(|p| {
                p.events
                    .get(event)
                    .into_iter()
                    .flatten()
                    .filter_map(|&i| p.records.get(i))
            })
            .map(|r| r.id.as_str())
            .filter(|id| *id != article_id)
            .collect()
    }

    /// These records and `added` after them, sharing every part but a small last one.
    fn appended(&self, added: Part, stamp: VisibilityStamp) -> Counted {
        // Cases stored after the latest linkage run are each a person of their own until the
        // next run (which moves the stamp's change counter, so never reaches here).
        let persons = OnceLock::new();
        if let Some(known) = self.persons.get() {
            let new_cases = added.records.iter().filter(|r| r.source == Source::Case);
            let _ = persons.set(known + new_cases.count() as u64);
        }
        let mut parts = self.parts.clone();
        carry(&mut parts, added);
        Counted {
            stamp: stamp.key(),
            news_stamp: stamp.news_key(),
            seen: Some(stamp),
            parts,
            persons,
        }
    }
}

/// Puts `added` after `parts` as a binary counter carries: the new part swallows the parts
/// before it while they are no larger than it, so sizes at least double towards the first part.
/// Many small additions then leave a few parts (about the logarithm of their number), and each
/// record is copied a few times in all — not the whole last part again at every write, which
/// under a steady trickle of writes cost more than the reads they served.
fn carry(parts: &mut Vec<Arc<Part>>, mut added: Part) {
    if added.records.is_empty() {
        return;
    }
    while let Some(last) = parts.last() {
        if last.records.len() > added.records.len() {
            break;
        }
        let mut merged = Part::default();
        merged.extend(last);
        merged.extend(&added);
        parts.pop();
        added = merged;
    }
    parts.push(Arc::new(added));
}

impl Records for Counted {
    fn each(&self) -> impl Iterator<Item = &Record> {
        self.parts.iter().flat_map(|p| p.records.iter())
    }
}

/// Who counts the same records: an organisation acting in a role, with or without the
/// picklist facets (kept apart: most tables never need them, and they double a read).
type Viewer = (String, Role, bool);

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
pub struct CountCache {
    entries: Mutex<HashMap<Viewer, Arc<Counted>>>,
    /// Held while a viewer's records are read.
    readers: Mutex<HashMap<Viewer, Arc<Mutex<()>>>>,
    searches: Memo<Search, Hits>,
    listings: Memo<Search, Listing>,
    /// How many cases each viewer's listing holds.
    pub case_totals: rastro_store::CaseTotals,
}

impl Default for CountCache {
    fn default() -> CountCache {
        CountCache {
            entries: Mutex::default(),
            readers: Mutex::default(),
            searches: Memo::new(CACHED_SEARCHES),
            listings: Memo::new(CACHED_SEARCHES),
            case_totals: rastro_store::CaseTotals::new(),
        }
    }
}

fn key(session: &Session, stamp: &str, asked: &str) -> Search {
    let viewer = (
        session.organisation().id.clone(),
        session.actor().role(),
        false,
    );
    (viewer, stamp.to_string(), asked.to_string())
}

/// The value kept under `key`, or the one `make` makes, made once however many ask at once
/// (and not kept when the stamp is unknown, since nothing says how long it would hold).
fn remembered<T>(
    memo: &Memo<Search, T>,
    key: Search,
    make: impl FnOnce() -> Result<T>,
) -> Result<Arc<T>> {
    if key.1.is_empty() {
        return Ok(Arc::new(make()?));
    }
    memo.get_or_make(key, make)
}

/// A viewer's request (a search's text, a listing's filter) at a stamp.
type Search = (Viewer, String, String);

/// Searches (and listings) kept at most; the oldest leaves first.
const CACHED_SEARCHES: usize = 4_096;

impl CountCache {
    pub fn new() -> CountCache {
        CountCache::default()
    }

    /// The records the session may count, traced as a statistics read of `asked`; with the
    /// descriptive HTCDS picklists as attributes when `picklists`.
    pub fn records(&self, session: &Session, asked: &str, picklists: bool) -> Result<Arc<Counted>> {
        let stamp = session.scope().statistics_stamp(asked)?;
        let key = (
            session.organisation().id.clone(),
            session.actor().role(),
            picklists,
        );
        if let Some(kept) = self.fresh(&key, &stamp) {
            return Ok(kept);
        }
        // What was read with the picklists holds everything a read without them would: a node
        // that has just started need not read the same cases twice.
        if !picklists {
            let with = (key.0.clone(), key.1, true);
            if let Some(kept) = self.fresh(&with, &stamp) {
                return Ok(kept);
            }
        }
        // One read per viewer at a time: a hundred requests arriving together after a change
        // wait for one read instead of making a hundred.
        let reader = Arc::clone(
            self.readers
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(key.clone())
                .or_default(),
        );
        let _reading = reader.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(kept) = self.fresh(&key, &stamp) {
            return Ok(kept);
        }
        let known = self.lock().get(&key).map(Arc::clone);
        let counted = match known.as_ref().and_then(|k| Some((k, k.seen.as_ref()?))) {
            Some((kept, seen)) if stamp.only_adds_to(seen) => {
                let span = FactsSpan {
                    since: Some(seen),
                    upto: &stamp,
                    picklists,
                    slice: (0, 1),
                };
                kept.appended(read_part(session, span)?, stamp)
            }
            _ => read_at(session, stamp, picklists)?,
        };
        let counted = Arc::new(counted);
        self.lock().insert(key, Arc::clone(&counted));
        Ok(counted)
    }

    /// Whether records are kept for `organisation_id` acting as `role` (read without the
    /// picklists or with them), at whatever stamp.
    pub fn holds(&self, organisation_id: &str, role: Role) -> bool {
        let entries = self.lock();
        [false, true]
            .into_iter()
            .any(|picklists| entries.contains_key(&(organisation_id.to_string(), role, picklists)))
    }

    /// What is kept for `viewer` if it was read at `stamp` or later.
    fn fresh(&self, viewer: &Viewer, stamp: &VisibilityStamp) -> Option<Arc<Counted>> {
        let entries = self.lock();
        let kept = entries.get(viewer)?;
        let seen = kept.seen.as_ref()?;
        (seen == stamp || seen.only_adds_to(stamp)).then(|| Arc::clone(kept))
    }

    /// What a search of `q` matched for this viewer at `stamp` (a news stamp), found by `search`
    /// when not known yet.
    pub fn search(
        &self,
        session: &Session,
        stamp: &str,
        q: &str,
        search: impl FnOnce() -> Result<Hits>,
    ) -> Result<Arc<Hits>> {
        remembered(&self.searches, key(session, stamp, q), search)
    }

    /// The incidents a filter selects, in order, with their facets, for this viewer at `stamp`
    /// (a news stamp); made by `list` when not known yet.
    pub fn listing(
        &self,
        session: &Session,
        stamp: &str,
        filter: &str,
        list: impl FnOnce() -> Result<Listing>,
    ) -> Result<Arc<Listing>> {
        remembered(&self.listings, key(session, stamp, filter), list)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Viewer, Arc<Counted>>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Reads the session's records without a cache, with the picklists when asked.
pub fn read(session: &Session, picklists: bool) -> Result<Counted> {
    let stamp = session.scope().statistics_stamp("read")?;
    let mut counted = read_at(session, stamp, picklists)?;
    counted.stamp.clear();
    counted.news_stamp.clear();
    counted.seen = None;
    Ok(counted)
}

/// Reads everything the session may count up to `stamp`, in as many slices at once as there
/// are cores (up to four): a million records are read in a few seconds, and a server started
/// afresh answers its first statistics only then.
fn read_at(session: &Session, stamp: VisibilityStamp, picklists: bool) -> Result<Counted> {
    let slices = std::thread::available_parallelism().map_or(1, |n| n.get().min(4)) as u32;
    let span = |index: u32| FactsSpan {
        picklists,
        slice: (index, slices),
        ..FactsSpan::everything(&stamp)
    };
    let parts: Vec<Result<Part>> = std::thread::scope(|threads| {
        let reading: Vec<_> = (1..slices)
            .map(|index| threads.spawn(move || read_part(session, span(index))))
            .collect();
        let mut parts = vec![read_part(session, span(0))];
        parts.extend(reading.into_iter().map(|thread| {
            thread.join().unwrap_or_else(|_| {
                Err(crate::AppError::WorkerFailed(
                    "reading the records to count".into(),
                ))
            })
        }));
        parts
    });
    let parts = parts
        .into_iter()
        .map(|part| part.map(Arc::new))
        .collect::<Result<Vec<_>>>()?;
    Ok(Counted {
        stamp: stamp.key(),
        news_stamp: stamp.news_key(),
        seen: Some(stamp),
        parts,
        persons: OnceLock::new(),
    })
}

/// Reads the records of `span` the session may count.
fn read_part(session: &Session, span: FactsSpan<'_>) -> Result<Part> {
    let scope = session.scope();
    let mut part = Part::default();
    scope.for_each_case_facts(span, &mut |facts| {
        part.push(case_record(facts), None);
        Ok(())
    })?;
    if rastro_store::permits(session.actor().role(), rastro_store::Action::ReadNews) {
        scope.for_each_incident_facts(span, &mut |facts| {
            let day = facts.date.as_deref().and_then(day_number);
            part.push(incident_record(facts), day);
            Ok(())
        })?;
    }
    Ok(part)
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
            other => {
                if let Some(attribute) = attribute_of(other) {
                    record.attributes.push((attribute, value));
                }
            }
        }
    }
    record
}

/// The engine's name for a facet of a categorical HTCDS field.
fn attribute_of(facet: Facet) -> Option<Attribute> {
    Some(match facet {
        Facet::Industry => Attribute::Industry,
        Facet::RecruitmentMethod => Attribute::RecruitmentMethod,
        Facet::RecruitmentSite => Attribute::RecruitmentSite,
        Facet::ControlMethod => Attribute::ControlMethod,
        Facet::SexExploitation => Attribute::SexExploitation,
        Facet::ExploitationSite => Attribute::ExploitationSite,
        Facet::Vulnerability => Attribute::Vulnerability,
        Facet::Relationship => Attribute::Relationship,
        Facet::TraffickingStatus => Attribute::TraffickingStatus,
        Facet::StatusDecidedBy => Attribute::StatusDecidedBy,
        Facet::PerpetratorRole => Attribute::PerpetratorRole,
        Facet::CaseStatus => Attribute::CaseStatus,
        Facet::IncomingReferralReason => Attribute::IncomingReferralReason,
        Facet::OutgoingReferralReason => Attribute::OutgoingReferralReason,
        Facet::SupportPlan => Attribute::SupportPlan,
        Facet::Exploitation
        | Facet::ExploitationCountry
        | Facet::RecruitmentCountry
        | Facet::TransitCountry
        | Facet::Citizenship
        | Facet::Gender
        | Facet::AgeBand
        | Facet::Month => return None,
    })
}

fn incident_record(facts: IncidentFacts) -> Record {
    let mut record = Record {
        id: facts.id,
        source: Source::News,
        org: facts.owner,
        lang: Some(facts.language),
        outlet: facts.outlet,
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
        // Two parts, as after an addition: an event's reports are found across both.
        let mut first = Part::default();
        for record in [
            Record::default(),
            news("a", Some("e1")),
            news("b", Some("e2")),
        ] {
            first.push(record, None);
        }
        let mut second = Part::default();
        for record in [news("c", Some("e1")), news("d", None)] {
            second.push(record, Some(3));
        }
        let counted = Counted {
            stamp: String::new(),
            news_stamp: String::new(),
            seen: None,
            parts: vec![Arc::new(first), Arc::new(second)],
            persons: OnceLock::new(),
        };
        assert_eq!(counted.len(), 5);
        assert_eq!(counted.each().count(), 5);
        assert_eq!(counted.dated().filter(|(_, day)| day.is_some()).count(), 2);
        assert_eq!(counted.same_event("a"), vec!["c"]);
        assert_eq!(counted.same_event("c"), vec!["a"]);
        assert!(counted.same_event("b").is_empty());
        assert!(counted.same_event("d").is_empty());
        assert!(counted.same_event("unknown").is_empty());
    }

    #[test]
    fn small_additions_leave_few_parts_in_order() {
        let case = |n: usize| Record {
            id: n.to_string(),
            source: Source::Case,
            ..Record::default()
        };
        // A first read in four slices, then a thousand writes of one to three records.
        let mut parts: Vec<Arc<Part>> = Vec::new();
        let mut next = 0;
        for _ in 0..4 {
            let mut slice = Part::default();
            for _ in 0..5_000 {
                slice.push(case(next), None);
                next += 1;
            }
            parts.push(Arc::new(slice));
        }
        for write in 0..1_000 {
            let mut added = Part::default();
            for _ in 0..=(write % 3) {
                added.push(case(next), None);
                next += 1;
            }
            carry(&mut parts, added);
            assert!(parts.len() <= 4 + 12, "{} parts", parts.len());
        }
        carry(&mut parts, Part::default());
        let ids: Vec<usize> = parts
            .iter()
            .flat_map(|p| p.records.iter())
            .map(|r| r.id.parse().unwrap())
            .collect();
        assert_eq!(ids, (0..next).collect::<Vec<_>>());
        // The first read's slices are never copied by a small write.
        assert!(parts[..4].iter().all(|p| p.records.len() == 5_000));
    }

    #[test]
    fn every_attribute_is_read_from_its_own_facet() {
        let mut seen: Vec<Attribute> = Facet::ALL.into_iter().filter_map(attribute_of).collect();
        seen.sort();
        seen.dedup();
        let mut all = Attribute::ALL.to_vec();
        all.sort();
        assert_eq!(seen, all);
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
