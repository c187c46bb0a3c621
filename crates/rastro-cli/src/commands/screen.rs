//! `rastro screen`: checks people (a CSV of queries) against a watchlist file (CSV or
//! FollowTheMoney JSON lines) and writes one JSON line per query with its matches, best first.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rastro_screen::{
    read_csv, read_ftm, Match, Person, ReadOutcome, RowIssue, Watchlist, DEFAULT_THRESHOLD,
};
use serde::Serialize;

/// How many row problems are listed before the rest are only counted.
const SHOWN_ISSUES: usize = 20;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Jsonl,
}

#[derive(clap::Args)]
pub struct Args {
    /// Watchlist file: CSV (id, full_name or first/middle/last_name, aliases, date_of_birth,
    /// gender, nationality, document_number, topics) or FollowTheMoney JSON lines (.jsonl,
    /// .ndjson, .json).
    #[arg(long, value_name = "FILE")]
    pub watchlist: PathBuf,
    /// Queries: a CSV with the same columns as a watchlist.
    #[arg(long, value_name = "QUERIES.csv")]
    pub input: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// Score at or above which a match is reported.
    #[arg(long, value_name = "T", default_value_t = DEFAULT_THRESHOLD)]
    pub threshold: f64,
    /// Most matches reported per query.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Write the results here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Serialize)]
struct Line<'a> {
    query_id: &'a str,
    matches: &'a [Match],
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

pub fn run(args: Args, ctx: &crate::Ctx) -> Result<()> {
    if !(0.0..=1.0).contains(&args.threshold) {
        bail!(
            "--threshold must be between 0 and 1, not {}",
            args.threshold
        );
    }
    let Format::Jsonl = args.format;
    let list = read_watchlist(&args.watchlist)?;
    let (watchlist, unindexed) = Watchlist::build(list.people)
        .with_context(|| format!("indexing {}", args.watchlist.display()))?;
    report_issues(&args.watchlist, &unindexed);
    tracing::info!(
        "watchlist {}: {} people, {} names indexed",
        args.watchlist.display(),
        watchlist.len(),
        watchlist.name_count()
    );
    let file = File::open(&args.input)
        .with_context(|| format!("opening queries {}", args.input.display()))?;
    let queries = read_csv(BufReader::new(file))
        .with_context(|| format!("reading queries {}", args.input.display()))?;
    report_issues(&args.input, &queries.issues);
    let results = screen_all(&watchlist, &queries.people, &args, ctx.quiet);
    let target = crate::output::AtomicOutput::create(args.output.as_deref())?;
    let mut out = BufWriter::new(target.writer()?);
    for (q, result) in queries.people.iter().zip(&results) {
        let line = match result {
            Ok(matches) => Line {
                query_id: &q.id,
                matches,
                error: None,
            },
            Err(err) => Line {
                query_id: &q.id,
                matches: &[],
                error: Some(err.to_string()),
            },
        };
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    drop(out);
    target.commit()?;
    let matched = results
        .iter()
        .filter(|r| r.as_ref().is_ok_and(|m| !m.is_empty()))
        .count();
    tracing::info!(
        "{} queries screened, {matched} with matches at >= {}; {} query rows rejected",
        results.len(),
        args.threshold,
        queries.rejected()
    );
    Ok(())
}

type Outcome = Result<Vec<Match>, rastro_screen::QueryError>;

/// Screens on every core, keeping the input order.
fn screen_all(list: &Watchlist, queries: &[Person], args: &Args, quiet: bool) -> Vec<Outcome> {
    let bar = crate::progress::items(queries.len() as u64, quiet, "screening");
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let chunk = queries.len().div_ceil(threads).max(1);
    let results: Vec<Vec<Outcome>> = std::thread::scope(|s| {
        let handles: Vec<_> = queries
            .chunks(chunk)
            .map(|part| {
                let bar = bar.clone();
                s.spawn(move || {
                    let mut searcher = list.searcher();
                    part.iter()
                        .map(|q| {
                            let r = searcher.screen(q, args.threshold, args.limit);
                            bar.inc(1);
                            r
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    bar.finish_and_clear();
    results.into_iter().flatten().collect()
}

fn read_watchlist(path: &Path) -> Result<ReadOutcome> {
    let file = File::open(path).with_context(|| format!("opening watchlist {}", path.display()))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let outcome = if matches!(ext.as_str(), "jsonl" | "ndjson" | "json") {
        let ftm = read_ftm(BufReader::new(file))
            .with_context(|| format!("reading watchlist {}", path.display()))?;
        for (schema, count) in &ftm.skipped_schemas {
            let schema = if schema.is_empty() { "(none)" } else { schema };
            eprintln!(
                "{}: {count} entities of schema {schema} skipped (only Person entities are screened)",
                path.display()
            );
        }
        ftm.outcome
    } else {
        read_csv(BufReader::new(file))
            .with_context(|| format!("reading watchlist {}", path.display()))?
    };
    report_issues(path, &outcome.issues);
    Ok(outcome)
}

/// Row problems go to standard error: the first ones in full, then a count.
pub fn report_issues(path: &Path, issues: &[RowIssue]) {
    for issue in issues.iter().take(SHOWN_ISSUES) {
        eprintln!("{}: {issue}", path.display());
    }
    if issues.len() > SHOWN_ISSUES {
        let rejected = issues.iter().filter(|i| i.rejected).count();
        eprintln!(
            "{}: {} more row problems ({rejected} rows rejected in all)",
            path.display(),
            issues.len() - SHOWN_ISSUES
        );
    }
}
