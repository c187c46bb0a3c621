//! `rastro import cases`: reads a case file, stores its valid rows for the organisation, reports
//! every rejected row, and writes the rejects for correction.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use rastro_import::rejects::RejectsWriter;
use rastro_import::{Format, ImportOptions, Problem, RowOutcome, TextEncoding};
use rastro_store::{NewCase, Scope};
use serde::Serialize;

use crate::{progress, Ctx};

/// Rows handed from the reading thread to the storing thread at a time.
const BATCH: usize = 10_000;
/// Problems kept for the summary; all of them go to the rejects file.
const MAX_REPORTED_ERRORS: usize = 1_000;

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Import HTCDS case records (CSV, Excel/ODS, JSON lines).
    Cases(CasesArgs),
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FileFormat {
    Csv,
    Xlsx,
    Ods,
    Jsonl,
}

#[derive(ClapArgs)]
pub struct CasesArgs {
    /// The file to import.
    pub file: PathBuf,
    /// Organisation that supplies (and owns) the records.
    #[arg(long)]
    pub org: Option<String>,
    /// Write rejected rows, with their reasons, to this file for correction and re-import.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// How to print the summary.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// File format, when the extension does not tell.
    #[arg(long, value_enum)]
    pub file_format: Option<FileFormat>,
    /// Text encoding of CSV/JSON lines (utf-8, windows-1252); detected when not given.
    #[arg(long)]
    pub encoding: Option<String>,
    /// CSV delimiter (`,`, `;` or `tab`); detected when not given.
    #[arg(long)]
    pub delimiter: Option<String>,
}

/// The outcome of importing one file.
#[derive(Serialize, Default)]
pub struct ImportReport {
    pub file: String,
    pub imported: u64,
    pub rejected: u64,
    pub duplicates: u64,
    pub rows: u64,
    pub errors: Vec<Problem>,
    #[serde(skip_serializing_if = "is_zero")]
    pub errors_omitted: u64,
    pub warnings: Vec<String>,
    #[serde(skip)]
    pub seconds: f64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

pub fn run(command: ImportCommand, ctx: &Ctx) -> Result<()> {
    match command {
        ImportCommand::Cases(args) => run_cases(args, ctx),
    }
}

fn options(args: &CasesArgs) -> Result<ImportOptions> {
    let encoding =
        match &args.encoding {
            Some(name) => Some(TextEncoding::from_name(name).with_context(|| {
                format!("unknown encoding {name:?} (use utf-8 or windows-1252)")
            })?),
            None => None,
        };
    let delimiter = match args.delimiter.as_deref() {
        None => None,
        Some("tab" | "\\t") => Some(b'\t'),
        Some(d) if d.len() == 1 => Some(d.as_bytes()[0]),
        Some(d) => anyhow::bail!("delimiter must be one character or `tab`, not {d:?}"),
    };
    let format = args.file_format.map(|f| match f {
        FileFormat::Csv => Format::Csv,
        FileFormat::Xlsx | FileFormat::Ods => Format::Spreadsheet,
        FileFormat::Jsonl => Format::JsonLines,
    });
    Ok(ImportOptions {
        format,
        encoding,
        delimiter,
    })
}

fn run_cases(args: CasesArgs, ctx: &Ctx) -> Result<()> {
    let org_name = ctx.organisation(args.org.clone())?;
    let options = options(&args)?;
    let mut store = ctx.open_store()?;
    let org = store.ensure_organisation(&org_name)?;
    let mut scope = store.scope(org);
    let report = import_cases(
        &mut scope,
        &args.file,
        &options,
        args.rejects.as_deref(),
        ctx.quiet,
    )?;
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string(&report)?),
        OutputFormat::Text => print_text(&report, &args.file, args.rejects.as_deref()),
    }
    Ok(())
}

/// Imports one file into the scope's organisation. Errors only when the file cannot be read at
/// all or the store fails; bad rows are in the report.
pub fn import_cases(
    scope: &mut Scope<'_>,
    path: &Path,
    options: &ImportOptions,
    rejects_path: Option<&Path>,
    quiet: bool,
) -> Result<ImportReport> {
    let started = Instant::now();
    let mut source = rastro_import::open(path, options)?;
    let info = source.info().clone();
    let mut report = ImportReport {
        file: path.display().to_string(),
        warnings: info.warnings.clone(),
        ..ImportReport::default()
    };
    for warning in &info.warnings {
        tracing::info!("{}: {warning}", path.display());
    }
    let mut rejects = match rejects_path {
        Some(p) => {
            let file = File::create(p)
                .with_context(|| format!("creating rejects file {}", p.display()))?;
            Some(RejectsWriter::new(
                BufWriter::new(file),
                source.headers().map(<[String]>::to_vec),
            ))
        }
        None => None,
    };
    let import = scope.begin_import(&path.display().to_string(), info.format.name())?;
    let bar = progress::bytes(info.size, quiet, "importing");

    // Reading and validating run on their own thread so that parsing and SQLite overlap. Stored
    // batches go back to that thread to be freed where they were allocated, which keeps the
    // allocator from locking across threads on the storing side.
    let (sender, receiver) = sync_channel::<(Vec<RowOutcome>, u64)>(1);
    let (recycle, recycled) = std::sync::mpsc::channel::<Vec<RowOutcome>>();
    let reader = std::thread::Builder::new()
        .name("rastro-read".into())
        .spawn(move || -> Option<std::io::Error> {
            let mut batch = Vec::with_capacity(BATCH);
            while let Some(outcome) = source.next() {
                batch.push(outcome);
                if batch.len() == BATCH {
                    let read = source.bytes_read();
                    if sender.send((std::mem::take(&mut batch), read)).is_err() {
                        return None;
                    }
                    while let Ok(done) = recycled.try_recv() {
                        drop(done);
                    }
                }
            }
            let read = source.bytes_read();
            let _ = sender.send((batch, read));
            source.take_io_error()
        })?;

    for (batch, bytes_read) in receiver {
        let mut valid: Vec<NewCase<'_>> = Vec::with_capacity(batch.len());
        for outcome in &batch {
            report.rows += 1;
            match outcome {
                RowOutcome::Valid {
                    row,
                    record,
                    compact,
                    key,
                    ..
                } => valid.push(NewCase {
                    record,
                    compact,
                    key,
                    source_row: *row,
                }),
                RowOutcome::Rejected {
                    row, raw, problems, ..
                } => {
                    report.rejected += 1;
                    if let Some(writer) = rejects.as_mut() {
                        writer
                            .write(*row, raw, problems)
                            .context("writing the rejects file")?;
                    }
                    for problem in problems {
                        if report.errors.len() < MAX_REPORTED_ERRORS {
                            report.errors.push(problem.clone());
                        } else {
                            report.errors_omitted += 1;
                        }
                    }
                }
            }
        }
        let outcome = scope.insert_cases(&import, &valid)?;
        drop(valid);
        report.imported += outcome.inserted;
        report.duplicates += outcome.duplicates;
        bar.set_position(bytes_read);
        // The reader may have finished already; then the batch is simply freed here.
        let _ = recycle.send(batch);
    }
    let io_error = reader
        .join()
        .map_err(|_| anyhow::anyhow!("the reading thread failed"))?;
    bar.finish_and_clear();
    if let Some(writer) = rejects {
        writer.finish().context("writing the rejects file")?;
    }
    scope.finish_import(&import, report.imported, report.duplicates, report.rejected)?;
    if let Some(e) = io_error {
        // What was read is stored; the user learns the file was cut short.
        anyhow::bail!(
            "{}: reading stopped after {} rows: {e} (the rows read were imported)",
            path.display(),
            report.rows
        );
    }
    report.seconds = started.elapsed().as_secs_f64();
    tracing::info!(
        imported = report.imported,
        rejected = report.rejected,
        duplicates = report.duplicates,
        seconds = report.seconds,
        "import finished"
    );
    Ok(report)
}

fn print_text(report: &ImportReport, file: &Path, rejects: Option<&Path>) {
    for warning in &report.warnings {
        println!("warning: {warning}");
    }
    let rate = if report.seconds > 0.0 {
        report.rows as f64 / report.seconds
    } else {
        0.0
    };
    println!(
        "{}: {} rows read, {} imported, {} already present, {} rejected ({:.1} s, {:.0} rows/s)",
        file.display(),
        report.rows,
        report.imported,
        report.duplicates,
        report.rejected,
        report.seconds,
        rate
    );
    for p in report.errors.iter().take(20) {
        let column = if p.column.is_empty() { "-" } else { &p.column };
        println!(
            "  row {} (line {}), {column}: {} [{}]",
            p.row, p.line, p.message, p.value
        );
    }
    let shown = report.errors.len().min(20) as u64;
    let more = report.errors.len() as u64 + report.errors_omitted - shown;
    if more > 0 {
        println!("  … and {more} more problems");
    }
    if report.rejected > 0 {
        match rejects {
            Some(p) => println!("rejected rows and their reasons are in {}", p.display()),
            None => println!("pass --rejects FILE to get the rejected rows for correction"),
        }
    }
}
