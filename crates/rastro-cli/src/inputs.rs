//! Articles named on the command line: files and directories, and "-" (or nothing) for standard
//! input, which only a shell may read.

use std::path::PathBuf;

use anyhow::Result;
use rastro_app::articles::{self, Articles, Input};
use rastro_app::Progress;

/// The articles of the command line's paths; "-" (or no path) reads standard input.
pub fn read_inputs(
    paths: &[PathBuf],
    except: &[PathBuf],
    progress: &dyn Progress,
) -> Result<Articles> {
    let stdin = paths.is_empty() || paths.iter().any(|p| p.as_os_str() == "-");
    let files: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let piped = if stdin {
        Some(articles::read_all(
            std::io::stdin().lock(),
            "standard input",
        )?)
    } else {
        None
    };
    let mut inputs = Vec::new();
    if let Some(bytes) = &piped {
        inputs.push(Input::Bytes {
            name: "stdin",
            bytes,
        });
    }
    inputs.push(Input::Paths(&files));
    Ok(articles::read(&inputs, except, progress))
}
