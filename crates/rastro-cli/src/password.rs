//! Reading a password: from standard input when asked (`--password-stdin`, for scripts), else a
//! prompt on the terminal that does not echo. Never from a flag, where it would stay in the
//! shell's history and the process list.

use std::io::{BufRead, IsTerminal};

use anyhow::{bail, Context, Result};

pub fn read(from_stdin: bool, prompt: &str) -> Result<String> {
    let password = if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        line.trim_end_matches(['\n', '\r']).to_string()
    } else if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt).context("reading the password")?
    } else {
        bail!("no terminal to ask the password on: pipe it with --password-stdin");
    };
    if password.is_empty() {
        bail!("the password is empty");
    }
    Ok(password)
}

/// A new password, asked twice on a terminal so that a slip of the keyboard is not locked in.
pub fn read_new(from_stdin: bool) -> Result<String> {
    let first = read(from_stdin, "New password: ")?;
    if !from_stdin {
        let again = read(false, "Again: ")?;
        if again != first {
            bail!("the two passwords differ; nothing was changed");
        }
    }
    Ok(first)
}
