//! `rastro user`: an organisation's administrator manages its users (a platform administrator
//! sees every organisation's).

use anyhow::Result;
use clap::Subcommand;

use super::roles;
use crate::config::Ctx;
use crate::password;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create a user of your organisation.
    Create {
        name: String,
        #[arg(long)]
        role: String,
        /// Set a password, read from standard input (else asked on the terminal; with
        /// --no-password the user acts through tokens only).
        #[arg(long)]
        password_stdin: bool,
        #[arg(long, conflicts_with = "password_stdin")]
        no_password: bool,
    },
    /// List the users of your organisation.
    List,
    /// Change a user's role (its tokens of the old role stop working).
    SetRole { name: String, role: String },
    /// Stop a user from signing in or using its tokens.
    Disable { name: String },
    /// Let a disabled user sign in again.
    Enable { name: String },
}

pub fn run(command: UserCommand, ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    let changed = match command {
        UserCommand::Create {
            name,
            role,
            password_stdin,
            no_password,
        } => {
            let role = roles::role(&role)?;
            let secret = if no_password {
                None
            } else {
                Some(password::read_new(password_stdin)?)
            };
            rastro_app::members::create_user(&session, &name, role, secret.as_deref())?
        }
        UserCommand::List => {
            roles::print_users(&rastro_app::members::users(&session)?);
            return Ok(());
        }
        UserCommand::SetRole { name, role } => {
            let role = roles::role(&role)?;
            rastro_app::members::update_user(&session, &name, Some(role), None)?
        }
        UserCommand::Disable { name } => {
            rastro_app::members::update_user(&session, &name, None, Some(true))?
        }
        UserCommand::Enable { name } => {
            rastro_app::members::update_user(&session, &name, None, Some(false))?
        }
    };
    roles::print_users(std::slice::from_ref(&changed));
    Ok(())
}
