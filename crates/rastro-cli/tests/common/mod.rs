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
