//! `rastro ingest news`: extract incidents from news articles and store articles and incidents,
//! each article once per organisation (same canonical URL or same text); `rastro ingest
//! re-extract`: the extraction backlog, every stored article of the organisation extracted
//! again (after the rules changed) and the incidents that came out otherwise replaced. Either
//! may be queued as a job (`--queue`) for `rastro worker`.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Args as ClapArgs, Subcommand};

use crate::config::Ctx;
use crate::inputs::read_inputs;
use crate::progress::Bars;

#[derive(Subcommand)]
pub enum IngestCommand {
    /// News articles (text, HTML, JSON lines, RSS/Atom feeds; files or directories) with their
    /// incidents.
    News(NewsArgs),
    /// Extract the organisation's stored articles again and replace the incidents that changed.
    #[command(name = "re-extract")]
    Reextract(ReextractArgs),
}

#[derive(ClapArgs)]
pub struct NewsArgs {
    /// Files or directories of articles; "-" reads standard input.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Queue the ingestion as a job for `rastro worker` instead of doing it now: one file's
    /// content goes into the store with the job, sealed; several files or folders are read now
    /// and their articles go into one job.
    #[arg(long)]
    pub queue: bool,
}

#[derive(ClapArgs)]
pub struct ReextractArgs {
    /// Queue it as a job for `rastro worker` instead of doing it now.
    #[arg(long)]
    pub queue: bool,
}

pub fn run(command: IngestCommand, ctx: &Ctx) -> Result<()> {
    match command {
        IngestCommand::News(args) => news(args, ctx),
        IngestCommand::Reextract(args) => reextract(args, ctx),
    }
}

fn news(args: NewsArgs, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    if args.queue {
        if args.paths.iter().any(|p| p.as_os_str() == "-") {
            bail!("--queue takes files or folders, not standard input");
        }
        if let [file] = args.paths.as_slice() {
            if !file.is_dir() {
                let job = rastro_app::jobs::queue_news_ingest(&session, file)?;
                super::jobs::print_queued(&job, false);
                return Ok(());
            }
        }
        let queued = rastro_app::jobs::queue_news_ingest_paths(&session, &args.paths)?;
        println!(
            "{} article(s) read into the job; {} input(s) skipped, {} warning(s)",
            queued.articles, queued.errors, queued.warnings
        );
        super::jobs::print_queued(&queued.job, false);
        return Ok(());
    }
    let bars = Bars::new(ctx.quiet);
    let articles = read_inputs(&args.paths, &[], &bars)?;
    let report = rastro_app::news::ingest(&session, &articles, &bars)?;
    println!(
        "{} article(s) stored for {}; {} already stored ({} same URL, {} same text); {} input(s) or line(s) skipped, {} warning(s)",
        report.stored,
        session.organisation().name,
        report.same_url + report.same_text,
        report.same_url,
        report.same_text,
        report.skipped,
        report.warnings
    );
    Ok(())
}

fn reextract(args: ReextractArgs, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    if args.queue {
        let job = rastro_app::jobs::queue_reextraction(&session)?;
        super::jobs::print_queued(&job, false);
        return Ok(());
    }
    let report = rastro_app::backlog::reextract(&session, &Bars::new(ctx.quiet))?;
    println!(
        "{} article(s) of {} extracted again: {} incident(s) replaced, {} unchanged",
        report.articles,
        session.organisation().name,
        report.replaced,
        report.unchanged
    );
    if let Some(events) = report.events_relinked {
        println!("the event run was made again with its settings: {events} event(s)");
    }
    Ok(())
}
