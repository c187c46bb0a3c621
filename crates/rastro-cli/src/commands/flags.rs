//! `rastro flags`: trafficking red flags over your organisation's transactions. The alerts are
//! kept (each once, however often the command runs) and written as JSON lines, CSV or
//! suspicious-transaction reports; a summary goes to standard error. `--backtest` compares a
//! changed catalogue with the current one instead, rule by rule, and keeps nothing.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Args as ClapArgs, ValueEnum};
use rastro_app::flags::{self, ExportFormat};

use crate::config::Ctx;
use crate::output::AtomicOutput;
use crate::progress::Bars;

#[derive(Clone, Copy, ValueEnum)]
pub enum AlertFormat {
    /// One JSON object per alert: rules, values, transactions, screening, store ids.
    Jsonl,
    /// One line per alert, for a spreadsheet.
    Csv,
    /// One suspicious-transaction report per alert (JSON lines).
    Str,
}

#[derive(ClapArgs)]
pub struct Args {
    /// Only transactions from this date (2024-03-01, UTC) or date-time with its zone on.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// The typologies catalogue (TOML); Rastro's own when not given. With --backtest, the
    /// changed catalogue to try.
    #[arg(long, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,
    /// How to write the alerts.
    #[arg(long, value_enum, default_value_t = AlertFormat::Jsonl)]
    pub format: AlertFormat,
    /// Where to write the alerts (or the backtest); standard output when not given.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Run --catalogue and --baseline over the stored transactions and report, per rule and
    /// typology, the alerts the change adds and removes. Keeps no alert.
    #[arg(long)]
    pub backtest: bool,
    /// The catalogue to compare with (default: Rastro's own).
    #[arg(long, value_name = "FILE", requires = "backtest")]
    pub baseline: Option<PathBuf>,
    /// Labels of the transactions (as `rastro generate transactions` writes them), for the
    /// backtest's precision and recall.
    #[arg(long, value_name = "FILE", requires = "backtest")]
    pub labels: Option<PathBuf>,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    let since = args.since.as_deref().map(flags::parse_since).transpose()?;
    let bars = Bars::new(ctx.quiet);
    if args.backtest {
        if args.catalogue.is_none() {
            bail!("--backtest needs the changed catalogue: --catalogue FILE");
        }
        let candidate = flags::catalogue(args.catalogue.as_deref())?;
        let baseline = flags::catalogue(args.baseline.as_deref())?;
        let result = flags::backtest(
            &session,
            &baseline,
            &candidate,
            since,
            args.labels.as_deref(),
            &bars,
        )?;
        let output = AtomicOutput::create(args.out.as_deref())?;
        let mut out = output.buffered()?;
        write!(out, "{result}")?;
        if let (Some(before), Some(after)) = (&result.evaluation_before, &result.evaluation_after) {
            writeln!(out, "\nbefore:\n{before}\n\nafter:\n{after}")?;
        }
        out.flush()?;
        drop(out);
        return output.commit();
    }
    let catalogue = flags::catalogue(args.catalogue.as_deref())?;
    let run = flags::run(&session, &catalogue, since, &bars)?;
    let format = match args.format {
        AlertFormat::Jsonl => ExportFormat::Jsonl,
        AlertFormat::Csv => ExportFormat::Csv,
        AlertFormat::Str => ExportFormat::Str,
    };
    let output = AtomicOutput::create(args.out.as_deref())?;
    let mut out = output.buffered()?;
    flags::export(
        &run,
        &catalogue,
        &session.organisation().name,
        format,
        &mut out,
    )?;
    drop(out);
    output.commit()?;
    // The summary goes to standard error, so that standard output is the alerts alone.
    eprintln!(
        "{} transactions, {} accounts: {} alerts ({} new) by catalogue {} ({:.1} s){}",
        run.transactions,
        run.accounts,
        run.alerts.len(),
        run.new_alerts,
        run.catalogue_version,
        run.seconds,
        if run.unpriced > 0 {
            format!(
                "; {} transactions in a currency the catalogue has no rate for",
                run.unpriced
            )
        } else {
            String::new()
        }
    );
    for (typology, n) in flags::per_typology(&run) {
        eprintln!("  {typology}: {n}");
    }
    let linked = run
        .alerts
        .iter()
        .filter(|a| !a.linked_cases.is_empty())
        .count();
    if linked > 0 {
        eprintln!("{linked} alerts carry a phone or e-mail of a case you hold (linked_cases)");
    }
    let screened: usize = run
        .alerts
        .iter()
        .filter(|a| !a.screening.is_empty())
        .count();
    if !run.lists_screened.is_empty() {
        eprintln!(
            "alerted parties screened against {}: {screened} alerts with watchlist matches",
            run.lists_screened.join(", ")
        );
    }
    Ok(())
}
