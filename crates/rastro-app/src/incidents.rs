//! Incidents in the news as a reader browses them: a filtered, searched, paged list with its
//! facets, and one incident with the article it came from and the other reports of its event.

use std::collections::{BTreeMap, HashMap};

use rastro_extract::Incident;
use rastro_stats::{Dimension, Filter, Record, Records, Source};
use rastro_store::StoredArticle;

use crate::counting::{CountCache, Listing};
use crate::figures::Dataset;
use crate::session::Session;
use crate::Result;

/// The dimensions an incident list is faceted by.
pub const FACETS: [Dimension; 6] = [
    Dimension::Country(rastro_stats::Stage::Exploitation),
    Dimension::Form,
    Dimension::Year,
    Dimension::Outlet,
    Dimension::Lang,
    Dimension::Org,
];

pub struct IncidentItem {
    pub article: StoredArticle,
    /// `None` when the stored incident could not be read (it is still listed).
    pub incident: Option<Incident>,
}

pub struct IncidentPage {
    /// Incidents matching, over all pages.
    pub total: usize,
    pub items: Vec<IncidentItem>,
    /// The offset of the next page, if there is one.
    pub next: Option<usize>,
    /// Per facet, its values among the matching incidents with how many, most first.
    pub facets: Vec<(Dimension, Vec<(String, u64)>)>,
}

/// A page of the incidents that `filter` selects, best match first when it searches text and
/// newest first otherwise. The selection is kept per viewer and stamp, so paging and coming back
/// read only the page's articles.
pub fn list(
    session: &Session,
    cache: &CountCache,
    data: &Dataset,
    filter: &Filter,
    offset: usize,
    limit: usize,
) -> Result<IncidentPage> {
    let asked = format!("{:?}", filter.to_pairs());
    let listing = cache.listing(session, &data.counted.news_stamp, &asked, || {
        Ok(listing(data, filter))
    })?;
    let total = listing.ids.len();
    let ids: Vec<String> = listing
        .ids
        .iter()
        .skip(offset)
        .take(limit)
        .cloned()
        .collect();
    let items = read(session, &ids)?;
    let next = (offset + limit < total).then_some(offset + limit);
    Ok(IncidentPage {
        total,
        items,
        next,
        facets: listing.facets.clone(),
    })
}

fn listing(data: &Dataset, filter: &Filter) -> Listing {
    let hits = data.hits();
    let mut matching: Vec<&Record> = data
        .counted
        .each()
        .filter(|r| r.source == Source::News && filter.matches(r, hits))
        .collect();
    if filter.q().is_some() {
        let rank: HashMap<&str, usize> = data
            .ranked()
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        matching.sort_by_key(|r| rank.get(r.id.as_str()).copied().unwrap_or(usize::MAX));
    } else {
        matching.sort_by(|a, b| b.month.cmp(&a.month).then_with(|| b.id.cmp(&a.id)));
    }
    let facets = FACETS
        .iter()
        .map(|&dim| {
            let mut counts: BTreeMap<String, u64> = BTreeMap::new();
            for record in &matching {
                for value in dim.values(record) {
                    *counts.entry(value).or_default() += 1;
                }
            }
            let mut counts: Vec<(String, u64)> = counts.into_iter().collect();
            counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            (dim, counts)
        })
        .collect();
    Listing {
        ids: matching.iter().map(|r| r.id.clone()).collect(),
        facets,
    }
}

fn read(session: &Session, ids: &[String]) -> Result<Vec<IncidentItem>> {
    Ok(session
        .scope()
        .news_articles(ids)?
        .into_iter()
        .map(|article| IncidentItem {
            incident: crate::news::stored_incident(&article.incident).ok(),
            article,
        })
        .collect())
}

pub struct IncidentDetail {
    pub item: IncidentItem,
    /// The title and text the evidence points into, when the reader sees the article in detail.
    pub text: Option<String>,
    /// The other visible reports of the same event.
    pub same_event: Vec<StoredArticle>,
}

/// One incident; `None` when it does not exist or may not be seen (the same answer).
pub fn detail(session: &Session, data: &Dataset, id: &str) -> Result<Option<IncidentDetail>> {
    let Some(article) = session.scope().news_article(id)? else {
        return Ok(None);
    };
    let text = session.scope().news_text(id)?.map(|(title, body)| {
        rastro_extract::Article {
            id: article.external_id.clone(),
            title,
            text: body,
            url: None,
            published: None,
            line: None,
        }
        .full_text()
        .into_owned()
    });
    let others: Vec<String> = data
        .counted
        .same_event(&article.id)
        .into_iter()
        .map(str::to_string)
        .collect();
    let same_event = if others.is_empty() {
        Vec::new()
    } else {
        session.scope().news_articles(&others)?
    };
    Ok(Some(IncidentDetail {
        item: IncidentItem {
            incident: crate::news::stored_incident(&article.incident).ok(),
            article,
        },
        text,
        same_event,
    }))
}
