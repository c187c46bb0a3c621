//! What the end-to-end tests share: running the real `rastro` binary in a test's own directory,
//! with its own data directory and none of the caller's configuration.

use std::path::Path;
use std::process::{Command, Output};

pub fn rastro(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rastro"))
        .args(args)
        .current_dir(dir)
        .env("RASTRO_DATA", dir.join("data"))
        .env_remove("RUST_LOG")
        .env_remove("RASTRO_CONFIG")
        .output()
        .expect("run rastro")
}

/// Registers a member organisation, as a user does once before acting as it.
#[allow(dead_code)]
pub fn member(dir: &Path, name: &str) {
    let out = rastro(&["org", "create", name], dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Registers a member organisation unless it exists already.
#[allow(dead_code)]
pub fn ensure_member(dir: &Path, name: &str) {
    let listed = rastro(&["org", "list"], dir);
    if !String::from_utf8_lossy(&listed.stdout)
        .lines()
        .any(|l| l == name)
    {
        member(dir, name);
    }
}
