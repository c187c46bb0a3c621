//! `rastro generate cases`: synthetic HTCDS cases with Latin American distributions.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args as ClapArgs, Subcommand};

use crate::config::Ctx;
use crate::output::AtomicOutput;
use crate::progress::Bars;

#[derive(Subcommand)]
pub enum GenerateCommand {
    /// Synthetic HTCDS case records (CSV, or JSON lines when the file name ends in .jsonl).
    Cases(CasesArgs),
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
    let GenerateCommand::Cases(args) = command;
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
