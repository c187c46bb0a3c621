//! `rastro org`: member organisations. Creating one is its own command, so that a typo in
//! `--org` is an error, never a new organisation holding victims' records.

use anyhow::Result;
use clap::Subcommand;

use crate::config::Ctx;

#[derive(Subcommand)]
pub enum OrgCommand {
    /// Register a member organisation.
    Create {
        /// Its name, as commands will name it with --org.
        name: String,
    },
    /// List the member organisations.
    List,
}

pub fn run(command: OrgCommand, ctx: &Ctx) -> Result<()> {
    let app = ctx.open()?;
    match command {
        OrgCommand::Create { name } => {
            let org = app.create_organisation(&name)?;
            println!("organisation {:?} created", org.name);
        }
        OrgCommand::List => {
            for org in app.organisations()? {
                println!("{}", org.name);
            }
        }
    }
    Ok(())
}
