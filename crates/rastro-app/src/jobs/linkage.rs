//! Linkage runs as jobs: the persons of the cases the member sees, or the news it sees grouped
//! into events, linked with its reviewers' decisions and stored as the organisation's run. A
//! run replaces the previous one, so a retried job leaves one run, as one command would.

use std::path::Path;

use rastro_link::incident::IncidentSettings;
use rastro_link::LinkConfig;
use rastro_store::{JobInfo, JobKind};
use serde::{Deserialize, Serialize};

use super::report::Reporter;
use super::{failure, input, queue, result, Outcome};
use crate::session::Session;
use crate::{AppError, Result};

/// What a person linkage job is given: the configuration's text (none: the built-in one) and
/// a threshold that overrides its own.
#[derive(Debug, Default, Serialize, Deserialize)]
struct PersonsInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    config: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    threshold: Option<f64>,
}

/// What an event linkage job is given: `rastro link --news`'s settings.
#[derive(Debug, Default, Serialize, Deserialize)]
struct EventsInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    threshold: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    other_reports: Option<f64>,
}

#[derive(Debug, Serialize)]
struct PersonsResult {
    run: String,
    records: u64,
    candidate_pairs: u64,
    pairs: u64,
    decisions_applied: usize,
    entities: u64,
}

#[derive(Debug, Serialize)]
struct EventsResult {
    run: String,
    reports: u64,
    candidate_pairs: u64,
    pairs: u64,
    decisions_applied: usize,
    events: u64,
    unreadable: u64,
    victims_in_reports: u64,
    victims_in_events: u64,
}

/// Queues a linkage of the persons the member sees, with the configuration at `config` (the
/// built-in one without) and `threshold` over its own. The configuration is read and checked
/// now, and goes with the job.
pub fn queue_person_linkage(
    session: &Session,
    config: Option<&Path>,
    threshold: Option<f64>,
) -> Result<JobInfo> {
    let text = match config {
        Some(path) => Some(std::fs::read_to_string(path).map_err(AppError::io(path))?),
        None => None,
    };
    queue_person_linkage_with(session, text, threshold)
}

/// Like [`queue_person_linkage`], with the configuration's text (TOML) itself.
pub fn queue_person_linkage_with(
    session: &Session,
    config: Option<String>,
    threshold: Option<f64>,
) -> Result<JobInfo> {
    check_threshold(threshold)?;
    if let Some(text) = &config {
        LinkConfig::from_toml(text, "the linkage configuration")?;
    }
    queue(
        session,
        JobKind::LinkPersons,
        &PersonsInput { config, threshold },
        None,
    )
}

/// Queues the grouping of the news the member sees into events, with `rastro link --news`'s
/// threshold and other reports per report (defaults: the linker's threshold, estimated).
pub fn queue_event_linkage(
    session: &Session,
    threshold: Option<f64>,
    other_reports: Option<f64>,
) -> Result<JobInfo> {
    check_threshold(threshold)?;
    if let Some(r) = other_reports.filter(|r| !(*r > 0.0 && r.is_finite())) {
        return Err(AppError::Refused(format!(
            "other reports {r}: must be a positive number"
        )));
    }
    let input = EventsInput {
        threshold,
        other_reports,
    };
    queue(session, JobKind::LinkEvents, &input, None)
}

fn check_threshold(threshold: Option<f64>) -> Result<()> {
    match threshold {
        Some(t) if !(t > 0.0 && t < 1.0) => Err(AppError::Refused(format!(
            "threshold {t}: must be a probability strictly between 0 and 1"
        ))),
        _ => Ok(()),
    }
}

pub(super) fn persons(session: &Session, job: &JobInfo, progress: &Reporter<'_>) -> Outcome {
    let input: PersonsInput = input(job)?;
    let (mut config, text) = match input.config {
        Some(text) => {
            let config = LinkConfig::from_toml(&text, "the job's configuration")
                .map_err(|e| failure(e.into()))?;
            (config, text)
        }
        None => {
            let loaded = crate::files::load_config(None).map_err(failure)?;
            (loaded.config, loaded.text)
        }
    };
    if let Some(threshold) = input.threshold {
        config.threshold = threshold;
    }
    let report =
        crate::persons::link_persons(session, &config, &text, progress).map_err(failure)?;
    result(&PersonsResult {
        run: report.run.id,
        records: report.run.records,
        candidate_pairs: report.candidate_pairs,
        pairs: report.run.pairs,
        decisions_applied: report.decisions_applied,
        entities: report.run.entities,
    })
}

pub(super) fn events(session: &Session, job: &JobInfo, progress: &Reporter<'_>) -> Outcome {
    let input: EventsInput = input(job)?;
    let settings = IncidentSettings {
        threshold: input
            .threshold
            .unwrap_or(IncidentSettings::default().threshold),
        other_reports: input.other_reports,
    };
    let linking = crate::events::link_events(session, settings, progress).map_err(failure)?;
    let (run, count) = crate::events::store_events(session, &linking).map_err(failure)?;
    result(&EventsResult {
        run: run.id,
        reports: run.reports,
        candidate_pairs: linking.linkage.candidate_pairs,
        pairs: run.pairs,
        decisions_applied: linking.decisions_applied,
        events: run.events,
        unreadable: linking.unreadable,
        victims_in_reports: count.victims_in_reports,
        victims_in_events: count.victims_in_events,
    })
}
