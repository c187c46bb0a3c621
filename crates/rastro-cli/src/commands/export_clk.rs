//! `rastro export clk`: persons as keyed Bloom-filter encodings (CLKs) for privacy-preserving
//! linkage with `rastro link --clk`. Both organisations use the same key file, exchanged out of
//! band; the CLK files can then be linked by either side or a third party without names.

use std::fs;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use rastro_link::clk::{self, ClkEncoder, ClkSpec};
use rastro_link::date::DateOrder;

use crate::output::AtomicOutput;

#[derive(clap::Args)]
pub struct Args {
    /// File with the shared secret (at least 16 bytes), e.g. `head -c 32 /dev/urandom | base64 > KEY`.
    #[arg(long, value_name = "KEYFILE")]
    pub key: PathBuf,
    /// Persons CSV to encode. Without it, the persons of every case the organisation (--org)
    /// may see in the store are encoded, with the case ids as record ids.
    #[arg(long, value_name = "PERSONS.csv")]
    pub input: Option<PathBuf>,
    /// Organisation acting, when encoding from the store.
    #[arg(long, conflicts_with = "input")]
    pub org: Option<String>,
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

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Order {
    Dmy,
    Mdy,
}

pub fn run(args: Args, ctx: &crate::Ctx) -> Result<()> {
    let key_bytes =
        fs::read(&args.key).with_context(|| format!("reading key file {}", args.key.display()))?;
    let key = clk::key_from_bytes(&key_bytes, &args.key.display().to_string())?;
    let mut spec = ClkSpec::person(&args.given_name, &args.surname, &args.birth_date);
    spec.date_order = match args.date_order {
        Order::Dmy => DateOrder::Dmy,
        Order::Mdy => DateOrder::Mdy,
    };
    let (table, skipped) = match &args.input {
        Some(input) => {
            let label = input.display().to_string();
            let file = fs::File::open(input).with_context(|| format!("opening {label}"))?;
            let outcome = rastro_link::read_csv(file, &label, &args.id, &spec.columns())?;
            for error in &outcome.skipped {
                tracing::warn!("skipped: {error}");
            }
            (outcome.table, outcome.skipped.len())
        }
        None => (stored_persons(&args, &spec, ctx)?, 0),
    };
    if table.is_empty() {
        bail!("no persons to encode");
    }
    let encoder = ClkEncoder::new(&key, spec)?;
    let out = AtomicOutput::create(Some(&args.output))?;
    encoder.write(&table, out.writer()?)?;
    out.commit()?;
    eprintln!(
        "{} persons encoded into {} ({skipped} rows skipped)",
        table.len(),
        args.output.display(),
    );
    Ok(())
}

/// The persons of the organisation's visible cases, under the column names the spec reads.
fn stored_persons(args: &Args, spec: &ClkSpec, ctx: &crate::Ctx) -> Result<rastro_link::Table> {
    let defaults = ["given_name", "surname", "date_of_birth"];
    let asked = [&args.given_name, &args.surname, &args.birth_date];
    if asked.iter().zip(defaults).any(|(a, d)| a.as_str() != d) || spec.fields.len() != 3 {
        bail!("--given-name/--surname/--birth-date name columns of --input; stored persons always have given_name, surname, date_of_birth");
    }
    let (mut store, org) = ctx.open_store_as_existing(args.org.clone())?;
    let scope = store.scope(org);
    super::link_store::persons(&scope)
}
