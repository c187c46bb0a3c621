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
    /// Persons CSV to encode.
    #[arg(long, value_name = "PERSONS.csv")]
    pub input: PathBuf,
    /// Where to write the CLK file.
    #[arg(long, short, value_name = "OUT.clk")]
    pub output: PathBuf,
    /// Column with the record id.
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

pub fn run(args: Args, _ctx: &crate::Ctx) -> Result<()> {
    let key_bytes =
        fs::read(&args.key).with_context(|| format!("reading key file {}", args.key.display()))?;
    let key = clk::key_from_bytes(&key_bytes, &args.key.display().to_string())?;
    let mut spec = ClkSpec::person(&args.given_name, &args.surname, &args.birth_date);
    spec.date_order = match args.date_order {
        Order::Dmy => DateOrder::Dmy,
        Order::Mdy => DateOrder::Mdy,
    };
    let columns = spec.columns();
    let label = args.input.display().to_string();
    let file = fs::File::open(&args.input).with_context(|| format!("opening {label}"))?;
    let outcome = rastro_link::read_csv(file, &label, &args.id, &columns)?;
    for error in &outcome.skipped {
        tracing::warn!("skipped: {error}");
    }
    if outcome.table.is_empty() {
        bail!("{label}: no readable rows");
    }
    let encoder = ClkEncoder::new(&key, spec)?;
    let out = AtomicOutput::create(Some(&args.output))?;
    encoder.write(&outcome.table, out.writer()?)?;
    out.commit()?;
    eprintln!(
        "{} persons encoded into {} ({} rows skipped)",
        outcome.table.len(),
        args.output.display(),
        outcome.skipped.len()
    );
    Ok(())
}
