//! `rastro login`, `logout` and `whoami`: signing in keeps an API token for this store in the
//! user's own credentials file; every other command then acts as that user.

use anyhow::{bail, Context, Result};
use clap::Args as ClapArgs;

use crate::config::Ctx;
use crate::{credentials, password};

#[derive(ClapArgs)]
pub struct LoginArgs {
    /// Sign in with this user's password (asked on the terminal, or --password-stdin).
    #[arg(long, required_unless_present = "token_stdin")]
    pub user: Option<String>,
    #[arg(long)]
    pub password_stdin: bool,
    /// Keep a token given by an administrator instead (read from standard input).
    #[arg(long, conflicts_with_all = ["user", "password_stdin"])]
    pub token_stdin: bool,
    /// Days the sign-in lasts.
    #[arg(long, default_value_t = 7)]
    pub days: u64,
}

pub fn login(args: LoginArgs, ctx: &Ctx) -> Result<()> {
    let app = ctx.open()?;
    let token = match &args.user {
        Some(user) => {
            let secret = password::read(args.password_stdin, &format!("Password for {user}: "))?;
            let session = app
                .sign_in(user, &secret)
                .with_context(|| format!("signing in as {user:?}"))?;
            let label = format!("rastro login on {}", hostname());
            rastro_app::members::issue_token(&session, None, args.days, &label)?.secret
        }
        None => {
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .context("reading the token from standard input")?;
            line.trim().to_string()
        }
    };
    let session = app
        .with_token(&token)
        .context("the token was not accepted")?;
    let file = credentials::path()?;
    if let Some(old) = credentials::save(&file, &ctx.store_key(), Some(&token))? {
        // The replaced sign-in is of no further use; revoke it rather than leave it valid.
        if let Ok(previous) = app.with_token(&old) {
            if let Some(id) = rastro_app::members::token_id(&old) {
                let _ = rastro_app::members::revoke_token(&previous, &id);
            }
        }
    }
    println!(
        "signed in to {} as {} ({}, {})",
        ctx.store_url,
        session.actor().user_name(),
        session.organisation().name,
        session.actor().role().as_str()
    );
    Ok(())
}

pub fn logout(ctx: &Ctx) -> Result<()> {
    let file = credentials::path()?;
    let Some(token) = credentials::save(&file, &ctx.store_key(), None)? else {
        bail!("not signed in to {}", ctx.store_url);
    };
    let app = ctx.open()?;
    if let (Ok(session), Some(id)) = (
        app.with_token(&token),
        rastro_app::members::token_id(&token),
    ) {
        rastro_app::members::revoke_token(&session, &id)?;
    }
    println!("signed out of {}", ctx.store_url);
    Ok(())
}

pub fn whoami(ctx: &Ctx) -> Result<()> {
    let session = ctx.session()?;
    let org = session.organisation();
    println!(
        "{} of {} ({}{}) as {}",
        session.actor().user_name(),
        org.name,
        org.kind.as_str(),
        org.country
            .as_deref()
            .map(|c| format!(", {c}"))
            .unwrap_or_default(),
        session.actor().role().as_str()
    );
    Ok(())
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "this machine".to_string())
}
