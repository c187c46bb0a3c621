//! `rastro export cases`: the organisation's records (and with --include-shared those shared
//! with it, each marked with its owner) as HTCDS CSV or JSON lines; `rastro export clk`: persons
//! as keyed Bloom-filter encodings for linkage without names.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use rastro_app::cases::{ExportFormat, ExportOptions};
use rastro_app::clk::PersonSource;
use rastro_app::CaseSelection;
use rastro_link::clk::ClkSpec;
use rastro_link::date::DateOrder;

use crate::config::Ctx;
use crate::output::AtomicOutput;

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Export case records (every HTCDS field as a column, plus rastro_id and rastro_owner).
    Cases(CasesArgs),
    /// Export persons as keyed Bloom-filter encodings (CLKs) for linkage without names.
    Clk(ClkArgs),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Csv,
    Jsonl,
}

#[derive(ClapArgs)]
pub struct CasesArgs {
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Output file (written whole or not at all); standard output when not given.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Leave out the rastro_id column/key.
    #[arg(long)]
    pub no_id: bool,
    /// Also export the records other organisations share with this one. Each keeps its owner
    /// (rastro_owner), and importing the file elsewhere refuses them: a shared record stays
    /// under its owner's control.
    #[arg(long)]
    pub include_shared: bool,
}

#[derive(ClapArgs)]
pub struct ClkArgs {
    /// File with the shared secret (at least 16 bytes), e.g. `head -c 32 /dev/urandom | base64 > KEY`.
    #[arg(long, value_name = "KEYFILE")]
    pub key: PathBuf,
    /// Persons CSV to encode. Without it, the persons of every case your organisation
    /// may see in the store are encoded, with the case ids as record ids.
    #[arg(long, value_name = "PERSONS.csv")]
    pub input: Option<PathBuf>,
    /// Where to write the CLK file.
    #[arg(long, short, value_name = "OUT.clk")]
    pub output: PathBuf,
    /// Column with the record id (of --input).
    #[arg(long, default_value = "id")]
    pub id: String,
    /// Column with the given name(s).
    #[arg(long, default_value = "given_name")]
    pub given_name: String,
    /// Column with the surname(s).
    #[arg(long, default_value = "surname")]
    pub surname: String,
    /// Column with the date of birth.
    #[arg(long, default_value = "date_of_birth")]
    pub birth_date: String,
    /// Order of day and month in dates that do not start with the year.
    #[arg(long, value_enum, default_value = "dmy")]
    pub date_order: Order,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Order {
    Dmy,
    Mdy,
}

pub fn run(command: ExportCommand, ctx: &Ctx) -> Result<()> {
    match command {
        ExportCommand::Cases(args) => cases(args, ctx),
        ExportCommand::Clk(args) => clk(args, ctx),
    }
}

fn cases(args: CasesArgs, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    let output = AtomicOutput::create(args.out.as_deref())?;
    let count = rastro_app::cases::export_cases(
        &session,
        ExportOptions {
            format: match args.format {
                Format::Csv => ExportFormat::Csv,
                Format::Jsonl => ExportFormat::Jsonl,
            },
            with_id: !args.no_id,
            selection: if args.include_shared {
                CaseSelection::Visible
            } else {
                CaseSelection::Own
            },
        },
        output.buffered()?,
    )?;
    output.commit()?;
    if let Some(path) = &args.out {
        eprintln!("exported {count} cases to {}", path.display());
    }
    Ok(())
}

fn clk(args: ClkArgs, ctx: &Ctx) -> Result<()> {
    let mut spec = ClkSpec::person(&args.given_name, &args.surname, &args.birth_date);
    spec.date_order = match args.date_order {
        Order::Dmy => DateOrder::Dmy,
        Order::Mdy => DateOrder::Mdy,
    };
    let output = AtomicOutput::create(Some(&args.output))?;
    let report = match &args.input {
        Some(path) => rastro_app::clk::export_clk(
            &args.key,
            spec,
            PersonSource::File {
                path,
                id_column: &args.id,
            },
            output.writer()?,
        )?,
        None => {
            let defaults = ["given_name", "surname", "date_of_birth"];
            let asked = [&args.given_name, &args.surname, &args.birth_date];
            if asked.iter().zip(defaults).any(|(a, d)| a.as_str() != d) {
                bail!("--given-name/--surname/--birth-date name columns of --input; stored persons always have given_name, surname, date_of_birth");
            }
            let session = ctx.session()?;
            rastro_app::clk::export_clk(
                &args.key,
                spec,
                PersonSource::Store(&session),
                output.writer()?,
            )?
        }
    };
    output.commit()?;
    eprintln!(
        "{} persons encoded into {} ({} rows skipped)",
        report.persons,
        args.output.display(),
        report.skipped
    );
    Ok(())
}
