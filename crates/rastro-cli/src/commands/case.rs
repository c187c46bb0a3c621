//! `rastro case`: the organisation's own cases by who they are about. The values are matched
//! through keyed indexes, never stored in the clear; only roles that read their own cases in
//! full may ask.

use anyhow::Result;
use clap::{ArgGroup, Subcommand};
use rastro_app::Lookup;

use crate::config::Ctx;

#[derive(Subcommand)]
pub enum CaseCommand {
    /// The ids of your organisation's cases about a person, by identity number or full name.
    #[command(group(ArgGroup::new("by").required(true).args(["identity_number", "name"])))]
    Find {
        /// The identity document's number (spaces, dots and dashes ignored).
        #[arg(long)]
        identity_number: Option<String>,
        /// Every given name and surname, in any order (case and accents ignored).
        #[arg(long)]
        name: Option<String>,
    },
}

pub fn run(command: CaseCommand, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    match command {
        CaseCommand::Find {
            identity_number,
            name,
        } => {
            let (lookup, value) = match identity_number {
                Some(number) => (Lookup::IdentityNumber, number),
                None => (Lookup::Name, name.unwrap_or_default()),
            };
            let ids = rastro_app::cases::find_own(&session, lookup, &value)?;
            if ids.is_empty() {
                eprintln!("no case of {:?} matches", session.organisation().name);
            }
            for id in ids {
                println!("{id}");
            }
        }
    }
    Ok(())
}
