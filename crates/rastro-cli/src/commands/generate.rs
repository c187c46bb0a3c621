//! `rastro generate cases`: synthetic HTCDS cases with Latin American distributions.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args as ClapArgs, Subcommand};
use rastro_import::export::{CaseWriter, CsvCaseWriter, JsonlCaseWriter};
use rastro_synth::{CaseGenerator, COLUMNS};

use crate::output::AtomicOutput;
use crate::{progress, Ctx};

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
    match command {
        GenerateCommand::Cases(args) => generate_cases(&args, ctx.quiet),
    }
}

pub fn generate_cases(args: &CasesArgs, quiet: bool) -> Result<()> {
    let jsonl = args
        .out
        .as_ref()
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"));
    let output = AtomicOutput::create(args.out.as_deref())?;
    let sink: Box<dyn Write> = Box::new(BufWriter::with_capacity(256 * 1024, output.writer()?));
    let mut writer: Box<dyn CaseWriter> = if jsonl {
        Box::new(JsonlCaseWriter::new(sink))
    } else {
        Box::new(CsvCaseWriter::new(sink, COLUMNS, false)?)
    };
    let bar = progress::items(args.count, quiet || args.out.is_none(), "generating");
    for (i, case) in CaseGenerator::new(args.seed)
        .take(args.count as usize)
        .enumerate()
    {
        writer
            .write(None, &case)
            .context("writing generated cases")?;
        if i % 4096 == 0 {
            bar.set_position(i as u64);
        }
    }
    writer.finish().context("writing generated cases")?;
    bar.finish_and_clear();
    output.commit()
}
