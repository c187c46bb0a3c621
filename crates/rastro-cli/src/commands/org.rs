//! `rastro org`: the member organisations, as a signed-in member sees them (names, kinds and
//! countries are not secret among members; their records are).

use anyhow::Result;
use clap::Subcommand;

use crate::config::Ctx;

#[derive(Subcommand)]
pub enum OrgCommand {
    /// List the member organisations: name, kind, country.
    List,
}

pub fn run(command: OrgCommand, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    match command {
        OrgCommand::List => {
            super::admin::print_orgs(&rastro_app::members::organisations(&session)?)
        }
    }
    Ok(())
}
