//! Where the CLI keeps the token of a signed-in user: one line per store (`<store url>\t<token>`)
//! in a file only its owner can read, in the user's own configuration directory. A token in the
//! `RASTRO_TOKEN` environment variable comes first (for scripts and services).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// The credentials file: `RASTRO_CREDENTIALS`, else `$XDG_CONFIG_HOME/rastro/credentials`, else
/// `~/.config/rastro/credentials`.
pub fn path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("RASTRO_CREDENTIALS").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let config = match std::env::var_os("XDG_CONFIG_HOME").filter(|p| !p.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => match std::env::var_os("HOME").filter(|p| !p.is_empty()) {
            Some(home) => PathBuf::from(home).join(".config"),
            None => bail!(
                "no home directory to keep the sign-in in: set RASTRO_TOKEN, or RASTRO_CREDENTIALS to a file"
            ),
        },
    };
    Ok(config.join("rastro").join("credentials"))
}

/// The token kept for `store`, if any.
pub fn load(file: &Path, store: &str) -> Result<Option<String>> {
    let text = match fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("reading {}", file.display())),
    };
    refuse_if_others_can_read(file)?;
    Ok(text.lines().find_map(|line| {
        let (url, token) = line.split_once('\t')?;
        (url == store).then(|| token.trim().to_string())
    }))
}

/// Keeps `token` for `store` (replacing an earlier one); `None` forgets it. Returns the token
/// that was kept before.
pub fn save(file: &Path, store: &str, token: Option<&str>) -> Result<Option<String>> {
    let before = load(file, store)?;
    let text = fs::read_to_string(file).unwrap_or_default();
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| l.split_once('\t').map(|(url, _)| url) != Some(store))
        .map(str::to_string)
        .collect();
    if let Some(token) = token {
        lines.push(format!("{store}\t{token}"));
    }
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir)?;
    }
    let tmp = file.with_extension("tmp");
    let mut out = private_file(&tmp)?;
    for line in &lines {
        writeln!(out, "{line}").with_context(|| format!("writing {}", tmp.display()))?;
    }
    out.sync_all()
        .with_context(|| format!("writing {}", tmp.display()))?;
    fs::rename(&tmp, file).with_context(|| format!("replacing {}", file.display()))?;
    Ok(before)
}

#[cfg(unix)]
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("creating {}", dir.display()))
}

#[cfg(not(unix))]
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

#[cfg(unix)]
fn private_file(path: &Path) -> Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> Result<fs::File> {
    fs::File::create(path).with_context(|| format!("creating {}", path.display()))
}

/// A token file others can read is a leaked token: say so rather than use it.
#[cfg(unix)]
fn refuse_if_others_can_read(file: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(file)
        .with_context(|| format!("reading {}", file.display()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        bail!(
            "{} can be read by other users (mode {:o}): its tokens may have leaked; revoke them (`rastro token revoke`), delete the file and sign in again",
            file.display(),
            mode & 0o777
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_if_others_can_read(_file: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_one_token_per_store_and_forgets_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("conf/rastro/credentials");
        assert_eq!(load(&file, "sqlite:a.db").unwrap(), None);
        save(&file, "sqlite:a.db", Some("rst_a")).unwrap();
        save(&file, "sqlite:b.db", Some("rst_b")).unwrap();
        let before = save(&file, "sqlite:a.db", Some("rst_a2")).unwrap();
        assert_eq!(before.as_deref(), Some("rst_a"));
        assert_eq!(
            load(&file, "sqlite:a.db").unwrap().as_deref(),
            Some("rst_a2")
        );
        assert_eq!(
            load(&file, "sqlite:b.db").unwrap().as_deref(),
            Some("rst_b")
        );
        save(&file, "sqlite:a.db", None).unwrap();
        assert_eq!(load(&file, "sqlite:a.db").unwrap(), None);
        assert_eq!(
            load(&file, "sqlite:b.db").unwrap().as_deref(),
            Some("rst_b")
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_and_a_readable_one_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("credentials");
        save(&file, "sqlite:a.db", Some("rst_a")).unwrap();
        let mode = fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        let err = load(&file, "sqlite:a.db").unwrap_err().to_string();
        assert!(err.contains("can be read by other users"), "{err}");
    }
}
