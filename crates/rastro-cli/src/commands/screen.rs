//! `rastro screen`: checks people (a CSV of queries) against a watchlist file (CSV or
//! FollowTheMoney JSON lines) or a stored list, and writes one JSON line per query with its
//! matches, best first. Whose list was used is always said.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use rastro_app::screening::{self, ScreeningList};
use rastro_screen::{Match, RowIssue, DEFAULT_THRESHOLD};
use serde::Serialize;

use crate::config::Ctx;
use crate::output::AtomicOutput;
use crate::progress::Bars;

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
    /// A stored watchlist (`rastro watchlist import`) instead of a file: the organisation's own.
    #[arg(long, value_name = "NAME")]
    pub list: Option<String>,
    /// With --list: the organisation whose shared list to use, when it is not the acting one's.
    #[arg(long, value_name = "ORG", requires = "list")]
    pub list_owner: Option<String>,
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

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    if !(0.0..=1.0).contains(&args.threshold) {
        bail!(
            "--threshold must be between 0 and 1, not {}",
            args.threshold
        );
    }
    let Format::Jsonl = args.format;
    let list: ScreeningList = match (&args.watchlist, &args.list) {
        (Some(path), _) => screening::list_from_file(path)?,
        (None, Some(name)) => {
            let session = ctx.session()?;
            screening::list_from_store(&session, name, args.list_owner.as_deref())?
        }
        (None, None) => bail!("pass --watchlist FILE or --list NAME"),
    };
    for (schema, count) in &list.skipped_schemas {
        let schema = if schema.is_empty() { "(none)" } else { schema };
        eprintln!(
            "{}: {count} entities of schema {schema} skipped (only Person entities are screened)",
            list.described
        );
    }
    report_issues(&list.described, &list.issues);
    eprintln!(
        "screening against {}: {} people, {} names indexed",
        list.described,
        list.watchlist.len(),
        list.watchlist.name_count()
    );
    let (queries, issues) = screening::read_queries(&args.input)?;
    report_issues(&args.input.display().to_string(), &issues);
    let results = screening::screen(
        &list.watchlist,
        &queries,
        args.threshold,
        args.limit,
        &Bars::new(ctx.quiet),
    )?;
    let target = AtomicOutput::create(args.output.as_deref())?;
    let mut out = target.buffered()?;
    for (q, result) in queries.iter().zip(&results) {
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
        issues.iter().filter(|i| i.rejected).count()
    );
    Ok(())
}

/// Row problems go to standard error: the first ones in full, then a count.
pub fn report_issues(source: &str, issues: &[RowIssue]) {
    for issue in issues.iter().take(SHOWN_ISSUES) {
        eprintln!("{source}: {issue}");
    }
    if issues.len() > SHOWN_ISSUES {
        let rejected = issues.iter().filter(|i| i.rejected).count();
        eprintln!(
            "{source}: {} more row problems ({rejected} rows rejected in all)",
            issues.len() - SHOWN_ISSUES
        );
    }
}
