//! `rastro eval …`: measure an engine against annotated data.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use rastro_extract::eval::{evaluate, parse_gold};
use rastro_extract::extract;

use crate::commands::extract::collect_except;
use crate::Ctx;

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
    match command {
        EvalCommand::Extract(args) => eval_extract(args, ctx),
    }
}

fn eval_extract(args: ExtractArgs, ctx: &Ctx) -> Result<()> {
    if args.gold.is_empty() || args.dir.is_empty() {
        bail!("give at least one --gold FILE and one --dir DIR");
    }
    let mut gold = Vec::new();
    for path in &args.gold {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading gold file {}", path.display()))?;
        let (mut lines, errors) = parse_gold(&text);
        for e in errors {
            tracing::error!("{}: {e}; skipped", path.display());
        }
        gold.append(&mut lines);
    }
    if gold.is_empty() {
        bail!("no usable gold annotations");
    }
    let collected = collect_except(&args.dir, &args.gold, ctx.quiet)?;
    let incidents: Vec<_> = collected.articles.iter().map(extract).collect();
    let report = evaluate(&gold, &incidents);
    match args.format {
        ReportFormat::Text => print!("{}", report.render()),
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
    }
    Ok(())
}
