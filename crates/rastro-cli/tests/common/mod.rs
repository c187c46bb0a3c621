//! What the end-to-end tests share: running the real `rastro` binary in a test's own directory,
//! with its own data directory, its own credentials file and none of the caller's configuration,
//! as nobody (the data directory's administrator) or as a member organisation's user.

use std::path::Path;
use std::process::{Command, Output};

pub fn command(args: &[&str], dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rastro"));
    command
        .args(args)
        .current_dir(dir)
        .env("RASTRO_DATA", dir.join("data"))
        .env("RASTRO_CREDENTIALS", dir.join("credentials"))
        .env_remove("RASTRO_TOKEN")
        .env_remove("RUST_LOG")
        .env_remove("RASTRO_CONFIG");
    command
}

/// Runs `rastro` signed in as nobody: the administrator's commands, and refusals.
pub fn rastro(args: &[&str], dir: &Path) -> Output {
    command(args, dir).output().expect("run rastro")
}

/// Runs `rastro` as the user with `role` of organisation `org`, registering both on first use
/// as the data directory's administrator would.
#[allow(dead_code)]
pub fn rastro_as(org: &str, role: &str, args: &[&str], dir: &Path) -> Output {
    let token = token(dir, org, role);
    command(args, dir)
        .env("RASTRO_TOKEN", token)
        .output()
        .expect("run rastro")
}

/// The token of `org`'s user with `role` (created with the organisation when missing).
#[allow(dead_code)]
pub fn token(dir: &Path, org: &str, role: &str) -> String {
    let user = format!("{}-{role}", org.to_lowercase().replace(' ', "-"));
    let kept = dir.join(".tokens").join(&user);
    if let Ok(token) = std::fs::read_to_string(&kept) {
        return token;
    }
    let orgs = rastro(&["admin", "orgs"], dir);
    if !String::from_utf8_lossy(&orgs.stdout)
        .lines()
        .any(|l| l.split('\t').next() == Some(org))
    {
        ok(rastro(&["admin", "create-org", org, "--kind", "ngo"], dir));
    }
    let out = ok(rastro(
        &["admin", "create-user", &user, "--org", org, "--role", role],
        dir,
    ));
    let token = out.trim().to_string();
    std::fs::create_dir_all(dir.join(".tokens")).unwrap();
    std::fs::write(&kept, &token).unwrap();
    token
}

/// Standard output of a command that must succeed.
#[allow(dead_code)]
pub fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
