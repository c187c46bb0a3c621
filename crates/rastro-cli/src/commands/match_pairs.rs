//! `rastro match-pairs`: scores pairs of names (`name1,name2[,schema]`) and writes the same rows
//! with `score` and `match` columns, to calibrate the matcher and compare it with others.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use anyhow::{Context, Result};
use rastro_screen::DEFAULT_THRESHOLD;

use crate::config::Ctx;
use crate::output::AtomicOutput;

/// How many unscorable rows are listed before the rest are only counted.
const SHOWN_ERRORS: usize = 20;

#[derive(clap::Args)]
pub struct Args {
    /// CSV with columns name1 and name2 (and optionally schema: Person, Company, Organization…).
    #[arg(long, value_name = "PAIRS.csv")]
    pub input: PathBuf,
    /// Where to write the rows with their score and match columns.
    #[arg(long, short, value_name = "OUT.csv")]
    pub output: PathBuf,
    /// Score at or above which `match` is true.
    #[arg(long, value_name = "T", default_value_t = DEFAULT_THRESHOLD)]
    pub threshold: f64,
}

pub fn run(args: Args, _ctx: &Ctx) -> Result<()> {
    let label = args.input.display().to_string();
    let file = File::open(&args.input).with_context(|| format!("opening {label}"))?;
    let out = AtomicOutput::create(Some(&args.output))?;
    let report = rastro_app::pairs::score_pairs(
        BufReader::new(file),
        &label,
        out.buffered()?,
        args.threshold,
    )?;
    out.commit()?;
    for p in report.problems.iter().take(SHOWN_ERRORS) {
        eprintln!("{label}: row {}: {}", p.row, p.message);
    }
    tracing::info!(
        "{} pairs scored, {} matches at >= {}, {} rows with errors",
        report.rows,
        report.matches,
        args.threshold,
        report.problems.len()
    );
    if !report.problems.is_empty() {
        eprintln!(
            "{label}: {} rows could not be scored",
            report.problems.len()
        );
    }
    Ok(())
}
