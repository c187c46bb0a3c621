//! `rastro screen`: checks people (a CSV of queries) against a watchlist file (CSV or
//! FollowTheMoney JSON lines) and writes one JSON line per query with its matches, best first.

use std::collections::BTreeMap;
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
#[command(group(clap::ArgGroup::new("source").required(true).args(["watchlist", "list"])))]
pub struct Args {
    /// Watchlist file: CSV (id, full_name or first/middle/last_name, aliases, date_of_birth,
    /// gender, nationality, document_number, topics) or FollowTheMoney JSON lines (.jsonl,
    /// .ndjson, .json).
    #[arg(long, value_name = "FILE")]
    pub watchlist: Option<PathBuf>,
    /// A stored watchlist (`rastro watchlist import`) instead of a file.
    #[arg(long, value_name = "NAME")]
    pub list: Option<String>,
    /// Organisation acting (for --list): its own lists and those shared with it.
    #[arg(long)]
    pub org: Option<String>,
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
    let (watchlist, source) = match (&args.watchlist, &args.list) {
        (Some(path), _) => {
            let list = read_watchlist(path)?;
            let (watchlist, unindexed) = Watchlist::build(list.people)
                .with_context(|| format!("indexing {}", path.display()))?;
            report_issues(path, &unindexed);
            (watchlist, path.display().to_string())
        }
        (None, Some(name)) => (stored_list(name, &args, ctx)?, format!("list {name}")),
        (None, None) => bail!("pass --watchlist FILE or --list NAME"),
    };
    tracing::info!(
        "watchlist {source}: {} people, {} names indexed",
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

/// Builds the index from a stored list the organisation sees.
fn stored_list(name: &str, args: &Args, ctx: &crate::Ctx) -> Result<Watchlist> {
    let (mut store, org) = ctx.open_store_as_existing(args.org.clone())?;
    let scope = store.scope(org);
    let (info, people, rows) = super::stored_watchlist::load(&scope, name)?;
    let (watchlist, unindexed) =
        Watchlist::build(people).with_context(|| format!("indexing list {name:?}"))?;
    // The engine counts positions in what it was given; the officer needs rows of the source.
    for issue in &unindexed {
        let row = usize::try_from(issue.row)
            .ok()
            .and_then(|i| rows.get(i.wrapping_sub(1)))
            .copied()
            .unwrap_or(issue.row);
        eprintln!(
            "list {name} ({}), row {row}: {} (not screened)",
            info.source_file, issue.reason
        );
    }
    Ok(watchlist)
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

/// A watchlist file as read: its people, every row problem, and entities of other schemas.
pub struct WatchlistFile {
    pub outcome: ReadOutcome,
    /// FollowTheMoney entities that are not persons, by schema.
    pub skipped_schemas: BTreeMap<String, u64>,
}

/// The format of a watchlist file, by its extension: `ftm` for FollowTheMoney JSON lines,
/// otherwise `csv`.
pub fn watchlist_format(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if matches!(ext.as_str(), "jsonl" | "ndjson" | "json") {
        "ftm"
    } else {
        "csv"
    }
}

/// Reads a watchlist file, by its extension: FollowTheMoney JSON lines or CSV.
pub fn read_watchlist_file(path: &Path) -> Result<WatchlistFile> {
    let file = File::open(path).with_context(|| format!("opening watchlist {}", path.display()))?;
    if watchlist_format(path) == "ftm" {
        let ftm = read_ftm(BufReader::new(file))
            .with_context(|| format!("reading watchlist {}", path.display()))?;
        Ok(WatchlistFile {
            outcome: ftm.outcome,
            skipped_schemas: ftm.skipped_schemas,
        })
    } else {
        let outcome = read_csv(BufReader::new(file))
            .with_context(|| format!("reading watchlist {}", path.display()))?;
        Ok(WatchlistFile {
            outcome,
            skipped_schemas: BTreeMap::new(),
        })
    }
}

fn read_watchlist(path: &Path) -> Result<ReadOutcome> {
    let read = read_watchlist_file(path)?;
    for (schema, count) in &read.skipped_schemas {
        let schema = if schema.is_empty() { "(none)" } else { schema };
        eprintln!(
            "{}: {count} entities of schema {schema} skipped (only Person entities are screened)",
            path.display()
        );
    }
    report_issues(path, &read.outcome.issues);
    Ok(read.outcome)
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
