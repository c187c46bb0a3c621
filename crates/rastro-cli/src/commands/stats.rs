//! `rastro stats`: what the organisation sees, counted the way a regional picture needs it —
//! case records and the distinct persons among them, news articles and the distinct events among
//! them, and victims in the news counted once per event — with the linkage runs they rest on.

use anyhow::Result;
use clap::{Args as ClapArgs, ValueEnum};
use rastro_store::{Facet, Scope};
use serde::Serialize;

use crate::Ctx;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(ClapArgs)]
pub struct Args {
    #[arg(long)]
    pub org: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// How many countries of exploitation to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
}

#[derive(Serialize)]
struct Stats {
    organisation: String,
    cases: Cases,
    news: News,
}

#[derive(Serialize)]
struct Cases {
    records: u64,
    /// Distinct persons by the latest `rastro link --store` run; records it did not cover
    /// count each.
    persons: u64,
    linkage_run: Option<String>,
    /// Records per country of exploitation, most first.
    exploitation_countries: Vec<(String, u64)>,
}

#[derive(Serialize)]
struct News {
    articles: u64,
    /// Distinct events by the latest `rastro link --news` run.
    events: u64,
    linkage_run: Option<String>,
    victims_summed_over_articles: u64,
    victims_counted_once_per_event: u64,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let (mut store, org) = ctx.open_store_as_existing(args.org.clone())?;
    let scope = store.scope(org);
    let stats = collect(&scope, args.top)?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string(&stats)?),
        Format::Text => print(&stats),
    }
    Ok(())
}

fn collect(scope: &Scope<'_>, top: usize) -> Result<Stats> {
    let persons = scope.count_persons()?;
    let events = scope.count_events()?;
    let mut countries = scope.facet_counts(Facet::ExploitationCountry)?;
    countries.truncate(top);
    Ok(Stats {
        organisation: scope.organisation().name.clone(),
        cases: Cases {
            records: persons.records,
            persons: persons.persons,
            linkage_run: scope.latest_linkage()?.map(|r| r.ran_at),
            exploitation_countries: countries,
        },
        news: News {
            articles: events.reports,
            events: events.events,
            linkage_run: scope.latest_event_linkage()?.map(|r| r.ran_at),
            victims_summed_over_articles: events.victims_in_reports,
            victims_counted_once_per_event: events.victims_in_events,
        },
    })
}

fn print(s: &Stats) {
    let run = |r: &Option<String>, command: &str| match r {
        Some(at) => format!("linked {at}"),
        None => format!("not linked yet: run `{command}`"),
    };
    println!("{}", s.organisation);
    println!(
        "  cases: {} records, {} distinct persons ({})",
        s.cases.records,
        s.cases.persons,
        run(&s.cases.linkage_run, "rastro link --store")
    );
    if !s.cases.exploitation_countries.is_empty() {
        let listed: Vec<String> = s
            .cases
            .exploitation_countries
            .iter()
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        println!("  countries of exploitation: {}", listed.join(", "));
    }
    println!(
        "  news: {} articles, {} distinct events ({})",
        s.news.articles,
        s.news.events,
        run(&s.news.linkage_run, "rastro link --news")
    );
    println!(
        "  victims in the news: {} counting each event once ({} summed over articles)",
        s.news.victims_counted_once_per_event, s.news.victims_summed_over_articles
    );
}
