//! `rastro link`: deduplicate one CSV file or link two, or link two CLK files, with the linkage
//! engine; writes the matched pairs, the clusters, and on request each pair's waterfall and the
//! trained model.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};
use indicatif::ProgressBar;
use rastro_link::{clk, LinkConfig, Linkage, Records, RowError, Stage};

use crate::output::AtomicOutput;

/// How many unreadable rows are listed before the rest are only counted.
const SHOWN_ROW_ERRORS: usize = 20;

#[derive(clap::Args)]
pub struct Args {
    /// Linkage configuration (TOML): id column, comparisons, blocking rules, threshold. Default:
    /// the built-in configuration for persons (see --print-default-config).
    #[arg(long, value_name = "LINK.toml")]
    pub config: Option<PathBuf>,
    /// One CSV file to deduplicate, or two to link (with --clk: two CLK files).
    #[arg(
        value_name = "FILE",
        num_args = 1..=2,
        required_unless_present_any = ["print_default_config", "store", "news"]
    )]
    pub files: Vec<PathBuf>,
    /// The two files are CLK files written by `rastro export clk`.
    #[arg(long)]
    pub clk: bool,
    /// Matched pairs: left_id,right_id,weight,probability.
    #[arg(
        long,
        short,
        value_name = "PAIRS.csv",
        required_unless_present_any = ["print_default_config", "store", "news"]
    )]
    pub output: Option<PathBuf>,
    /// Clusters: record_id,cluster_id (the cluster id is the id of its first record).
    #[arg(long, value_name = "CLUSTERS.csv")]
    pub clusters: Option<PathBuf>,
    /// Each matched pair's weight per comparison: left_id,right_id,comparison,level,left,right,weight,tf_adjustment.
    #[arg(long, value_name = "WATERFALL.csv")]
    pub waterfall: Option<PathBuf>,
    /// The estimated model (m, u, weights per level) as JSON.
    #[arg(long, value_name = "MODEL.json")]
    pub model: Option<PathBuf>,
    /// Match probability at or above which a pair is reported (overrides the configuration).
    #[arg(long, value_name = "P")]
    pub threshold: Option<f64>,
    /// Print how the score of two records (by id) adds up, comparison by comparison, whether or
    /// not they were matched.
    #[arg(long, num_args = 2, value_names = ["ID", "ID"])]
    pub explain: Option<Vec<String>>,
    /// Print the built-in person configuration and exit.
    #[arg(long)]
    pub print_default_config: bool,
    /// Link the persons of the cases the organisation (--org) may see in the store, respecting
    /// its reviewers' decisions, and store the entities found.
    #[arg(long, conflicts_with_all = ["files", "clk"])]
    pub store: bool,
    /// Link the news articles the organisation (--org) may see in the store into events (the
    /// same raid, rescue or operation reported by several outlets, in any language), respecting
    /// its reviewers' decisions, and store the events found.
    #[arg(long, conflicts_with_all = ["files", "clk", "store", "config", "waterfall", "model"])]
    pub news: bool,
    /// With --news: how many other reports of its event a report has on average, which sets the
    /// prior odds of a match (default: estimated from the articles by EM).
    #[arg(long, value_name = "R", requires = "news")]
    pub other_reports: Option<f64>,
    /// Organisation acting (with --store or --news).
    #[arg(long)]
    pub org: Option<String>,
    /// With --store or --news: record that two stored records (or articles) are the same person
    /// (or event).
    #[arg(long, num_args = 2, value_names = ["ID", "ID"])]
    pub same: Option<Vec<String>>,
    /// With --store or --news: record that two stored records (or articles) are different
    /// persons (or events).
    #[arg(long, num_args = 2, value_names = ["ID", "ID"])]
    pub different: Option<Vec<String>>,
    /// Who made the decision (with --same or --different).
    #[arg(long)]
    pub reviewer: Option<String>,
    /// Why (with --same or --different).
    #[arg(long)]
    pub note: Option<String>,
}

pub fn run(args: Args, ctx: &crate::Ctx) -> Result<()> {
    if args.print_default_config {
        print!("{}", LinkConfig::default_person_text());
        return Ok(());
    }
    if let Some(t) = args.threshold {
        if !(t > 0.0 && t < 1.0) {
            bail!("--threshold {t}: must be a probability strictly between 0 and 1");
        }
    }
    if (args.same.is_some() || args.different.is_some()) && !(args.store || args.news) {
        bail!("--same and --different record decisions about stored records: add --store (persons) or --news (events)");
    }
    if args.news {
        if let Some(r) = args.other_reports {
            if !(r > 0.0 && r.is_finite()) {
                bail!("--other-reports {r}: must be a positive number");
            }
        }
        return super::link_news::run(&args, ctx);
    }
    if args.store {
        let (mut config, text) = load_config(&args)?;
        if let Some(threshold) = args.threshold {
            config.threshold = threshold;
        }
        return super::link_store::run(&args, &config, &text, ctx);
    }
    let output = args.output.clone().context("--output is required")?;
    let (config, records) = if args.clk {
        load_clk(&args)?
    } else {
        load_plain(&args)?
    };
    let config = match args.threshold {
        Some(threshold) => LinkConfig {
            threshold,
            ..config
        },
        None => config,
    };
    let bars = Bars::new(ctx.quiet);
    let linkage = rastro_link::link(&config, &records, &bars)?;
    report(&linkage, &records);
    if let Some(pair) = &args.explain {
        explain(&linkage, &records, &config, pair)?;
    }

    let mut files = vec![write_output(&output, |out| {
        write_pairs(out, &linkage, &records)
    })?];
    if let Some(path) = &args.clusters {
        files.push(write_output(path, |out| {
            write_clusters(out, &linkage, &records)
        })?);
    }
    if let Some(path) = &args.waterfall {
        files.push(write_output(path, |out| {
            write_waterfall(out, &linkage, &records, &config)
        })?);
    }
    if let Some(path) = &args.model {
        files.push(write_output(path, |out| {
            serde_json::to_writer_pretty(&mut *out, &linkage.model)?;
            Ok(())
        })?);
    }
    // Every output is complete before any takes its final name.
    for file in files {
        file.commit()?;
    }
    Ok(())
}

/// Writes one output under a temporary name; it takes its final name when committed.
pub(super) fn write_output(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<AtomicOutput> {
    let output = AtomicOutput::create(Some(path))?;
    let mut out = BufWriter::new(output.writer()?);
    write(&mut out).with_context(|| format!("writing {}", path.display()))?;
    out.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    drop(out);
    Ok(output)
}

/// The configuration and its text: the file given, else the built-in person configuration.
fn load_config(args: &Args) -> Result<(LinkConfig, String)> {
    Ok(match &args.config {
        Some(path) => {
            let text = fs::read_to_string(path)
                .with_context(|| format!("reading the linkage configuration {}", path.display()))?;
            let config = LinkConfig::from_toml(&text, &path.display().to_string())?;
            (config, text)
        }
        None => (
            LinkConfig::default_person()?,
            LinkConfig::default_person_text().to_string(),
        ),
    })
}

fn load_plain(args: &Args) -> Result<(LinkConfig, Records)> {
    let (config, _) = load_config(args)?;
    let columns = config.columns();
    let mut tables = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let file = fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        let outcome =
            rastro_link::read_csv(file, &path.display().to_string(), &config.id, &columns)?;
        show_row_errors(&outcome.skipped);
        if outcome.table.is_empty() {
            bail!("{}: no readable rows", path.display());
        }
        tables.push(outcome.table);
    }
    let records = records_of(tables)?;
    Ok((config, records))
}

fn load_clk(args: &Args) -> Result<(LinkConfig, Records)> {
    if args.files.len() != 2 {
        bail!("--clk links two CLK files: give both");
    }
    if args.config.is_some() {
        bail!("--clk takes no --config: the CLK files carry their own parameters");
    }
    let mut headers = Vec::new();
    let mut tables = Vec::new();
    for path in &args.files {
        let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let label = path.display().to_string();
        let text = String::from_utf8_lossy(&bytes);
        let header = clk::header_of(&text, &label)?;
        let outcome =
            rastro_link::read_csv(bytes.as_slice(), &label, "id", &clk::columns(&header))?;
        show_row_errors(&outcome.skipped);
        headers.push(header);
        tables.push(outcome.table);
    }
    clk::check_compatible(&headers[0], &headers[1])?;
    let config = clk::link_config(&headers[0], args.threshold.unwrap_or(0.9));
    Ok((config, records_of(tables)?))
}

fn records_of(mut tables: Vec<rastro_link::Table>) -> Result<Records> {
    for table in &tables {
        warn_duplicate_ids(table);
    }
    Ok(match tables.len() {
        1 => Records::dedupe(tables.remove(0)),
        _ => {
            let right = tables.remove(1);
            Records::link(tables.remove(0), right)?
        }
    })
}

/// Ids name records in the outputs; an id used twice makes those rows ambiguous, so say so.
fn warn_duplicate_ids(table: &rastro_link::Table) {
    let mut seen = std::collections::HashSet::with_capacity(table.len());
    let mut repeated = Vec::new();
    for row in 0..table.len() {
        let id = table.ids.get(row);
        if !seen.insert(id) && repeated.len() < SHOWN_ROW_ERRORS {
            repeated.push(id);
        }
    }
    if !repeated.is_empty() {
        tracing::warn!(
            "{}: record ids used more than once (outputs name them ambiguously): {}",
            table.label,
            repeated.join(", ")
        );
    }
}

fn show_row_errors(errors: &[RowError]) {
    for error in errors.iter().take(SHOWN_ROW_ERRORS) {
        tracing::warn!("skipped: {error}");
    }
    if errors.len() > SHOWN_ROW_ERRORS {
        tracing::warn!(
            "... and {} more rows skipped",
            errors.len() - SHOWN_ROW_ERRORS
        );
    }
}

fn report(linkage: &Linkage, records: &Records) {
    for rule in &linkage.rules {
        tracing::info!(
            "blocking `{}`: {} new pairs{}",
            rule.rule,
            rule.new_pairs,
            if rule.capped_blocks > 0 {
                format!(
                    ", {} blocks over the size cap skipped ({} records, largest {})",
                    rule.capped_blocks, rule.capped_records, rule.largest_capped_block
                )
            } else {
                String::new()
            }
        );
        if rule.capped_blocks > 0 {
            tracing::warn!(
                "blocking `{}`: {} oversized blocks skipped (largest {} records); pairs in them are found only by other rules",
                rule.rule,
                rule.capped_blocks,
                rule.largest_capped_block
            );
        }
    }
    if !linkage.model.em_converged {
        tracing::warn!(
            "EM did not converge in {} iterations; raise training.max_iterations",
            linkage.model.em_iterations
        );
    }
    let distinct = {
        let mut roots: Vec<u32> = linkage.clusters.clone();
        roots.sort_unstable();
        roots.dedup();
        roots.len()
    };
    eprintln!(
        "{} records, {} candidate pairs, {} matches at or above the threshold, {} clusters (EM: {} iterations, λ = {:.3e})",
        records.len(),
        linkage.candidate_pairs,
        linkage.matches.len(),
        distinct,
        linkage.model.em_iterations,
        linkage.model.lambda
    );
}

/// Prints the waterfall of one pair to standard output.
fn explain(
    linkage: &Linkage,
    records: &Records,
    config: &LinkConfig,
    pair: &[String],
) -> Result<()> {
    let row = |id: &str| {
        (0..records.len())
            .find(|&r| records.id(r) == id)
            .with_context(|| format!("--explain: no record with id {id:?}"))
    };
    let (a, b) = (row(&pair[0])?, row(&pair[1])?);
    let w = linkage.waterfall(records, config, a.min(b), a.max(b));
    println!(
        "{} and {}: match weight {:.2}, probability {:.4}",
        pair[0], pair[1], w.weight, w.probability
    );
    println!(
        "  {:<24} {:>8}",
        "prior (random pair)",
        format!("{:+.2}", w.prior_weight)
    );
    for step in &w.steps {
        let tf = if step.term_frequency_adjustment != 0.0 {
            format!("  (term frequency {:+.2})", step.term_frequency_adjustment)
        } else {
            String::new()
        };
        println!(
            "  {:<24} {:>8}  {} [{:?} | {:?}]{tf}",
            step.comparison,
            format!("{:+.2}", step.weight),
            step.level,
            step.left,
            step.right
        );
    }
    Ok(())
}

fn write_pairs(out: &mut dyn Write, linkage: &Linkage, records: &Records) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(["left_id", "right_id", "weight", "probability"])?;
    for m in &linkage.matches {
        csv.write_record([
            records.id(m.left as usize),
            records.id(m.right as usize),
            &format!("{:.4}", m.weight),
            &format!("{:.6}", m.probability),
        ])?;
    }
    csv.flush()?;
    Ok(())
}

fn write_clusters(out: &mut dyn Write, linkage: &Linkage, records: &Records) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(["record_id", "cluster_id"])?;
    for (row, &cluster) in linkage.clusters.iter().enumerate() {
        csv.write_record([records.id(row), records.id(cluster as usize)])?;
    }
    csv.flush()?;
    Ok(())
}

fn write_waterfall(
    out: &mut dyn Write,
    linkage: &Linkage,
    records: &Records,
    config: &LinkConfig,
) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "left_id",
        "right_id",
        "comparison",
        "level",
        "left",
        "right",
        "weight",
        "tf_adjustment",
    ])?;
    for m in &linkage.matches {
        let (a, b) = (m.left as usize, m.right as usize);
        let waterfall = linkage.waterfall(records, config, a, b);
        let (left, right) = (records.id(a), records.id(b));
        csv.write_record([
            left,
            right,
            "prior",
            "",
            "",
            "",
            &format!("{:.4}", waterfall.prior_weight),
            "",
        ])?;
        for step in &waterfall.steps {
            csv.write_record([
                left,
                right,
                &step.comparison,
                &step.level,
                &step.left,
                &step.right,
                &format!("{:.4}", step.weight),
                &format!("{:.4}", step.term_frequency_adjustment),
            ])?;
        }
    }
    csv.flush()?;
    Ok(())
}

/// Progress bars for the engine's stages.
pub struct Bars {
    quiet: bool,
    current: Mutex<Option<ProgressBar>>,
}

impl Bars {
    pub fn new(quiet: bool) -> Bars {
        Bars {
            quiet,
            current: Mutex::new(None),
        }
    }
}

impl rastro_link::Progress for Bars {
    fn start(&self, stage: Stage, total: u64) {
        let message = match stage {
            Stage::Compare => "comparing candidate pairs",
            Stage::SampleU => "comparing random pairs (u)",
            Stage::Train => "EM iterations",
            Stage::Score => "scoring",
        };
        let bar = crate::progress::items(total, self.quiet, message);
        if let Ok(mut current) = self.current.lock() {
            *current = Some(bar);
        }
    }

    fn advance(&self, by: u64) {
        if let Ok(current) = self.current.lock() {
            if let Some(bar) = current.as_ref() {
                bar.inc(by);
            }
        }
    }

    fn finish(&self) {
        if let Ok(mut current) = self.current.lock() {
            if let Some(bar) = current.take() {
                bar.finish_and_clear();
            }
        }
    }
}
