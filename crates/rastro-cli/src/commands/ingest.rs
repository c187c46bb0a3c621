//! `rastro ingest news`: extract incidents from news articles and store articles and incidents,
//! each article once per organisation (same canonical URL or same text).

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args as ClapArgs, Subcommand};

use crate::config::Ctx;
use crate::inputs::read_inputs;
use crate::progress::Bars;

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
}

pub fn run(command: IngestCommand, ctx: &Ctx) -> Result<()> {
    let IngestCommand::News(args) = command;
    let session = ctx.session()?;
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
