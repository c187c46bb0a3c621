//! `rastro match-pairs`: scores pairs of names (`name1,name2[,schema]`) and writes the same rows
//! with `score` and `match` columns, to calibrate the matcher and compare it with others.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use rastro_screen::{name_pair_score, DEFAULT_THRESHOLD};

/// How many unscorable rows are listed before the rest are only counted.
const SHOWN_ERRORS: usize = 20;

#[derive(clap::Args)]
pub struct Args {
    /// CSV with columns name1 and name2 (and optionally schema: Person, Company, Organization…).
    #[arg(long, value_name = "PAIRS.csv")]
    pub input: PathBuf,
    /// Where to write the rows with their score and match columns.
    #[arg(long, short, value_name = "OUT.csv")]
    pub output: PathBuf,
    /// Score at or above which `match` is true.
    #[arg(long, value_name = "T", default_value_t = DEFAULT_THRESHOLD)]
    pub threshold: f64,
}

pub fn run(args: Args, ctx: &crate::Ctx) -> Result<()> {
    let file =
        File::open(&args.input).with_context(|| format!("opening {}", args.input.display()))?;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(BufReader::new(file));
    let header = rdr
        .headers()
        .with_context(|| format!("reading the header of {}", args.input.display()))?
        .clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(c1), Some(c2)) = (col("name1"), col("name2")) else {
        bail!(
            "{}: the header needs name1 and name2 columns",
            args.input.display()
        );
    };
    let schema = col("schema");
    let out = crate::output::AtomicOutput::create(Some(&args.output))?;
    let mut wtr = csv::Writer::from_writer(out.writer()?);
    let mut head: Vec<&str> = header.iter().collect();
    head.extend(["score", "match"]);
    wtr.write_record(&head)?;
    let bar = crate::progress::items(0, ctx.quiet, "scoring pairs");
    let (mut rows, mut errors, mut matches) = (0u64, 0u64, 0u64);
    for (i, record) in rdr.records().enumerate() {
        let row = i + 1;
        rows += 1;
        bar.inc(1);
        let record = match record {
            Ok(r) => r,
            Err(err) => {
                errors += 1;
                if errors as usize <= SHOWN_ERRORS {
                    eprintln!("{}: row {row}: unreadable: {err}", args.input.display());
                }
                continue;
            }
        };
        let (a, b) = (record.get(c1).unwrap_or(""), record.get(c2).unwrap_or(""));
        let s = schema.and_then(|c| record.get(c));
        let mut fields: Vec<String> = record.iter().map(str::to_string).collect();
        fields.resize(header.len(), String::new());
        match name_pair_score(a, b, s) {
            Some(score) => {
                let is_match = score >= args.threshold;
                matches += u64::from(is_match);
                fields.push(format!("{score:.4}"));
                fields.push(is_match.to_string());
            }
            None => {
                errors += 1;
                if errors as usize <= SHOWN_ERRORS {
                    eprintln!(
                        "{}: row {row}: a name cannot be analysed ({a:?} / {b:?}); score left empty",
                        args.input.display()
                    );
                }
                fields.push(String::new());
                fields.push(String::new());
            }
        }
        wtr.write_record(&fields)?;
    }
    bar.finish_and_clear();
    wtr.flush()?;
    drop(wtr);
    out.commit()?;
    tracing::info!(
        "{rows} pairs scored, {matches} matches at >= {}, {errors} rows with errors",
        args.threshold
    );
    if errors > 0 {
        eprintln!(
            "{}: {errors} rows could not be scored",
            args.input.display()
        );
    }
    Ok(())
}
