//! `rastro watchlist`: stored watchlists. `import` stores a CSV or FollowTheMoney file as a named
//! list of the organisation (replacing the list of that name: a list is a snapshot of its
//! source), reporting every row it could not use; `list` shows the lists the organisation sees;
//! `remove` deletes one of its own; `share` lets every member organisation screen against one of
//! its own (or stops that).

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use rastro_app::watchlists::ListImport;
use rastro_app::WatchlistInfo;
use serde::Serialize;

use crate::config::Ctx;
use crate::progress::Bars;

/// Row problems listed in the text summary before the rest are only counted.
const SHOWN_ISSUES: usize = 20;

#[derive(Subcommand)]
pub enum WatchlistCommand {
    /// Store a watchlist file (CSV or FollowTheMoney JSON lines) under a name, replacing the
    /// organisation's list of that name.
    Import(ImportArgs),
    /// Show the lists the organisation sees: name, owner, entries, when and from which file.
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
    /// How to print the summary.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(ClapArgs)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(ClapArgs)]
pub struct RemoveArgs {
    /// Name of the list to delete.
    #[arg(long, value_name = "NAME")]
    pub list: String,
}

#[derive(ClapArgs)]
pub struct ShareArgs {
    /// Name of the list to share.
    #[arg(long, value_name = "NAME")]
    pub list: String,
    /// Make the list private to the organisation again (revokes every grant on it).
    #[arg(long)]
    pub unshare: bool,
    /// Why the others may screen against it.
    #[arg(long, default_value = "screening against a shared watchlist")]
    pub purpose: String,
}

#[derive(Serialize)]
struct ListLine<'a> {
    name: &'a str,
    organisation: &'a str,
    own: bool,
    entries: u64,
    rejected: u64,
    imported_at: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_file: Option<&'a str>,
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
    let session = ctx.session()?;
    let summary = rastro_app::watchlists::import_list(
        &session,
        &args.file,
        &args.list,
        &Bars::new(ctx.quiet),
    )?;
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string(&summary)?),
        OutputFormat::Text => print_import(&summary, &args.file),
    }
    Ok(())
}

fn print_import(s: &ListImport, file: &Path) {
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
            r.entries,
            r.source_file.as_deref().unwrap_or("an earlier file"),
            r.imported_at
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
    let session = ctx.session()?;
    let lists = rastro_app::watchlists::lists(&session)?;
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
                let from = l
                    .source_file
                    .as_deref()
                    .map(|f| format!(" from {f}"))
                    .unwrap_or_default();
                let whose = if l.own {
                    format!("own{}", if l.shared { ", shared" } else { "" })
                } else {
                    format!(
                        "of {}, shared (--list-owner {:?})",
                        l.organisation, l.organisation
                    )
                };
                println!(
                    "{}\t{} entries\timported {}{from} ({whose})",
                    l.name, l.entries, l.imported_at
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
        own: l.own,
        entries: l.entries,
        rejected: l.rejected,
        imported_at: &l.imported_at,
        source_file: l.source_file.as_deref(),
        format: &l.format,
        shared: l.shared,
    }
}

fn remove(args: RemoveArgs, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    let info = rastro_app::watchlists::remove_list(&session, &args.list)?;
    println!(
        "removed list {:?} ({} entries from {})",
        info.name,
        info.entries,
        info.source_file.as_deref().unwrap_or("its file")
    );
    Ok(())
}

fn share(args: ShareArgs, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    if args.unshare {
        rastro_app::grants::unshare_list(&session, &args.list)?;
    } else {
        rastro_app::grants::share_list(&session, &args.list, &args.purpose)?;
    }
    let name = args.list.trim();
    if args.unshare {
        println!(
            "list {name:?} is private to {:?} again",
            session.organisation().name
        );
    } else {
        println!(
            "list {name:?} of {:?} is shared with every member organisation",
            session.organisation().name
        );
    }
    Ok(())
}
