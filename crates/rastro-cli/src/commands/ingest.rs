//! `rastro ingest news`: extract incidents from news articles and store articles and incidents,
//! each article once per organisation (same canonical URL or same text).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args as ClapArgs, Subcommand};
use rastro_extract::dedupe::{text_key, url_key};
use rastro_extract::{extract, Incident};
use rastro_store::{DuplicateOf, Ingested, NewArticle, NewsFacet};

use crate::commands::extract::collect;
use crate::{progress, Ctx};

#[derive(Subcommand)]
pub enum IngestCommand {
    /// News articles (text, HTML, JSON lines; files or directories) with their incidents.
    News(NewsArgs),
}

#[derive(ClapArgs)]
pub struct NewsArgs {
    /// Files or directories of articles; "-" reads standard input.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Organisation the articles belong to (default: `organisation` in rastro.toml).
    #[arg(long)]
    pub org: Option<String>,
}

pub fn run(command: IngestCommand, ctx: &Ctx) -> Result<()> {
    match command {
        IngestCommand::News(args) => ingest_news(args, ctx),
    }
}

fn facets(incident: &Incident) -> Vec<(NewsFacet, String)> {
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

fn ingest_news(args: NewsArgs, ctx: &Ctx) -> Result<()> {
    let org_name = ctx.organisation(args.org.clone())?;
    let collected = collect(&args.paths, ctx.quiet)?;
    let mut store = ctx.open_store()?;
    let org = store
        .ensure_organisation(&org_name)
        .with_context(|| format!("registering organisation {org_name:?}"))?;
    let mut scope = store.scope(org);
    let bar = progress::items(collected.articles.len() as u64, ctx.quiet, "ingesting");
    let (mut stored, mut by_url, mut by_text) = (0u64, 0u64, 0u64);
    for (article, source) in collected.articles.iter().zip(&collected.sources) {
        let incident = extract(article);
        let json = serde_json::to_string(&incident)?;
        let facets = facets(&incident);
        let url_key = article.url.as_deref().and_then(url_key);
        let text = article.full_text();
        let text_key = text_key(&text);
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
        match scope
            .ingest_article(&new)
            .with_context(|| format!("storing article {}", article.id))?
        {
            Ingested::Stored { .. } => stored += 1,
            Ingested::Duplicate { id, by } => {
                let why = match by {
                    DuplicateOf::Url => {
                        by_url += 1;
                        "same URL"
                    }
                    DuplicateOf::Text => {
                        by_text += 1;
                        "same text"
                    }
                };
                tracing::info!("{}: already stored as {id} ({why})", article.id);
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    println!(
        "{stored} article(s) stored for {org_name}; {} already stored ({by_url} same URL, {by_text} same text); {} input(s) or line(s) skipped, {} warning(s)",
        by_url + by_text,
        collected.errors,
        collected.warnings
    );
    Ok(())
}
