//! `rastro generate cases`: synthetic HTCDS cases with Latin American distributions;
//! `rastro generate transactions`: synthetic transactions with trafficking typologies planted,
//! and their labels.

use std::path::PathBuf;

use std::io::Write;

use anyhow::Result;
use clap::{Args as ClapArgs, Subcommand};

use crate::config::Ctx;
use crate::output::AtomicOutput;
use crate::progress::Bars;

#[derive(Subcommand)]
pub enum GenerateCommand {
    /// Synthetic HTCDS case records (CSV, or JSON lines when the file name ends in .jsonl).
    Cases(CasesArgs),
    /// Synthetic transactions of eight countries of the region with trafficking typologies
    /// planted (CSV, or JSON lines when the file name ends in .jsonl), and labels saying which
    /// accounts and transactions belong to which typology.
    Transactions(TransactionsArgs),
}

#[derive(ClapArgs)]
pub struct TransactionsArgs {
    /// How many transactions.
    #[arg(long, default_value_t = 1_000_000)]
    pub count: u64,
    /// The same seed gives the same transactions, byte for byte.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The transactions file.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The labels file (JSON lines: patterns, planted accounts and transactions, known phones
    /// and e-mails).
    #[arg(long, value_name = "FILE")]
    pub labels: PathBuf,
    /// Days of activity.
    #[arg(long, default_value_t = 90)]
    pub days: u32,
    /// Share of people planted with a typology.
    #[arg(long, default_value_t = 0.004)]
    pub planted: f64,
}

#[derive(ClapArgs)]
pub struct CasesArgs {
    /// How many cases.
    #[arg(long, default_value_t = 10_000)]
    pub count: u64,
    /// The same seed gives the same cases.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output file; standard output when not given.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(command: GenerateCommand, ctx: &Ctx) -> Result<()> {
    let args = match command {
        GenerateCommand::Cases(args) => args,
        GenerateCommand::Transactions(args) => return transactions(args),
    };
    let jsonl = args
        .out
        .as_ref()
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"));
    let output = AtomicOutput::create(args.out.as_deref())?;
    // Bars would mix with the data on standard output.
    let bars = Bars::new(ctx.quiet || args.out.is_none());
    rastro_app::synth::generate_cases(args.count, args.seed, jsonl, output.buffered()?, &bars)?;
    output.commit()
}

fn transactions(args: TransactionsArgs) -> Result<()> {
    use rastro_app::transactions::{FileFormat, GenerateConfig};
    if !(0.0..=1.0).contains(&args.planted) {
        anyhow::bail!("--planted is a share between 0 and 1, not {}", args.planted);
    }
    let config = GenerateConfig {
        seed: args.seed,
        transactions: args.count,
        days: args.days.max(1),
        planted_share: args.planted,
        ..GenerateConfig::default()
    };
    let format = FileFormat::from_path(&args.out);
    let transactions = AtomicOutput::create(Some(&args.out))?;
    let labels = AtomicOutput::create(Some(&args.labels))?;
    let summary = {
        let mut out = transactions.buffered()?;
        let mut tags = labels.buffered()?;
        let summary = rastro_app::transactions::generate(&config, format, &mut out, &mut tags)?;
        out.flush()?;
        tags.flush()?;
        summary
    };
    transactions.commit()?;
    labels.commit()?;
    println!(
        "{}: {} transactions ({} planted in {} patterns) of {} people; {}: labels and {} known phones and e-mails",
        args.out.display(),
        summary.transactions,
        summary.planted_transactions,
        summary.patterns,
        summary.people,
        args.labels.display(),
        summary.known_identifiers
    );
    Ok(())
}
