//! News into the store: each article's incident extracted, its searchable values (facets) taken
//! from the incident, and article and incident stored once per organisation. Also the one place
//! a stored incident is read back, as the extraction engine's own type.

use std::path::PathBuf;

use crate::session::Session;
use rastro_extract::dedupe::{text_key, url_key};
use rastro_extract::eval::{evaluate, parse_gold, Report};
use rastro_extract::{extract, Incident};
use rastro_store::{DuplicateOf, Ingested, NewArticle, NewsFacet};
use serde::Serialize;

use crate::articles::{self, Articles, Input};
use crate::progress::{Progress, Unit};
use crate::{AppError, Result};

/// What ingesting a set of articles did.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct IngestReport {
    pub stored: u64,
    /// Articles the organisation had already: the same canonical URL…
    pub same_url: u64,
    /// …or the same text.
    pub same_text: u64,
    /// Inputs or lines that could not be read.
    pub skipped: usize,
    pub warnings: usize,
}

/// Extracts and stores every article; an article already stored is counted, not stored again.
pub fn ingest(session: &Session, read: &Articles, progress: &dyn Progress) -> Result<IngestReport> {
    let scope = &session.scope();
    let mut report = IngestReport {
        skipped: read.errors,
        warnings: read.warnings,
        ..IngestReport::default()
    };
    progress.start("ingesting", read.articles.len() as u64, Unit::Items);
    for (article, source) in read.articles.iter().zip(&read.sources) {
        let incident = extract(article);
        let json = serde_json::to_string(&incident)
            .map_err(|e| AppError::Refused(format!("article {}: {e}", article.id)))?;
        let facets = facets(&incident);
        let url_key = article.url.as_deref().and_then(url_key);
        let text_key = text_key(&article.full_text());
        let new = NewArticle {
            external_id: &article.id,
            url: article.url.as_deref(),
            url_key: url_key.as_deref(),
            text_key: &text_key,
            title: article.title.as_deref(),
            published: article.published.as_deref(),
            language: incident.language.code(),
            body: &article.text,
            source_file: source,
            source_line: article.line.map(|l| l as u64),
            incident: &json,
            victims: incident.victims,
            arrests: incident.arrests,
            smuggling: incident.smuggling,
            event_date: incident.date.as_deref(),
            facets: &facets,
        };
        match scope.ingest_article(&new)? {
            Ingested::Stored { .. } => report.stored += 1,
            Ingested::Duplicate { id, by } => {
                let why = match by {
                    DuplicateOf::Url => {
                        report.same_url += 1;
                        "same URL"
                    }
                    DuplicateOf::Text => {
                        report.same_text += 1;
                        "same text"
                    }
                };
                tracing::info!("{}: already stored as {id} ({why})", article.id);
            }
        }
        progress.advance(1);
    }
    progress.finish();
    Ok(report)
}

/// The searchable values of an incident, as ingestion stores them.
pub fn facets(incident: &Incident) -> Vec<(NewsFacet, String)> {
    let mut out: Vec<(NewsFacet, String)> = Vec::new();
    out.extend(
        incident
            .countries
            .iter()
            .map(|c| (NewsFacet::Country, c.to_string())),
    );
    out.extend(
        incident
            .exploitation
            .iter()
            .map(|f| (NewsFacet::Exploitation, f.name().to_string())),
    );
    out.extend(
        incident
            .operations
            .iter()
            .map(|o| (NewsFacet::Operation, o.clone())),
    );
    out.extend(
        incident
            .groups
            .iter()
            .map(|g| (NewsFacet::Group, g.clone())),
    );
    out
}

/// A stored incident (the JSON ingestion wrote) as the extraction engine's type. A field that
/// was renamed or retyped since is an error here, never an empty value downstream.
pub fn stored_incident(json: &str) -> Result<Incident, serde_json::Error> {
    serde_json::from_str(json)
}

/// Extraction scored against annotated gold: every gold file's annotations, the articles under
/// `dirs` (gold files inside them are not read as articles). Lines of gold that cannot be read
/// are skipped and counted in the returned messages.
pub fn evaluate_extraction(
    gold_files: &[PathBuf],
    dirs: &[PathBuf],
    progress: &dyn Progress,
) -> Result<(Report, Vec<String>)> {
    let mut gold = Vec::new();
    let mut problems = Vec::new();
    for path in gold_files {
        let text = std::fs::read_to_string(path).map_err(AppError::io(path))?;
        let (mut lines, errors) = parse_gold(&text);
        problems.extend(
            errors
                .into_iter()
                .map(|e| format!("{}: {e}", path.display())),
        );
        gold.append(&mut lines);
    }
    if gold.is_empty() {
        return Err(AppError::Refused("no usable gold annotations".into()));
    }
    let read = articles::read(&[Input::Paths(dirs)], gold_files, progress);
    let incidents: Vec<Incident> = read.articles.iter().map(extract).collect();
    Ok((evaluate(&gold, &incidents), problems))
}
