//! Output files that are either written completely or not at all: data goes to a temporary file
//! beside the target, renamed over it only when everything was written.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

pub struct AtomicOutput {
    target: Option<PathBuf>,
    temp: Option<PathBuf>,
}

impl AtomicOutput {
    /// `None` writes to standard output.
    pub fn create(target: Option<&Path>) -> Result<AtomicOutput> {
        let temp = target.map(|t| {
            let mut name = t.file_name().map(|n| n.to_os_string()).unwrap_or_default();
            name.push(format!(".tmp-{}", std::process::id()));
            t.with_file_name(name)
        });
        Ok(AtomicOutput {
            target: target.map(Path::to_path_buf),
            temp,
        })
    }

    pub fn writer(&self) -> Result<Box<dyn Write>> {
        match &self.temp {
            Some(temp) => Ok(Box::new(
                File::create(temp).with_context(|| format!("creating {}", temp.display()))?,
            )),
            None => Ok(Box::new(std::io::stdout().lock())),
        }
    }

    /// A buffered writer, for outputs written line by line.
    pub fn buffered(&self) -> Result<Box<dyn Write>> {
        Ok(Box::new(BufWriter::with_capacity(
            256 * 1024,
            self.writer()?,
        )))
    }

    /// Moves the finished file into place.
    pub fn commit(mut self) -> Result<()> {
        if let (Some(temp), Some(target)) = (self.temp.take(), &self.target) {
            std::fs::rename(&temp, target)
                .with_context(|| format!("moving the output into {}", target.display()))?;
        }
        Ok(())
    }
}

impl Drop for AtomicOutput {
    fn drop(&mut self) {
        // Not committed: an error happened; leave no half-written file behind.
        if let Some(temp) = &self.temp {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// Writes one output under a temporary name; it takes its final name when committed, so that
/// several outputs of one command appear together or not at all.
pub fn write_output(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<AtomicOutput> {
    let output = AtomicOutput::create(Some(path))?;
    let mut out = BufWriter::new(output.writer()?);
    write(&mut out).with_context(|| format!("writing {}", path.display()))?;
    out.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    drop(out);
    Ok(output)
}
