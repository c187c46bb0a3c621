//! `rastro token`: API tokens of the signed-in user (of every user of the organisation, for its
//! administrator). A token is shown once, stored hashed, expires, and can be revoked.

use anyhow::Result;
use clap::Subcommand;
use rastro_app::DEFAULT_TOKEN_DAYS;

use super::roles;
use crate::config::Ctx;

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Issue a token for yourself (printed once).
    Create {
        /// A narrower role for the token than your own.
        #[arg(long)]
        role: Option<String>,
        #[arg(long, default_value_t = DEFAULT_TOKEN_DAYS)]
        days: u64,
        /// What it is for, e.g. the script or service that uses it.
        #[arg(long, default_value = "")]
        label: String,
    },
    /// List your tokens (your organisation's, for its administrator): id, user, role, expiry.
    List,
    /// Revoke a token by its id.
    Revoke { id: String },
}

pub fn run(command: TokenCommand, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    match command {
        TokenCommand::Create { role, days, label } => {
            let role = role.as_deref().map(roles::role).transpose()?;
            let issued = rastro_app::members::issue_token(&session, role, days, &label)?;
            roles::print_issued(&issued.secret, &issued.info);
        }
        TokenCommand::List => roles::print_tokens(&rastro_app::members::tokens(&session)?),
        TokenCommand::Revoke { id } => {
            let info = rastro_app::members::revoke_token(&session, &id)?;
            roles::print_tokens(std::slice::from_ref(&info));
        }
    }
    Ok(())
}
