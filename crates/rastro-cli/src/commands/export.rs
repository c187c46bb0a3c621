//! `rastro export cases`: writes the records the organisation may see, as HTCDS CSV or JSON lines.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use rastro_import::export::{CaseWriter, CsvCaseWriter, JsonlCaseWriter};
use rastro_model::Field;

use crate::output::AtomicOutput;
use crate::Ctx;

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Export case records (every HTCDS field as a column, plus rastro_id).
    Cases(CasesArgs),
    /// Export persons as keyed Bloom-filter encodings (CLKs) for linkage without names.
    Clk(super::export_clk::Args),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Jsonl,
}

#[derive(ClapArgs)]
pub struct CasesArgs {
    /// Organisation acting: its own records and those shared with it are exported.
    #[arg(long)]
    pub org: Option<String>,
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Output file (written whole or not at all); standard output when not given.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Leave out the rastro_id column/key.
    #[arg(long)]
    pub no_id: bool,
}

pub fn run(command: ExportCommand, ctx: &Ctx) -> Result<()> {
    match command {
        ExportCommand::Cases(args) => export_cases(args, ctx),
        ExportCommand::Clk(args) => super::export_clk::run(args, ctx),
    }
}

fn export_cases(args: CasesArgs, ctx: &Ctx) -> Result<()> {
    let (mut store, org) = ctx.open_store_as_existing(args.org)?;
    let scope = store.scope(org);
    let output = AtomicOutput::create(args.out.as_deref())?;
    let sink: Box<dyn Write> = Box::new(BufWriter::with_capacity(256 * 1024, output.writer()?));
    let mut writer: Box<dyn CaseWriter> = match args.format {
        ExportFormat::Csv => Box::new(CsvCaseWriter::new(sink, Field::ALL, !args.no_id)?),
        ExportFormat::Jsonl => Box::new(JsonlCaseWriter::new(sink)),
    };
    let with_id = !args.no_id;
    let count = scope.for_each_case(&mut |case| {
        writer
            .write(with_id.then_some(case.id.as_str()), &case.record)
            .map_err(|e| rastro_store::StoreError::Io {
                path: PathBuf::from("export"),
                source: e,
            })
    })?;
    writer.finish().context("writing the export")?;
    output.commit()?;
    tracing::info!(count, "exported cases");
    if let Some(path) = &args.out {
        eprintln!("exported {count} cases to {}", path.display());
    }
    Ok(())
}
