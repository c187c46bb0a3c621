//! `rastro admin`: the embedded store's own administrator — whoever can open its owner-only
//! data directory — registers organisations and their users. It reads no record.

use anyhow::{Context, Result};
use clap::Subcommand;
use rastro_app::DEFAULT_TOKEN_DAYS;

use super::roles;
use crate::config::Ctx;
use crate::password;

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Register a member organisation.
    CreateOrg {
        /// Its name.
        name: String,
        /// What it is: ngo, shelter, police, prosecutor, ministry, statistics_office, financial
        /// (an FIU or a bank) or hub.
        #[arg(long)]
        kind: String,
        /// Its country (ISO code or name), where its records come from by default.
        #[arg(long)]
        country: Option<String>,
    },
    /// Create a user of an organisation, with a role, and print a first API token.
    CreateUser {
        /// The user's name (unique across the store).
        name: String,
        /// Its organisation.
        #[arg(long)]
        org: String,
        /// org_admin, caseworker, analyst, auditor, hub_analyst or platform_admin.
        #[arg(long)]
        role: String,
        /// Also set a password (for `rastro login`), read from standard input.
        #[arg(long, conflicts_with = "password")]
        password_stdin: bool,
        /// Also set a password, asked on the terminal.
        #[arg(long)]
        password: bool,
        /// Create the user without a token.
        #[arg(long)]
        no_token: bool,
        /// Days the first token is valid.
        #[arg(long, default_value_t = DEFAULT_TOKEN_DAYS)]
        days: u64,
    },
    /// Issue an API token to a user (printed once).
    IssueToken {
        user: String,
        /// A narrower role than the user's, for a token that may do less.
        #[arg(long)]
        role: Option<String>,
        #[arg(long, default_value_t = DEFAULT_TOKEN_DAYS)]
        days: u64,
        /// What the token is for (shown in `rastro token list`).
        #[arg(long, default_value = "")]
        label: String,
    },
    /// Set a user's password (read from standard input, or asked on the terminal); also lifts a
    /// lockout.
    SetPassword {
        user: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Replace every organisation's data key and re-seal its cases under the new one (run it
    /// again to complete an interrupted rotation).
    RotateKeys,
    /// Move the store to a new key file: every key is re-wrapped under it. Without
    /// --new-key-file the new key takes the current file's place and the old one is kept
    /// beside it with a `.retired` suffix, to be destroyed once backups no longer need it.
    RotateMaster {
        #[arg(long, value_name = "FILE")]
        new_key_file: Option<std::path::PathBuf>,
    },
    /// List every organisation.
    Orgs,
    /// List every user.
    Users,
}

pub fn run(command: AdminCommand, ctx: &Ctx) -> Result<()> {
    let app = ctx.open()?;
    let admin = app.admin()?;
    match command {
        AdminCommand::CreateOrg {
            name,
            kind,
            country,
        } => {
            let org =
                admin.create_organisation(&name, roles::org_kind(&kind)?, country.as_deref())?;
            println!(
                "organisation {:?} created ({}{})",
                org.name,
                org.kind.as_str(),
                org.country
                    .as_deref()
                    .map(|c| format!(", {c}"))
                    .unwrap_or_default()
            );
        }
        AdminCommand::CreateUser {
            name,
            org,
            role,
            password_stdin,
            password,
            no_token,
            days,
        } => {
            let role = roles::role(&role)?;
            let secret = if password_stdin || password {
                Some(password::read_new(password_stdin)?)
            } else {
                None
            };
            let user = admin.create_user(&org, &name, role, secret.as_deref())?;
            eprintln!(
                "user {:?} of {:?} created as {}",
                user.name,
                user.organisation,
                user.role.as_str()
            );
            if !no_token {
                let issued = admin.issue_token(&user.name, None, days, "first token")?;
                roles::print_issued(&issued.secret, &issued.info);
            }
        }
        AdminCommand::IssueToken {
            user,
            role,
            days,
            label,
        } => {
            let role = role.as_deref().map(roles::role).transpose()?;
            let issued = admin.issue_token(&user, role, days, &label)?;
            roles::print_issued(&issued.secret, &issued.info);
        }
        AdminCommand::SetPassword {
            user,
            password_stdin,
        } => {
            let secret = password::read_new(password_stdin)?;
            let user = admin.set_password(&user, &secret)?;
            println!("password of {:?} set", user.name);
        }
        AdminCommand::RotateKeys => {
            let done = admin.rotate_data_keys()?;
            println!(
                "new data keys for {} organisations; {} cases re-sealed; the old keys are destroyed",
                done.organisations, done.cases
            );
        }
        AdminCommand::RotateMaster { new_key_file } => {
            let current = ctx
                .key_file
                .clone()
                .unwrap_or_else(|| ctx.store_url.default_key_file());
            let target = new_key_file.clone().unwrap_or_else(|| {
                let mut name = current.as_os_str().to_os_string();
                name.push(".new");
                std::path::PathBuf::from(name)
            });
            let done = admin.rotate_master(&target)?;
            println!("{} keys re-wrapped under {}", done.keys, target.display());
            if new_key_file.is_none() {
                let mut retired = current.as_os_str().to_os_string();
                retired.push(".retired");
                std::fs::rename(&current, &retired)
                    .and_then(|()| std::fs::rename(&target, &current))
                    .with_context(|| {
                        format!(
                            "the store now opens only with {}; move it to {} by hand",
                            target.display(),
                            current.display()
                        )
                    })?;
                println!(
                    "{} is the new key file; the old one is {} (destroy it once no backup needs it)",
                    current.display(),
                    std::path::Path::new(&retired).display()
                );
            } else {
                println!(
                    "the store now opens only with it: pass --key-file {} (or RASTRO_KEY_FILE)",
                    target.display()
                );
            }
        }
        AdminCommand::Orgs => print_orgs(&app.organisations()?),
        AdminCommand::Users => roles::print_users(&admin.users()?),
    }
    Ok(())
}

pub fn print_orgs(orgs: &[rastro_app::Organisation]) {
    if orgs.is_empty() {
        println!("no organisations (create one with `rastro admin create-org`)");
    }
    for org in orgs {
        println!(
            "{}\t{}\t{}",
            org.name,
            org.kind.as_str(),
            org.country.as_deref().unwrap_or("-")
        );
    }
}
