//! `rastro backup` and `rastro restore`: a consistent copy of the store taken while it serves,
//! and that copy brought back into an empty data directory, checked before it is used; and
//! `rastro migrate`: the whole store moved into another database (SQLite ↔ PostgreSQL).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use rastro_app::App;

use crate::config::Ctx;

#[derive(Args)]
pub struct BackupArgs {
    /// Where to write the copy (a new file; it is never written over another).
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct MigrateArgs {
    /// The database to move the store into (`postgres://…` or `sqlite:PATH`); it is migrated
    /// and must hold no data yet. The store moved is the one --database/--data names, and the
    /// key file stays the same: give it to every node of the new store.
    #[arg(long, value_name = "URL")]
    pub to: String,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// A file written by `rastro backup`.
    pub backup: PathBuf,
}

pub fn backup(args: BackupArgs, ctx: &Ctx) -> Result<()> {
    let app = ctx.open()?;
    let admin = app.admin()?;
    let spinner = spinner(ctx, "copying the store");
    let bytes = admin
        .backup(&args.out)
        .with_context(|| format!("backing up to {}", args.out.display()))?;
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    println!(
        "{}: {:.1} MB, a consistent copy of {}",
        args.out.display(),
        bytes as f64 / 1e6,
        ctx.store_url
    );
    println!(
        "the key file is not in it: keep a copy of the key file apart from the backup; a restore needs both"
    );
    Ok(())
}

pub fn restore(args: RestoreArgs, ctx: &Ctx) -> Result<()> {
    let key_file = ctx
        .key_file
        .clone()
        .unwrap_or_else(|| ctx.store_url.default_key_file());
    let spinner = spinner(ctx, "restoring and verifying");
    let (_app, report) = App::restore(&args.backup, &ctx.store_url, &key_file)
        .with_context(|| format!("restoring {}", args.backup.display()))?;
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    println!(
        "restored {} as {}: {} audit events in {} chains verified",
        args.backup.display(),
        ctx.store_url,
        report.events,
        report.chains
    );
    Ok(())
}

/// A spinner while a step with no measurable progress runs, on a terminal only.
fn spinner(ctx: &Ctx, label: &str) -> Option<indicatif::ProgressBar> {
    if ctx.quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_message(label.to_string());
    spinner.enable_steady_tick(Duration::from_millis(120));
    Some(spinner)
}

pub fn migrate(args: MigrateArgs, ctx: &Ctx) -> Result<()> {
    let to = rastro_app::StoreUrl::parse(&args.to).context("--to")?;
    let key_file = ctx
        .key_file
        .clone()
        .unwrap_or_else(|| ctx.store_url.default_key_file());
    let spinner = spinner(ctx, "copying every table and verifying the trail");
    let report = App::copy_store(&ctx.store_url, &to, &key_file)
        .with_context(|| format!("moving {} to {to}", ctx.store_url))?;
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    let rows: u64 = report.tables.iter().map(|(_, n)| n).sum();
    println!(
        "moved {} into {to}: {rows} rows in {} tables; {} audit events in {} chains verified",
        ctx.store_url,
        report.tables.len(),
        report.audit.events,
        report.audit.chains
    );
    for (table, n) in report.tables.iter().filter(|(_, n)| *n > 0) {
        println!("  {table:<22} {n:>10}");
    }
    println!(
        "the source is unchanged; point the nodes at the new store with --database (or RASTRO_DATABASE_URL) and the same key file {}",
        key_file.display()
    );
    Ok(())
}
