//! `rastro watchlist`: stored watchlists. `import` reads a CSV or FollowTheMoney file with the
//! screening engine's readers, reports every row it could not use, and stores the rest as a named
//! list of the organisation (replacing the list of that name: a list is a snapshot of its
//! source); `list` shows the lists the organisation sees; `remove` deletes one of its own;
//! `share` lets every member organisation screen against one of its own (or stops that).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use rastro_screen::{read_csv_each, read_ftm_each, RowIssue};
use rastro_store::{ListCounts, NewWatchlist, StoreError, WatchlistInfo};
use serde::Serialize;

use super::screen::watchlist_format;
use super::stored_watchlist::to_entry;
use crate::Ctx;

/// Row problems listed in the text summary before the rest are only counted.
const SHOWN_ISSUES: usize = 20;

#[derive(Subcommand)]
pub enum WatchlistCommand {
    /// Store a watchlist file (CSV or FollowTheMoney JSON lines) under a name, replacing the
    /// organisation's list of that name.
    Import(ImportArgs),
    /// Show the lists the organisation sees: name, entries, when and from which file.
    List(ListArgs),
    /// Delete one of the organisation's lists.
    Remove(RemoveArgs),
    /// Let every member organisation see and screen against one of the organisation's lists
    /// (lists are private to their organisation until shared).
    Share(ShareArgs),
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(ClapArgs)]
pub struct ImportArgs {
    /// Watchlist file: CSV (id, full_name or first/middle/last_name, aliases, date_of_birth,
    /// gender, nationality, document_number, topics) or FollowTheMoney JSON lines (.jsonl,
    /// .ndjson, .json).
    pub file: PathBuf,
    /// Name to store the list under.
    #[arg(long, value_name = "NAME")]
    pub list: String,
    /// Organisation that owns the list.
    #[arg(long)]
    pub org: Option<String>,
    /// How to print the summary.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(ClapArgs)]
pub struct ListArgs {
    #[arg(long)]
    pub org: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(ClapArgs)]
pub struct RemoveArgs {
    /// Name of the list to delete.
    #[arg(long, value_name = "NAME")]
    pub list: String,
    #[arg(long)]
    pub org: Option<String>,
}

#[derive(ClapArgs)]
pub struct ShareArgs {
    /// Name of the list to share.
    #[arg(long, value_name = "NAME")]
    pub list: String,
    #[arg(long)]
    pub org: Option<String>,
    /// Make the list private to the organisation again.
    #[arg(long)]
    pub unshare: bool,
}

/// One problem of one row: a rejected row, or a field ignored in a row that was stored.
#[derive(Serialize)]
struct RowError {
    row: u64,
    column: String,
    value: String,
    message: String,
    rejected: bool,
}

impl From<&RowIssue> for RowError {
    fn from(issue: &RowIssue) -> Self {
        RowError {
            row: issue.row,
            column: issue.field.clone().unwrap_or_default(),
            value: issue.value.clone(),
            message: issue.reason.clone(),
            rejected: issue.rejected,
        }
    }
}

#[derive(Serialize)]
struct Replaced {
    entries: u64,
    source_file: String,
    imported_at: String,
}

#[derive(Serialize)]
struct ImportSummary {
    list: String,
    file: String,
    format: &'static str,
    rows: u64,
    imported: u64,
    rejected: u64,
    /// Entities of other schemas than Person (FollowTheMoney), by schema: not screened.
    skipped: BTreeMap<String, u64>,
    /// The snapshot this import replaced.
    replaced: Option<Replaced>,
    errors: Vec<RowError>,
}

#[derive(Serialize)]
struct ListLine<'a> {
    name: &'a str,
    organisation: &'a str,
    entries: u64,
    rejected: u64,
    imported_at: &'a str,
    source_file: &'a str,
    format: &'a str,
    shared: bool,
}

pub fn run(command: WatchlistCommand, ctx: &Ctx) -> Result<()> {
    match command {
        WatchlistCommand::Import(args) => import(args, ctx),
        WatchlistCommand::List(args) => list(args, ctx),
        WatchlistCommand::Remove(args) => remove(args, ctx),
        WatchlistCommand::Share(args) => share(args, ctx),
    }
}

fn import(args: ImportArgs, ctx: &Ctx) -> Result<()> {
    let name = args.list.trim();
    anyhow::ensure!(!name.is_empty(), "--list needs a name");
    let org_name = ctx.organisation(args.org.clone())?;
    let format = watchlist_format(&args.file);
    let file = File::open(&args.file)
        .with_context(|| format!("opening watchlist {}", args.file.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let source_file = args.file.display().to_string();
    let mut store = ctx.open_store()?;
    let org = store.ensure_organisation(&org_name)?;
    let bar = crate::progress::bytes(size, ctx.quiet, "storing");
    let mut source = Some(BufReader::new(bar.wrap_read(file)));
    let mut issues: Vec<RowIssue> = Vec::new();
    let mut skipped = BTreeMap::new();
    let mut rows = 0;
    // Entries are stored as they are read, inside the transaction that replaces the list, so a
    // list of millions is never held in memory and a failure leaves the old snapshot in place.
    let stored = store
        .scope(org)
        .replace_watchlist(
            &NewWatchlist {
                name,
                source_file: &source_file,
                format,
            },
            &mut |sink| {
                let reader = source
                    .take()
                    .ok_or_else(|| StoreError::Source("the watchlist was read already".into()))?;
                let unreadable = |e: rastro_screen::ReadError| {
                    StoreError::Source(format!("reading watchlist {source_file}: {e}"))
                };
                let mut failure = None;
                let summary = {
                    let mut visit = |person, row| match sink(to_entry(person, row)) {
                        Ok(()) => true,
                        Err(e) => {
                            failure = Some(e);
                            false
                        }
                    };
                    if format == "ftm" {
                        let read = read_ftm_each(reader, &mut visit).map_err(unreadable)?;
                        skipped = read.skipped_schemas;
                        read.summary
                    } else {
                        read_csv_each(reader, &mut visit).map_err(unreadable)?
                    }
                };
                if let Some(e) = failure {
                    return Err(e);
                }
                rows = summary.rows;
                let counts = ListCounts {
                    rows: summary.rows,
                    rejected: summary.rejected() as u64,
                };
                issues = summary.issues;
                Ok(counts)
            },
        )
        .with_context(|| format!("storing watchlist {name:?}"))?;
    bar.finish_and_clear();
    let rejected = issues.iter().filter(|i| i.rejected).count() as u64;
    let summary = ImportSummary {
        list: name.to_string(),
        file: source_file,
        format,
        rows,
        imported: stored.list.entries,
        rejected,
        skipped,
        replaced: stored.replaced.map(|r| Replaced {
            entries: r.entries,
            source_file: r.source_file,
            imported_at: r.imported_at,
        }),
        errors: issues.iter().map(RowError::from).collect(),
    };
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string(&summary)?),
        OutputFormat::Text => print_import(&summary, &args.file),
    }
    Ok(())
}

fn print_import(s: &ImportSummary, file: &Path) {
    println!(
        "{}: {} rows read, {} entries stored in list {:?}, {} rows rejected",
        file.display(),
        s.rows,
        s.imported,
        s.list,
        s.rejected
    );
    if let Some(r) = &s.replaced {
        println!(
            "replaced the list's previous {} entries (from {}, imported {})",
            r.entries, r.source_file, r.imported_at
        );
    }
    for (schema, count) in &s.skipped {
        let schema = if schema.is_empty() { "(none)" } else { schema };
        println!("{count} entities of schema {schema} skipped (only Person entities are screened)");
    }
    for e in s.errors.iter().take(SHOWN_ISSUES) {
        let column = if e.column.is_empty() { "-" } else { &e.column };
        let effect = if e.rejected {
            "row rejected"
        } else {
            "field ignored"
        };
        println!(
            "  row {}, {column}: {} [{}] ({effect})",
            e.row, e.message, e.value
        );
    }
    if s.errors.len() > SHOWN_ISSUES {
        println!("  … and {} more problems", s.errors.len() - SHOWN_ISSUES);
    }
}

fn list(args: ListArgs, ctx: &Ctx) -> Result<()> {
    let (mut store, org) = ctx.open_store_as_existing(args.org)?;
    let lists = store.scope(org).watchlists()?;
    match args.format {
        OutputFormat::Json => {
            let lines: Vec<ListLine<'_>> = lists.iter().map(list_line).collect();
            println!("{}", serde_json::to_string(&lines)?);
        }
        OutputFormat::Text => {
            if lists.is_empty() {
                println!("no watchlists");
            }
            for l in &lists {
                let shared = if l.sharing == rastro_store::Sharing::Shared {
                    ", shared"
                } else {
                    ""
                };
                println!(
                    "{}\t{} entries\timported {} from {} ({}{shared})",
                    l.name, l.entries, l.imported_at, l.source_file, l.organisation
                );
            }
        }
    }
    Ok(())
}

fn list_line(l: &WatchlistInfo) -> ListLine<'_> {
    ListLine {
        name: &l.name,
        organisation: &l.organisation,
        entries: l.entries,
        rejected: l.rejected,
        imported_at: &l.imported_at,
        source_file: &l.source_file,
        format: &l.format,
        shared: l.sharing == rastro_store::Sharing::Shared,
    }
}

fn remove(args: RemoveArgs, ctx: &Ctx) -> Result<()> {
    let (mut store, org) = ctx.open_store_as_existing(args.org)?;
    let org_name = org.name.clone();
    match store.scope(org).remove_watchlist(args.list.trim()) {
        Ok(info) => {
            println!(
                "removed list {:?} ({} entries from {})",
                info.name, info.entries, info.source_file
            );
            Ok(())
        }
        Err(StoreError::NotFound) => anyhow::bail!(
            "organisation {org_name:?} has no watchlist named {:?} (see `rastro watchlist list`)",
            args.list
        ),
        Err(e) => Err(e.into()),
    }
}

fn share(args: ShareArgs, ctx: &Ctx) -> Result<()> {
    let (mut store, org) = ctx.open_store_as_existing(args.org)?;
    let org_name = org.name.clone();
    let name = args.list.trim();
    let sharing = if args.unshare {
        rastro_store::Sharing::Private
    } else {
        rastro_store::Sharing::Shared
    };
    match store.scope(org).set_watchlist_sharing(name, sharing) {
        Ok(()) => {
            if args.unshare {
                println!("list {name:?} is private to {org_name:?} again");
            } else {
                println!("list {name:?} of {org_name:?} is shared with every member organisation");
            }
            Ok(())
        }
        Err(StoreError::NotFound) => anyhow::bail!(
            "organisation {org_name:?} has no watchlist named {name:?} of its own (see `rastro watchlist list`)"
        ),
        Err(e) => Err(e.into()),
    }
}
