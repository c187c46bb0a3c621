//! News events: the stored articles an organisation may see, grouped into events (one raid
//! reported by several outlets, in any language), with its reviewers' decisions respected, so
//! that statistics count each event and its victims once.

use std::collections::HashMap;

use crate::session::Session;
use rastro_link::incident::{
    link_prepared, prepare_one, Evidence, Incident as LinkIncident, IncidentLinkage,
    IncidentSettings, Place as LinkPlace,
};
use rastro_store::{EventCount, EventRun, NewEventLinkage, ReportForLinkage};

use crate::decisions::{self, index_pairs, About, NewDecision};
use crate::news::stored_incident;
use crate::progress::{LinkStages, Progress};
use crate::{AppError, Result};

/// Articles grouped into events, not yet stored.
pub struct EventLinking {
    /// Article ids, in the order linked.
    pub ids: Vec<String>,
    /// The source's own id of each article.
    pub external_ids: Vec<String>,
    /// Publication date, language, source id and title of each article, for listings.
    pub labels: Vec<String>,
    pub linkage: IncidentLinkage,
    /// Each article's event: the index of the event's first article.
    pub events: Vec<u32>,
    pub settings: IncidentSettings,
    pub decisions_applied: usize,
    /// Articles whose stored incident could not be read (left out, each logged).
    pub unreadable: u64,
}

impl EventLinking {
    /// How a pair of linked articles (by id) adds up, comparison by comparison.
    pub fn explain(&self, left: &str, right: &str) -> Result<Vec<Evidence>> {
        let index = |id: &str| {
            self.ids
                .iter()
                .position(|x| x == id)
                .ok_or_else(|| AppError::Refused(format!("no article {id} among those linked")))
        };
        Ok(self.linkage.explain(index(left)?, index(right)?))
    }
}

/// Links the articles the scope sees. Nothing is stored: see [`store_events`].
pub fn link_events(
    session: &Session,
    settings: IncidentSettings,
    progress: &dyn Progress,
) -> Result<EventLinking> {
    let scope = &session.scope();
    let mut ids = Vec::new();
    let mut external_ids = Vec::new();
    let mut labels = Vec::new();
    // Prepared as read, so the articles' text is not all held at once.
    let mut prepared = Vec::new();
    let mut unreadable = 0u64;
    scope.for_each_report(&mut |report| {
        match link_incident(&report) {
            Ok(incident) => {
                let label = match report.title.as_deref().filter(|t| !t.trim().is_empty()) {
                    Some(title) => format!("{}  {title}", report.external_id),
                    None => report.external_id.clone(),
                };
                labels.push(format!(
                    "{}  {}  {label}",
                    report.published.as_deref().unwrap_or("----------"),
                    report.language
                ));
                prepared.push(prepare_one(&incident));
                ids.push(report.article_id);
                external_ids.push(report.external_id);
            }
            Err(why) => {
                unreadable += 1;
                tracing::warn!(
                    "article {}: stored incident unreadable ({why}); left out of linkage",
                    report.article_id
                );
            }
        }
        Ok(())
    })?;
    if prepared.len() < 2 {
        return Err(AppError::Refused(format!(
            "{:?} sees {} article(s) with an incident; linking events needs at least two (store some with `rastro ingest news`)",
            scope.organisation().name,
            prepared.len()
        )));
    }
    let linkage = link_prepared(prepared, &settings, &LinkStages(progress));
    let row_of: HashMap<&str, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as u32))
        .collect();
    let decided = index_pairs(&scope.event_decisions()?, &row_of);
    let events = linkage.events(&decided.same, &decided.different);
    Ok(EventLinking {
        ids,
        external_ids,
        labels,
        linkage,
        events,
        settings,
        decisions_applied: decided.applied(),
        unreadable,
    })
}

/// Stores the events found, replacing the organisation's previous run; returns the run and the
/// counts it gives.
pub fn store_events(session: &Session, linking: &EventLinking) -> Result<(EventRun, EventCount)> {
    let scope = &session.scope();
    let members: Vec<(String, String)> = linking
        .events
        .iter()
        .enumerate()
        .map(|(i, &e)| (linking.ids[i].clone(), linking.ids[e as usize].clone()))
        .collect();
    let settings = serde_json::json!({
        "threshold": linking.settings.threshold,
        "other_reports": linking.linkage.other_reports,
        "estimated": linking.settings.other_reports.is_none(),
    });
    let run = scope.save_event_linkage(&NewEventLinkage {
        settings: &settings.to_string(),
        pairs: linking.linkage.matches.len() as u64,
        members: &members,
    })?;
    Ok((run, scope.count_events()?))
}

/// The settings a stored run was made with, as [`store_events`] wrote them; what they do not
/// say takes the default, as the run itself did.
pub(crate) fn settings_of(run: &EventRun) -> IncidentSettings {
    let stored: serde_json::Value = serde_json::from_str(&run.settings).unwrap_or_default();
    let default = IncidentSettings::default();
    let estimated = stored["estimated"].as_bool().unwrap_or(true);
    IncidentSettings {
        threshold: stored["threshold"].as_f64().unwrap_or(default.threshold),
        other_reports: if estimated {
            None
        } else {
            stored["other_reports"].as_f64()
        },
    }
}

/// Records a reviewer's decision about two stored articles the organisation sees.
pub fn decide(session: &Session, decision: &NewDecision<'_>) -> Result<()> {
    decisions::record(session, decision, About::Articles, |scope, d| {
        scope.decide_event(d.left, d.right, d.same, d.reviewer, d.note)
    })
}

/// A stored report as the incident linker compares it: the extraction engine's incident, read
/// back as its own type, put into the linker's terms.
fn link_incident(report: &ReportForLinkage) -> Result<LinkIncident, String> {
    let incident = stored_incident(&report.incident).map_err(|e| e.to_string())?;
    Ok(linker_incident(
        incident,
        report.title.as_deref(),
        &report.body,
        report.published.clone(),
    ))
}

/// An article's extracted incident in the linker's language-neutral terms: the one conversion
/// that `rastro link --news`, the labelled sets' floors and their scoring example all use.
pub fn linker_incident(
    incident: rastro_extract::Incident,
    title: Option<&str>,
    body: &str,
    published: Option<String>,
) -> LinkIncident {
    LinkIncident {
        date: incident.date,
        published,
        countries: incident.countries.iter().map(|c| c.to_string()).collect(),
        places: incident.places.iter().filter_map(link_place).collect(),
        exploitation: incident
            .exploitation
            .iter()
            .map(|f| f.name().to_string())
            .collect(),
        // The figure that tells one event from another is the people it is about: a report of
        // migrants found in a trailer counts migrants, whom the extraction does not call victims.
        victims: incident.victims.or(incident.migrants),
        arrests: incident.arrests,
        operations: incident.operations,
        groups: incident.groups,
        text: format!("{}\n\n{body}", title.unwrap_or("")),
    }
}

/// A place below country level; countries named as places are compared as countries.
fn link_place(place: &rastro_extract::Place) -> Option<LinkPlace> {
    if place.admin1.is_none() && place.lat.is_none() {
        return None;
    }
    let is_region = place
        .admin1
        .as_deref()
        .is_some_and(|r| rastro_text::fold_key(r) == rastro_text::fold_key(&place.name));
    Some(LinkPlace {
        name: place.name.clone(),
        country: place.country.to_string(),
        region: place.admin1.clone(),
        is_region,
    })
}
