//! `rastro release`: a publishable table of counts by one or two dimensions, small cells
//! suppressed (k = 11 by default), and with `--epsilon` differentially private counts paid from
//! the dataset's privacy budget, which is recorded and refuses a release once spent.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args as ClapArgs;
use rastro_app::jobs::ReleaseJob;
use rastro_app::release::ReleaseRequest;
use rastro_stats::{Dimension, Filter};

use crate::config::Ctx;

#[derive(ClapArgs)]
pub struct Args {
    /// One or two dimensions, comma-separated: form, country.origin, country.transit,
    /// country.destination, country.exploitation, citizenship, sex, age_band, year, month,
    /// source, org, lang.
    #[arg(long, value_name = "DIMS")]
    pub by: String,
    /// Smallest count published; smaller cells are suppressed.
    #[arg(long, default_value_t = rastro_stats::DEFAULT_K)]
    pub k: u64,
    /// Add Laplace noise for ε-differential privacy, paid from the dataset's budget.
    #[arg(long)]
    pub epsilon: Option<f64>,
    /// The dataset the budget belongs to.
    #[arg(long, default_value = "cases")]
    pub dataset: String,
    /// The dataset's whole privacy budget (total ε over every release).
    #[arg(long, default_value_t = 1.0)]
    pub budget: f64,
    /// Filters, as the pages and API write them: `country=origin:VE`, `form=ForcedLabour`,
    /// `from=2023`, … (repeatable).
    #[arg(long = "filter", value_name = "KEY=VALUE")]
    pub filters: Vec<String>,
    /// Where to write the CSV (standard output by default).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Show what the dataset's budget has paid for, and release nothing.
    #[arg(long)]
    pub ledger: bool,
    /// Queue the release as a job for `rastro worker` instead of making it now; the table is
    /// the job's result (`rastro jobs show ID`), and a retried job pays the budget once.
    #[arg(long, conflicts_with_all = ["ledger", "out"])]
    pub queue: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    if args.ledger {
        for r in rastro_app::release::spent(&session, &args.dataset)? {
            println!(
                "{}  ε={}  by {}  ({})",
                r.released_at, r.epsilon, r.released_by, r.dimensions
            );
        }
        return Ok(());
    }
    if args.queue {
        let job = rastro_app::jobs::queue_release(
            &session,
            &ReleaseJob {
                by: args.by.split(',').map(|d| d.trim().to_string()).collect(),
                k: args.k,
                epsilon: args.epsilon,
                dataset: args.dataset.clone(),
                budget: args.budget,
                filters: pairs(&args.filters)?,
            },
        )?;
        super::jobs::print_queued(&job, false);
        return Ok(());
    }
    let dims: Vec<Dimension> = args
        .by
        .split(',')
        .map(|d| Dimension::parse(d.trim()))
        .collect::<Result<_, _>>()?;
    if !(1..=2).contains(&dims.len()) {
        bail!("--by takes one or two dimensions, not {}", dims.len());
    }
    let filter = Filter::parse_pairs(pairs(&args.filters)?)?;
    let release = rastro_app::release::release(
        &session,
        &ReleaseRequest {
            dims: &dims,
            filter: &filter,
            k: args.k,
            epsilon: args.epsilon,
            dataset: &args.dataset,
            budget: args.budget,
        },
    )?;
    let out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    rastro_stats::csv_out::write_release(out, &release)?;
    if let Some(epsilon) = args.epsilon {
        let spent: f64 = rastro_app::release::spent(&session, &args.dataset)?
            .iter()
            .map(|r| r.epsilon)
            .sum();
        eprintln!(
            "released with ε = {epsilon} (sensitivity {}); the budget of {:?} has {:.3} of {} left",
            release.sensitivity,
            args.dataset,
            (args.budget - spent).max(0.0),
            args.budget
        );
    }
    Ok(())
}

/// `--filter KEY=VALUE`s as pairs.
fn pairs(filters: &[String]) -> Result<Vec<(String, String)>> {
    filters
        .iter()
        .map(|f| {
            f.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .with_context(|| format!("--filter {f:?}: write KEY=VALUE"))
        })
        .collect()
}
