//! What an organisation sees, counted the way a regional picture needs it: case records and the
//! distinct persons among them, news articles and the distinct events among them, and victims in
//! the news counted once per event, with the linkage runs they rest on.

use crate::session::Session;
use rastro_store::Facet;
use serde::Serialize;

use crate::Result;

#[derive(Debug, Serialize)]
pub struct Stats {
    pub organisation: String,
    pub cases: CaseStats,
    pub news: NewsStats,
}

#[derive(Debug, Serialize)]
pub struct CaseStats {
    pub records: u64,
    /// Distinct persons by the latest person linkage; records it did not cover count each.
    pub persons: u64,
    /// When the latest person linkage ran.
    pub linkage_run: Option<String>,
    /// Records per country of exploitation, most first.
    pub exploitation_countries: Vec<(String, u64)>,
}

#[derive(Debug, Serialize)]
pub struct NewsStats {
    pub articles: u64,
    /// Distinct events by the latest event linkage.
    pub events: u64,
    pub linkage_run: Option<String>,
    pub victims_summed_over_articles: u64,
    pub victims_counted_once_per_event: u64,
}

/// The statistics of what the scope sees; `top` countries of exploitation are listed.
pub fn statistics(session: &Session, top: usize) -> Result<Stats> {
    let scope = &session.scope();
    let persons = scope.count_persons()?;
    let events = scope.count_events()?;
    let mut countries = scope.facet_counts(Facet::ExploitationCountry)?;
    countries.truncate(top);
    Ok(Stats {
        organisation: scope.organisation().name.clone(),
        cases: CaseStats {
            records: persons.records,
            persons: persons.persons,
            linkage_run: scope.latest_linkage()?.map(|r| r.ran_at),
            exploitation_countries: countries,
        },
        news: NewsStats {
            articles: events.reports,
            events: events.events,
            linkage_run: scope.latest_event_linkage()?.map(|r| r.ran_at),
            victims_summed_over_articles: events.victims_in_reports,
            victims_counted_once_per_event: events.victims_in_events,
        },
    })
}
