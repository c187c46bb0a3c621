//! A labelled news set linked as `rastro link --news` links it, without a store: each article
//! extracted with `rastro-extract`, put into the linker's terms by the function the CLI uses,
//! linked, and its events scored pair by pair against the set's gold. Shared by the floors test
//! and the scoring example.

use std::collections::HashMap;
use std::path::Path;

use rastro_app::events::linker_incident;
use rastro_extract::input::{decode, Format};
use rastro_link::incident::{link_incidents, Incident, IncidentLinkage, IncidentSettings};
use rastro_link::score::{pairwise, PairScore};
use rastro_link::Silent;

/// A set's articles and, for each, its gold event.
pub struct NewsSet {
    pub articles: Vec<rastro_extract::Article>,
    pub gold: HashMap<String, String>,
}

impl NewsSet {
    /// Reads `articles.jsonl` and `gold.tsv` (a header, then `id<TAB>event` rows).
    pub fn read(articles_path: &Path, gold_path: &Path) -> Result<NewsSet, String> {
        let shown = |p: &Path| p.display().to_string();
        let bytes =
            std::fs::read(articles_path).map_err(|e| format!("{}: {e}", shown(articles_path)))?;
        let decoded = decode("articles", Format::JsonLines, &bytes);
        if let Some(e) = decoded.errors.first() {
            return Err(format!("{}: {e}", shown(articles_path)));
        }
        let gold_text =
            std::fs::read_to_string(gold_path).map_err(|e| format!("{}: {e}", shown(gold_path)))?;
        let mut gold = HashMap::new();
        for (n, line) in gold_text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let (id, event) = line
                .split_once('\t')
                .ok_or_else(|| format!("{}:{}: expected id<TAB>event", shown(gold_path), n + 1))?;
            gold.insert(id.trim().to_string(), event.trim().to_string());
        }
        if let Some(a) = decoded.articles.iter().find(|a| !gold.contains_key(&a.id)) {
            return Err(format!("{} is not in {}", a.id, shown(gold_path)));
        }
        Ok(NewsSet {
            articles: decoded.articles,
            gold,
        })
    }

    /// The set's incidents, with every publication date dropped when `no_published` (as plain-text
    /// files would have none).
    pub fn incidents(&self, no_published: bool) -> Vec<Incident> {
        self.articles
            .iter()
            .map(|article| {
                let mut article = article.clone();
                if no_published {
                    article.published = None;
                }
                let found = rastro_extract::extract(&article);
                linker_incident(
                    found,
                    article.title.as_deref(),
                    &article.text,
                    article.published.clone(),
                )
            })
            .collect()
    }

    /// Links the set's incidents and scores the events found against the gold.
    pub fn link(
        &self,
        no_published: bool,
        settings: &IncidentSettings,
    ) -> (IncidentLinkage, PairScore) {
        let linkage = link_incidents(&self.incidents(no_published), settings, &Silent);
        let events = linkage.events(&[], &[]);
        let found: HashMap<String, String> = self
            .articles
            .iter()
            .zip(&events)
            .map(|(a, e)| (a.id.clone(), e.to_string()))
            .collect();
        let score = pairwise(&found, &self.gold);
        (linkage, score)
    }
}
