//! The master key's file: text a person can print or copy into a password manager, kept outside
//! the database so a stolen database alone opens nothing. Whoever can read this file can read
//! every record, hence the strict checks: exact format, owner-only permissions, never
//! overwritten.
//!
//! Format: the line `rastro master key v1`, then 64 lowercase hex characters, then an optional
//! newline. Nothing else is accepted, so a truncated copy or a stray edit is noticed at once
//! rather than turning into a different key.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;

use zeroize::{Zeroize, Zeroizing};

use crate::encode::{from_hex, hex};
use crate::VaultError;

const HEADER: &str = "rastro master key v1";

/// Longer than any valid key file (86 bytes); a bigger file is refused unread.
const MAX_LEN: u64 = 256;

pub(crate) fn read(path: &Path) -> Result<[u8; 32], VaultError> {
    let read_error = |source| VaultError::KeyFileRead {
        path: path.to_path_buf(),
        source,
    };
    let format_error = |reason| VaultError::KeyFileFormat {
        path: path.to_path_buf(),
        reason,
    };
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(VaultError::KeyFileMissing {
                path: path.to_path_buf(),
            })
        }
        Err(e) => return Err(read_error(e)),
    };
    // Checked on the opened file, not the path, so the file judged is the file read.
    let metadata = file.metadata().map_err(read_error)?;
    if !metadata.is_file() {
        return Err(format_error("it is not a regular file"));
    }
    check_owner_only(path, &metadata)?;
    if metadata.len() > MAX_LEN {
        return Err(format_error("it is far longer than a key file"));
    }
    let mut content = Zeroizing::new(Vec::with_capacity(128));
    file.take(MAX_LEN + 1)
        .read_to_end(&mut content)
        .map_err(read_error)?;
    if content.len() as u64 > MAX_LEN {
        return Err(format_error("it is far longer than a key file"));
    }
    parse(&content).map_err(format_error)
}

#[cfg(unix)]
fn check_owner_only(path: &Path, metadata: &fs::Metadata) -> Result<(), VaultError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(VaultError::KeyFilePermissions {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_owner_only(_path: &Path, _metadata: &fs::Metadata) -> Result<(), VaultError> {
    // Windows ACLs do not map onto mode bits; the data directory's ACL is what protects it.
    Ok(())
}

fn parse(content: &[u8]) -> Result<[u8; 32], &'static str> {
    if content.is_empty() {
        return Err("the file is empty");
    }
    if content.contains(&b'\r') {
        return Err("it has Windows (CRLF) line endings; lines must end with \\n only");
    }
    let text = std::str::from_utf8(content).map_err(|_| "it is not text")?;
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    if first != HEADER {
        if first.starts_with("rastro master key v") {
            return Err("its first line names a key file version this Rastro does not know");
        }
        return Err("its first line is not `rastro master key v1`");
    }
    let (key_line, after) = rest.split_once('\n').unwrap_or((rest, ""));
    if key_line.is_empty() {
        return Err("the key line (64 lowercase hex characters) after the first line is missing");
    }
    if !after.is_empty() {
        return Err("there is more text after the key line");
    }
    from_hex::<32>(key_line).ok_or("the key line is not 64 lowercase hexadecimal characters")
}

fn render(key: &[u8; 32]) -> Zeroizing<String> {
    let mut key_hex = hex(key);
    let text = Zeroizing::new(format!("{HEADER}\n{key_hex}\n"));
    key_hex.zeroize();
    text
}

/// Writes a new key file: parent directories 0700, the file 0600, created exclusively (an
/// existing file is never replaced), flushed to disk before returning.
pub(crate) fn write_new(path: &Path, key: &[u8; 32]) -> Result<(), VaultError> {
    let write_error = |source| VaultError::KeyFileWrite {
        path: path.to_path_buf(),
        source,
    };
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent {
        create_private_dirs(parent).map_err(write_error)?;
    }
    let mut file = match create_private_file(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(VaultError::KeyFileExists {
                path: path.to_path_buf(),
            })
        }
        Err(e) => return Err(write_error(e)),
    };
    let content = render(key);
    if let Err(e) = file
        .write_all(content.as_bytes())
        .and_then(|()| file.sync_all())
    {
        drop(file);
        // A half-written file would hold no usable key but would block the next attempt.
        let _ = fs::remove_file(path);
        return Err(write_error(e));
    }
    sync_dir(parent.unwrap_or(Path::new(".")));
    Ok(())
}

#[cfg(unix)]
fn create_private_dirs(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dirs(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

/// Makes the new directory entry durable, so a crash right after creation cannot lose a key
/// that already encrypted something. Best effort: some file systems refuse to sync a
/// directory, and the file's own contents are already on disk.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn parses_exact_format_with_or_without_final_newline() {
        let expected: [u8; 32] = std::array::from_fn(|i| i as u8);
        let with = format!("rastro master key v1\n{KEY_HEX}\n");
        let without = format!("rastro master key v1\n{KEY_HEX}");
        assert_eq!(parse(with.as_bytes()), Ok(expected));
        assert_eq!(parse(without.as_bytes()), Ok(expected));
        assert_eq!(render(&expected).as_str(), with);
    }

    #[test]
    fn refuses_everything_else_with_a_reason() {
        let upper = KEY_HEX.to_uppercase();
        let cases = [
            String::new(),
            "rastro master key v1\n".to_string(),
            format!("rastro master key v2\n{KEY_HEX}\n"),
            format!("rastro master key\n{KEY_HEX}\n"),
            format!("rastro master key v1\r\n{KEY_HEX}\r\n"),
            format!("rastro master key v1\n{upper}\n"),
            format!("rastro master key v1\n{}\n", &KEY_HEX[..62]),
            format!("rastro master key v1\n{KEY_HEX}00\n"),
            format!("rastro master key v1\n{KEY_HEX}\n\n"),
            format!("rastro master key v1\n{KEY_HEX}\nextra\n"),
            format!(" rastro master key v1\n{KEY_HEX}\n"),
            format!("rastro master key v1\n {KEY_HEX}\n"),
            KEY_HEX.to_string(),
        ];
        for case in &cases {
            assert!(parse(case.as_bytes()).is_err(), "accepted {case:?}");
        }
        assert!(parse(&[0xff, 0xfe]).is_err());
    }
}
