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
    /// Run the red flags over a labelled transactions file (as `rastro generate transactions`
    /// writes it): precision, recall and alert rate per typology, and as the last line
    /// `recall=R precision=P alert_rate=A`.
    Flags(FlagsArgs),
    /// Score the events a news linkage run found (`rastro link --news --clusters FILE`) against
    /// annotated ones: pairwise precision, recall and F1, events found against true.
    Events(EventsArgs),
}

#[derive(ClapArgs)]
pub struct EventsArgs {
    /// The run's clusters (`record_id,cluster_id,external_id`).
    #[arg(long, value_name = "FILE")]
    pub clusters: PathBuf,
    /// The annotated events: a header, then an article id and an event label per line (tab or
    /// comma), as `eval/news_events/gold.tsv`.
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
}

#[derive(ClapArgs)]
pub struct FlagsArgs {
    /// The transactions file (CSV or JSON lines).
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,
    /// Its labels file.
    #[arg(long, value_name = "FILE")]
    pub labels: PathBuf,
    /// The typologies catalogue (TOML); Rastro's own when not given.
    #[arg(long, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,
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
    let args = match command {
        EvalCommand::Extract(args) => args,
        EvalCommand::Flags(args) => return flags(args),
        EvalCommand::Events(args) => return events(args),
    };
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

fn flags(args: FlagsArgs) -> Result<()> {
    let catalogue = rastro_app::flags::catalogue(args.catalogue.as_deref())?;
    let result = rastro_app::flags::evaluate_file(&args.input, &args.labels, &catalogue)?;
    if result.rejected > 0 {
        eprintln!(
            "{}: {} of {} rows rejected (`rastro import transactions` lists them)",
            args.input.display(),
            result.rejected,
            result.rows
        );
    }
    println!("catalogue {}", catalogue.version());
    // The evaluation ends with the totals line `recall=R precision=P alert_rate=A`.
    println!("{}", result.evaluation);
    Ok(())
}

fn events(args: EventsArgs) -> Result<()> {
    let score = rastro_app::event_score::score_files(&args.clusters, &args.gold)?;
    if score.missing > 0 {
        eprintln!(
            "{} of {} labelled articles are not in {} (counted as events of their own)",
            score.missing,
            score.records,
            args.clusters.display()
        );
    }
    println!(
        "articles {}; events true {} found {}; pairs: {} right, {} joined wrongly, {} missed",
        score.records,
        score.true_clusters,
        score.found_clusters,
        score.true_positives,
        score.false_positives,
        score.false_negatives
    );
    println!(
        "precision={:.3} recall={:.3} f1={:.3}",
        score.precision(),
        score.recall(),
        score.f1()
    );
    Ok(())
}
