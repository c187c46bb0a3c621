//! `rastro eval …`: measure an engine against annotated data.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Args as ClapArgs, Subcommand, ValueEnum};

use crate::config::Ctx;
use crate::progress::Bars;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Score text extraction against gold annotations (see the annotation guide): precision,
    /// recall and F1 per set field, exact-match accuracy for counts, every disagreement.
    Extract(ExtractArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

#[derive(ClapArgs)]
pub struct ExtractArgs {
    /// Gold annotations, one JSON object per line with the article's id.
    #[arg(long, value_name = "FILE")]
    pub gold: Vec<PathBuf>,
    /// Directory (or file) of the annotated articles; ids are file stems or JSON-lines ids.
    #[arg(long, value_name = "DIR")]
    pub dir: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

pub fn run(command: EvalCommand, ctx: &Ctx) -> Result<()> {
    let EvalCommand::Extract(args) = command;
    if args.gold.is_empty() || args.dir.is_empty() {
        bail!("give at least one --gold FILE and one --dir DIR");
    }
    let (report, problems) =
        rastro_app::news::evaluate_extraction(&args.gold, &args.dir, &Bars::new(ctx.quiet))?;
    for p in problems {
        tracing::error!("{p}; skipped");
    }
    match args.format {
        ReportFormat::Text => print!("{}", report.render()),
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
    }
    Ok(())
}
