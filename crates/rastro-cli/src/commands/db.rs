//! `rastro db`: the store's schema. Commands bring an embedded store up to date by themselves;
//! these show and apply migrations explicitly (as a shared database's operator does).

use anyhow::Result;
use clap::Subcommand;
use rastro_app::App;

use crate::config::Ctx;

#[derive(Subcommand)]
pub enum DbCommand {
    /// Apply pending migrations (creating the store when it does not exist).
    Migrate,
    /// Show every migration, its checksum and when it was applied.
    Status,
}

pub fn run(command: DbCommand, ctx: &Ctx) -> Result<()> {
    match command {
        DbCommand::Migrate => {
            let applied = App::migrate(&ctx.store_url)?;
            if applied.is_empty() {
                println!("{}: up to date", ctx.store_url);
            }
            for m in applied {
                println!("applied {:04} {}", m.version, m.name);
            }
        }
        DbCommand::Status => {
            for m in App::migrations(&ctx.store_url)? {
                println!(
                    "{:04} {:<12} {}  {}",
                    m.version,
                    m.name,
                    &m.checksum[..16.min(m.checksum.len())],
                    m.applied_at.as_deref().unwrap_or("pending")
                );
            }
        }
    }
    Ok(())
}
