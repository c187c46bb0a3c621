//! `rastro stats`: what the organisation sees — case records and the distinct persons among
//! them, news articles and the distinct events among them, victims in the news once per event.

use anyhow::Result;
use clap::{Args as ClapArgs, ValueEnum};
use rastro_app::stats::Stats;

use crate::config::Ctx;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(ClapArgs)]
pub struct Args {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// How many countries of exploitation to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    let stats = rastro_app::stats::statistics(&session, args.top)?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string(&stats)?),
        Format::Text => print(&stats),
    }
    Ok(())
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
