//! What a session may see, as the network builder's records: cases at their own level, news
//! incidents with the groups and countries they name, and reviewers' same-person decisions.
//!
//! Everything is read through the session's scope, so the builder is only ever given what the
//! actor may see, at the level it may see it: a case seen in summary is a node with nothing on it,
//! a case seen in detail adds the countries of its events, and only a case seen in full adds its
//! person with the phones, e-mail and identity document the record holds.

use std::collections::{BTreeMap, HashMap};

use rastro_graph::{
    EdgeKind, GraphBuilder, Identifier, Link, Record, RecordKind, Span, Target, ValueKind,
};
use rastro_model::CaseRecord;
use rastro_store::{Action, CaseSelection, CaseView, FactsSpan, Level, NewsFacet, VisibilityStamp};
use serde::Deserialize;

use crate::session::Session;
use crate::Result;

/// The prefixes of record nodes' keys: the kind, then the record's id (a group: its folded
/// name). The money's are in `money.rs`.
pub const CASE: &str = "case:";
pub const PERSON: &str = "person:";
pub const INCIDENT: &str = "incident:";
pub const GROUP: &str = "group:";

/// Articles read per call: one audit event each, and one statement.
const ARTICLES_PER_READ: usize = 1_000;

/// What reading the sources met that the network leaves out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourceCounts {
    pub cases: usize,
    /// Cases seen in full, which bring a person.
    pub persons: usize,
    pub incidents: usize,
    /// Stored incidents whose groups could not be read (the incident is kept without them).
    pub unreadable_incidents: usize,
    pub groups: usize,
    /// Reviewers' decisions that two records are one person.
    pub same_person: usize,
    /// Transactions read (own and granted), the flows they make (payments between the same two
    /// sides), the parties named, and the alerts.
    pub transactions: usize,
    pub flows: usize,
    pub parties: usize,
    pub alerts: usize,
    /// Kept alerts whose content could not be read (left out).
    pub unreadable_alerts: usize,
}

impl SourceCounts {
    /// Adds another part's counts to these.
    pub(crate) fn add(&mut self, other: &SourceCounts) {
        self.cases += other.cases;
        self.persons += other.persons;
        self.incidents += other.incidents;
        self.unreadable_incidents += other.unreadable_incidents;
        self.groups += other.groups;
        self.same_person += other.same_person;
        self.transactions += other.transactions;
        self.flows += other.flows;
        self.parties += other.parties;
        self.alerts += other.alerts;
        self.unreadable_alerts += other.unreadable_alerts;
    }
}

/// The records of every case the session sees at summary level or more.
pub(crate) fn read_cases(session: &Session) -> Result<Part> {
    let mut part = Part::default();
    if !rastro_store::permits(session.actor().role(), Action::ReadCases) {
        return Ok(part);
    }
    session
        .scope()
        .for_each_case(Level::Summary, CaseSelection::Visible, &mut |view| {
            add_case(&mut part, &view);
            Ok(())
        })?;
    Ok(part)
}

fn add_case(part: &mut Part, view: &CaseView) {
    let id = view.id();
    let case_key = format!("{CASE}{id}");
    let label = format!("{} · {}", view.owner(), short(id));
    let mut case = Record::new(case_key, RecordKind::Case, label.clone());
    let time = match view {
        CaseView::Exists(_) => return,
        CaseView::Summary(_, summary) => years_span(&summary.years),
        CaseView::Detail(_) | CaseView::Full(_) => view.record().and_then(record_span),
    };
    case.time = time;
    if let Some(record) = view.record() {
        for country in event_countries(record) {
            case = case.holds(ValueKind::Place, country);
        }
    }
    if let CaseView::Full(stored) = view {
        let person_key = format!("{PERSON}{id}");
        part.records
            .push(person(&person_key, &stored.record, &label));
        case.links.push(Link {
            kind: EdgeKind::NamedInCase,
            target: Target::Record(person_key),
            time: None,
            role: Some(stored.record.role().as_str().to_string()),
        });
        part.counts.persons += 1;
    }
    part.records.push(case);
    part.counts.cases += 1;
}

/// The person of a case seen in full, with the identifiers the record holds. Phones are read as
/// national numbers of the person's first citizenship unless written internationally.
fn person(key: &str, record: &CaseRecord, case_label: &str) -> Record {
    let p = &record.person;
    let name: Vec<&str> = [&p.first_name, &p.middle_name, &p.second_name]
        .into_iter()
        .filter_map(|part| part.as_deref().map(str::trim))
        .filter(|part| !part.is_empty())
        .collect();
    let label = if name.is_empty() {
        case_label.to_string()
    } else {
        name.join(" ")
    };
    let country = p.citizenship.first().map(|c| c.as_str().to_string());
    let mut out = Record::new(key, RecordKind::Person, label);
    for phone in [&p.mobile_phone, &p.home_phone].into_iter().flatten() {
        out.identifiers.push(Identifier {
            kind: ValueKind::Phone,
            value: phone.clone(),
            country: country.clone(),
            time: None,
        });
    }
    if let Some(email) = &p.email {
        out = out.holds(ValueKind::Email, email.as_str());
    }
    if let Some(document) = &p.identity_number {
        out = out.holds(ValueKind::Document, document.as_str());
    }
    out
}

/// The countries of a record's trafficking events, each once.
fn event_countries(record: &CaseRecord) -> Vec<String> {
    let mut countries: Vec<String> = record
        .events
        .iter()
        .filter_map(|e| e.country.map(|c| c.as_str().to_string()))
        .collect();
    countries.sort();
    countries.dedup();
    countries
}

/// From the earliest to the latest date a record gives (events and referrals).
fn record_span(record: &CaseRecord) -> Option<Span> {
    let days = record
        .events
        .iter()
        .filter_map(|e| e.date)
        .chain(record.case.incoming_referral_date)
        .chain(record.case.outgoing_referral_date)
        .map(|d| d.days_since_epoch());
    let (first, last) = days.fold(None, |span: Option<(i64, i64)>, day| match span {
        Some((a, b)) => Some((a.min(day), b.max(day))),
        None => Some((day, day)),
    })?;
    Some(Span::days(first, last))
}

/// From the first day of the earliest year to the last of the latest: all a summary dates.
fn years_span(years: &[i32]) -> Option<Span> {
    let first = *years.iter().min()?;
    let last = *years.iter().max()?;
    Some(Span::days(
        rastro_text::days_from_civil(first, 1, 1),
        rastro_text::days_from_civil(last, 12, 31),
    ))
}

/// The start of a public id, enough to tell records apart on a page.
pub fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

/// An incident as the network reads it from the store.
struct IncidentSeen {
    id: String,
    date: Option<String>,
    event: Option<String>,
    countries: Vec<String>,
}

/// A group named in news, under its folded name: as first written, and the incidents naming it
/// with their times.
struct GroupSeen {
    label: String,
    named_in: Vec<(String, Option<Span>)>,
}

/// The part of a stored incident the network needs. Its fields are required, so a stored
/// incident whose fields were renamed is counted as unreadable instead of read as naming none.
#[derive(Deserialize)]
struct Named {
    groups: Vec<String>,
}

/// The records of every news incident the session may read, the groups they name (one node
/// per folded name, so the same group across incidents is one node) and the countries; reports
/// of one event in the organisation's latest event linkage become one incident node.
pub(crate) fn read_news(session: &Session, stamp: &VisibilityStamp) -> Result<Part> {
    let mut part = Part::default();
    if !rastro_store::permits(session.actor().role(), Action::ReadNews) {
        return Ok(part);
    }
    let scope = session.scope();
    let mut seen = Vec::new();
    scope.for_each_incident_facts(FactsSpan::everything(stamp), &mut |facts| {
        let countries = facts
            .values
            .into_iter()
            .filter(|(facet, _)| *facet == NewsFacet::Country)
            .map(|(_, value)| value)
            .collect();
        seen.push(IncidentSeen {
            id: facts.id,
            date: facts.date,
            event: facts.event,
            countries,
        });
        Ok(())
    })?;

    let mut groups: BTreeMap<String, GroupSeen> = BTreeMap::new();
    let mut events: HashMap<String, Vec<String>> = HashMap::new();
    for chunk in seen.chunks(ARTICLES_PER_READ) {
        let ids: Vec<String> = chunk.iter().map(|i| i.id.clone()).collect();
        let articles = scope.news_articles(&ids)?;
        let by_id: HashMap<&str, _> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
        for incident in chunk {
            // An article the store no longer shows (removed since the facts were read) is left
            // out: only what the scope hands back enters.
            let Some(article) = by_id.get(incident.id.as_str()) else {
                continue;
            };
            let key = format!("{INCIDENT}{}", incident.id);
            let label = article
                .title
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .unwrap_or(&article.external_id);
            let time = incident.date.as_deref().and_then(day_span);
            let mut record = Record::new(key.clone(), RecordKind::Incident, label);
            record.time = time;
            for country in &incident.countries {
                record = record.holds(ValueKind::Place, country.as_str());
            }
            match serde_json::from_str::<Named>(&article.incident) {
                Ok(named) => {
                    let mut folded: Vec<(String, &str)> = named
                        .groups
                        .iter()
                        .map(|g| (rastro_text::fold_key(g), g.trim()))
                        .filter(|(k, _)| !k.is_empty())
                        .collect();
                    folded.sort();
                    folded.dedup_by(|a, b| a.0 == b.0);
                    for (folded, written) in folded {
                        groups
                            .entry(folded)
                            .or_insert_with(|| GroupSeen {
                                label: written.to_string(),
                                named_in: Vec::new(),
                            })
                            .named_in
                            .push((key.clone(), time));
                    }
                }
                Err(_) => part.counts.unreadable_incidents += 1,
            }
            if let Some(event) = &incident.event {
                events.entry(event.clone()).or_default().push(key);
            }
            part.records.push(record);
            part.counts.incidents += 1;
        }
    }
    for (folded, seen) in groups {
        let mut group = Record::new(format!("{GROUP}{folded}"), RecordKind::Group, seen.label);
        for (incident, time) in seen.named_in {
            group.links.push(Link {
                kind: EdgeKind::ReportedInIncident,
                target: Target::Record(incident),
                time,
                role: None,
            });
        }
        part.records.push(group);
        part.counts.groups += 1;
    }
    for reports in events.values() {
        for pair in reports.windows(2) {
            part.same_as.push((pair[0].clone(), pair[1].clone()));
        }
    }
    Ok(part)
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a time after it ignored) as the days it may be.
pub fn day_span(text: &str) -> Option<Span> {
    let date = rastro_text::PartialDate::parse(text, 1000..=9999).ok()?;
    Some(Span::days(date.first_day(), date.last_day()))
}

/// Reviewers' decisions that two visible records are one person merge their person nodes (the
/// builder merges only persons it was given, i.e. seen in full).
///
/// The latest person linkage run's own pairs are not read: the store offers them one record at
/// a time (`entity_of`, an audit event per call), not as a scoped list.
pub(crate) fn read_same_person(session: &Session) -> Result<Part> {
    let mut part = Part::default();
    if !rastro_store::permits(session.actor().role(), Action::LinkPersons) {
        return Ok(part);
    }
    for decision in session.scope().link_decisions()? {
        if decision.same {
            part.same_as.push((
                format!("{PERSON}{}", decision.left),
                format!("{PERSON}{}", decision.right),
            ));
            part.counts.same_person += 1;
        }
    }
    Ok(part)
}

/// The records one kind of data gives a network, and the pairs of them that are one record.
#[derive(Default)]
pub(crate) struct Part {
    pub records: Vec<Record>,
    pub same_as: Vec<(String, String)>,
    pub counts: SourceCounts,
}

impl Part {
    /// Hands the builder copies of the part's records, so that the part can be kept.
    pub fn feed(&self, builder: &mut GraphBuilder, counts: &mut SourceCounts) {
        for record in &self.records {
            builder.add(record.clone());
        }
        for (a, b) in &self.same_as {
            builder.same_as(a, b);
        }
        counts.add(&self.counts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_the_days_they_may_be() {
        let day = day_span("2024-03-05").unwrap();
        assert_eq!(day.to - day.from, 86_399);
        let month = day_span("2024-02").unwrap();
        assert_eq!((month.to + 1 - month.from) / 86_400, 29);
        assert!(day_span("2024-13").is_none());
        assert!(day_span("soon").is_none());
        let years = years_span(&[2019, 2017]).unwrap();
        assert_eq!(
            years.from,
            rastro_text::days_from_civil(2017, 1, 1) * 86_400
        );
        assert!(years_span(&[]).is_none());
    }

    #[test]
    fn a_person_holds_the_identifiers_of_the_record() {
        let mut record = CaseRecord::default();
        record.person.first_name = Some(" Ana ".into());
        record.person.second_name = Some("Quispe".into());
        record.person.mobile_phone = Some("987 654 321".into());
        record.person.email = Some("Ana@Correo.pe".into());
        record.person.identity_number = Some("12.345.678-K".into());
        record.person.citizenship = vec![rastro_geo::countries().by_alpha2("PE").unwrap()];
        let person = person("person:x", &record, "case");
        assert_eq!(person.label, "Ana Quispe");
        assert_eq!(person.identifiers.len(), 3);
        assert_eq!(person.identifiers[0].country.as_deref(), Some("PE"));
        let nameless = super::person("person:y", &CaseRecord::default(), "Org · 01ABCDEF");
        assert_eq!(nameless.label, "Org · 01ABCDEF");
        assert!(nameless.identifiers.is_empty());
    }
}
