//! The extraction backlog: the organisation's stored articles extracted again (after the
//! extraction rules changed) and their incidents replaced where the new extraction finds
//! otherwise. An incident that comes out the same is left as it is, so running it twice — or a
//! job retried after its worker died — changes nothing the second time.

use rastro_extract::{extract, Article};
use rastro_store::{Action, ArticleForExtraction, IncidentUpdate, NewsFacet};
use serde::Serialize;

use crate::news::facets;
use crate::progress::{Progress, Unit};
use crate::session::Session;
use crate::{AppError, Result};

/// Articles extracted between two writes: one transaction replaces a page's changed incidents.
const PAGE: usize = 200;

/// What extracting the stored articles again did.
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct BacklogReport {
    /// The organisation's articles extracted again.
    pub articles: u64,
    /// Those whose incident changed and was replaced.
    pub replaced: u64,
    pub unchanged: u64,
    /// Events found when the organisation's event run was made again with its own settings:
    /// a run grouped the incidents as they were, so it is redone when any of them changed.
    /// `None` when nothing changed, there was no run, or the member may not link events.
    pub events_relinked: Option<u64>,
}

/// An article's incident as extraction finds it now, with what the store keeps beside it.
struct Fresh {
    article_id: String,
    language: &'static str,
    json: String,
    victims: Option<u64>,
    arrests: Option<u64>,
    smuggling: bool,
    date: Option<String>,
    facets: Vec<(NewsFacet, String)>,
}

/// Extracts every article the organisation stored again and replaces the incidents that
/// changed. Only the organisation's own articles: another's incidents are its own to redo.
pub fn reextract(session: &Session, progress: &dyn Progress) -> Result<BacklogReport> {
    let scope = session.scope();
    let mut report = BacklogReport::default();
    let mut after: Option<String> = None;
    loop {
        let page = scope.own_articles(after.as_deref(), PAGE)?;
        if after.is_none() {
            progress.start("extracting again", page.total, Unit::Items);
        }
        let Some(last) = page.articles.last() else {
            break;
        };
        after = Some(last.id.clone());
        let fresh: Vec<Fresh> = page.articles.iter().map(fresh).collect::<Result<_>>()?;
        let updates: Vec<IncidentUpdate<'_>> = fresh
            .iter()
            .map(|f| IncidentUpdate {
                article_id: &f.article_id,
                language: f.language,
                incident: &f.json,
                victims: f.victims,
                arrests: f.arrests,
                smuggling: f.smuggling,
                event_date: f.date.as_deref(),
                facets: &f.facets,
            })
            .collect();
        report.replaced += scope.replace_incidents(&updates)?;
        report.articles += page.articles.len() as u64;
        progress.advance(page.articles.len() as u64);
    }
    report.unchanged = report.articles - report.replaced;
    progress.finish();
    if report.replaced > 0 && rastro_store::permits(session.actor().role(), Action::LinkEvents) {
        if let Some(run) = scope.latest_event_linkage()? {
            // The incidents are replaced already; a run that cannot be made again (fewer than
            // two articles left in view) leaves the old one and does not undo them.
            match crate::events::link_events(session, crate::events::settings_of(&run), progress) {
                Ok(linking) => {
                    let (run, _) = crate::events::store_events(session, &linking)?;
                    report.events_relinked = Some(run.events);
                }
                Err(why) => tracing::warn!("events not linked again: {why}; the last run stays"),
            }
        }
    }
    Ok(report)
}

/// The stored article as the extractor read it at ingestion (its source's id, title, text,
/// address and date), extracted again.
fn fresh(stored: &ArticleForExtraction) -> Result<Fresh> {
    let article = Article {
        id: stored.external_id.clone(),
        title: stored.title.clone(),
        text: stored.body.clone(),
        url: stored.url.clone(),
        published: stored.published.clone(),
        line: None,
    };
    let incident = extract(&article);
    let json = serde_json::to_string(&incident)
        .map_err(|e| AppError::Refused(format!("article {}: {e}", stored.id)))?;
    Ok(Fresh {
        article_id: stored.id.clone(),
        language: incident.language.code(),
        facets: facets(&incident),
        json,
        victims: incident.victims,
        arrests: incident.arrests,
        smuggling: incident.smuggling,
        date: incident.date,
    })
}
