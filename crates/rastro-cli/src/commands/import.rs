//! `rastro import cases`: a case file into the organisation's records, every rejected row
//! reported (and written for correction with --rejects); `rastro import transactions`: a
//! transactions file (CSV or JSON lines) likewise; `rastro import list`: the organisation's
//! imports, interrupted ones marked.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use rastro_app::cases::ImportReport;
use rastro_import::{Format, ImportOptions, TextEncoding};
use rastro_model::HeaderMatch;

use crate::config::Ctx;
use crate::progress::Bars;

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Import HTCDS case records (CSV, Excel/ODS, JSON lines).
    Cases(CasesArgs),
    /// Import financial transactions (CSV or JSON lines) for the red flags (`rastro flags`).
    Transactions(TransactionsArgs),
    /// List the organisation's imports (finished, interrupted, running).
    List,
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
    /// The field a column of the file holds, as `HEADER=FIELD` (e.g. `--column
    /// "Residencia=prs_MailingCountry"`), for headers Rastro does not know; a column of one
    /// stage's events as `HEADER=hte_FIELD@Stage` (`--column "Destino final=hte_Country@Exploitation"`,
    /// stages Recruitment, Transit, Exploitation). Repeat for several.
    #[arg(long = "column", value_name = "HEADER=FIELD")]
    pub columns: Vec<String>,
    /// Queue the import as a job for `rastro worker` instead of running it here (the file goes
    /// into the store with the job, sealed, so a worker on any machine can do it, reading it with
    /// the columns, encoding and delimiter given here; the format comes from the extension).
    #[arg(long, conflicts_with_all = ["rejects", "file_format"])]
    pub queue: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TransactionFormat {
    Csv,
    Jsonl,
}

#[derive(ClapArgs)]
pub struct TransactionsArgs {
    /// The file to import.
    pub file: PathBuf,
    /// File format, when the extension does not tell (.jsonl, .ndjson and .json are JSON
    /// lines; anything else CSV).
    #[arg(long, value_enum)]
    pub format: Option<TransactionFormat>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(command: ImportCommand, ctx: &Ctx) -> Result<()> {
    match command {
        ImportCommand::Cases(args) => cases(args, ctx),
        ImportCommand::Transactions(args) => transactions(args, ctx),
        ImportCommand::List => list(ctx),
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
    let columns = args
        .columns
        .iter()
        .map(|pair| named_column(pair))
        .collect::<Result<_>>()?;
    Ok(ImportOptions {
        format,
        encoding,
        delimiter,
        importer: None,
        columns,
    })
}

/// One `--column HEADER=FIELD`.
fn named_column(pair: &str) -> Result<(String, HeaderMatch)> {
    rastro_model::named_column(pair).map_err(|why| anyhow::anyhow!("--column {pair:?}: {why}"))
}

fn cases(args: CasesArgs, ctx: &Ctx) -> Result<()> {
    let options = options(&args)?;
    let session = ctx.session()?;
    if args.queue {
        let reading = rastro_app::jobs::CaseReading {
            columns: args.columns.clone(),
            encoding: args.encoding.clone(),
            delimiter: options.delimiter.map(char::from),
        };
        let job = rastro_app::jobs::queue_case_import(&session, &args.file, &reading)?;
        super::jobs::print_queued(&job, args.format == OutputFormat::Json);
        return Ok(());
    }
    let report = rastro_app::cases::import_cases(
        &session,
        &args.file,
        &options,
        args.rejects.as_deref(),
        &Bars::new(ctx.quiet),
    )?;
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string(&report)?),
        OutputFormat::Text => print_text(&report, &args.file, args.rejects.as_deref()),
    }
    Ok(())
}

fn print_text(report: &ImportReport, file: &Path, rejects: Option<&Path>) {
    for warning in &report.warnings {
        println!("warning: {warning}");
    }
    if let Some(r) = &report.resumed {
        println!(
            "completing the interrupted import of this file started {} ({} records stored then{})",
            r.started_at,
            r.stored_before,
            r.error
                .as_deref()
                .map(|e| format!("; it stopped on: {e}"))
                .unwrap_or_default()
        );
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

fn transactions(args: TransactionsArgs, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    let format = args.format.map(|f| match f {
        TransactionFormat::Csv => rastro_app::transactions::FileFormat::Csv,
        TransactionFormat::Jsonl => rastro_app::transactions::FileFormat::JsonLines,
    });
    let report =
        rastro_app::transactions::import(&session, &args.file, format, &Bars::new(ctx.quiet))?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
        return Ok(());
    }
    if !report.unknown_columns.is_empty() {
        println!(
            "warning: columns ignored (not a transaction field): {}",
            report.unknown_columns.join(", ")
        );
    }
    if let Some(r) = &report.resumed {
        println!(
            "completing the interrupted import of this file started {} ({} transactions stored then)",
            r.started_at, r.stored_before
        );
    }
    let rate = if report.seconds > 0.0 {
        report.rows as f64 / report.seconds
    } else {
        0.0
    };
    println!(
        "{}: {} rows read, {} imported, {} already present, {} rejected ({:.1} s, {:.0} rows/s)",
        args.file.display(),
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
        println!("  … and {more} more problems (--json lists up to 1,000)");
    }
    Ok(())
}

fn list(ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    for i in rastro_app::cases::imports(&session)? {
        println!(
            "{}  {:<11} {:<11} {}  {} imported, {} already present, {} rejected{}",
            i.started_at,
            i.status.as_str(),
            i.kind.as_str(),
            i.source_file,
            i.imported,
            i.duplicates,
            i.rejected,
            i.error
                .map(|e| format!("  ({e}; run the import again to complete it)"))
                .unwrap_or_default()
        );
    }
    Ok(())
}
