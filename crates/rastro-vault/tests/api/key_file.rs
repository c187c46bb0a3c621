//! The master key file on disk: create, load, refuse.

use std::fs;
use std::path::Path;

use rastro_vault::{MasterKey, VaultError};

fn key_line(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("rastro master key v1"));
    lines.next().unwrap().to_string()
}

#[test]
fn create_then_load_gives_the_same_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.key");
    let created = MasterKey::create_file(&path).unwrap();
    let loaded = MasterKey::load(&path).unwrap();
    let again = MasterKey::load(&path).unwrap();
    assert_eq!(created.fingerprint(), loaded.fingerprint());
    // Derived keys are stable across loads of the same file.
    for purpose in ["pseudonym", "blind-index"] {
        assert_eq!(
            created.derive(purpose).mac(b"x"),
            loaded.derive(purpose).mac(b"x")
        );
        assert_eq!(
            loaded.derive(purpose).pseudonym("P-", "x"),
            again.derive(purpose).pseudonym("P-", "x")
        );
    }
    // And a data key wrapped before a restart unwraps after it.
    let data = rastro_vault::DataKey::generate().unwrap();
    let wrapped = created.wrap(&data, "org");
    assert_eq!(
        loaded.unwrap(&wrapped, "org").unwrap().fingerprint(),
        data.fingerprint()
    );

    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.len(), "rastro master key v1\n".len() + 65);
    assert!(text.ends_with('\n'));
    let line = key_line(&path);
    assert_eq!(line.len(), 64);
    assert!(line
        .bytes()
        .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
    assert!(!format!("{loaded:?}").contains(&line));
}

#[test]
fn two_created_files_hold_different_keys() {
    let dir = tempfile::tempdir().unwrap();
    let a = MasterKey::create_file(&dir.path().join("a.key")).unwrap();
    let b = MasterKey::create_file(&dir.path().join("b.key")).unwrap();
    assert_ne!(a.fingerprint(), b.fingerprint());
    assert_ne!(
        key_line(&dir.path().join("a.key")),
        key_line(&dir.path().join("b.key"))
    );
}

#[test]
fn create_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.key");
    let first = MasterKey::create_file(&path).unwrap();
    let before = fs::read(&path).unwrap();
    let err = MasterKey::create_file(&path).unwrap_err();
    assert!(matches!(err, VaultError::KeyFileExists { .. }), "{err}");
    assert!(err.to_string().contains(&path.display().to_string()));
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(
        MasterKey::load(&path).unwrap().fingerprint(),
        first.fingerprint()
    );
}

#[test]
fn load_or_create_creates_once_then_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys").join("master.key");
    let first = MasterKey::load_or_create(&path).unwrap();
    let second = MasterKey::load_or_create(&path).unwrap();
    assert_eq!(first.fingerprint(), second.fingerprint());
}

#[test]
fn load_or_create_does_not_replace_a_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.key");
    write_private(&path, "not a key\n");
    assert!(matches!(
        MasterKey::load_or_create(&path),
        Err(VaultError::KeyFileFormat { .. })
    ));
    assert_eq!(fs::read_to_string(&path).unwrap(), "not a key\n");
}

#[test]
fn load_refuses_a_missing_file_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere.key");
    let err = MasterKey::load(&path).unwrap_err();
    assert!(matches!(err, VaultError::KeyFileMissing { .. }), "{err}");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
}

#[test]
fn load_refuses_bad_formats_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.key");
    MasterKey::create_file(&path).unwrap();
    let line = key_line(&path);
    let bad = [
        String::new(),
        format!("{line}\n"),
        format!("rastro master key v1\n{}\n", &line[..63]),
        format!("rastro master key v1\n{}\n", line.to_uppercase()),
        format!("rastro master key v1\r\n{line}\r\n"),
        format!("rastro master key v1\n{line}\n# comment\n"),
        "x".repeat(10_000),
    ];
    for (i, content) in bad.iter().enumerate() {
        let path = dir.path().join(format!("bad{i}.key"));
        write_private(&path, content);
        let err = MasterKey::load(&path).unwrap_err();
        assert!(
            matches!(err, VaultError::KeyFileFormat { .. }),
            "{i}: {err}"
        );
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
    }
}

#[test]
fn load_refuses_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    assert!(MasterKey::load(dir.path()).is_err());
}

#[cfg(unix)]
fn write_private(path: &Path, content: &str) {
    use std::os::unix::fs::PermissionsExt;
    fs::write(path, content).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o600)).unwrap();
}

#[cfg(not(unix))]
fn write_private(path: &Path, content: &str) {
    fs::write(path, content).unwrap();
}

#[cfg(unix)]
mod unix {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    use rastro_vault::{MasterKey, VaultError};

    fn mode(path: &std::path::Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn create_makes_owner_only_file_and_directories() {
        let dir = tempfile::tempdir().unwrap();
        let parent = dir.path().join("etc").join("rastro");
        let path = parent.join("master.key");
        MasterKey::create_file(&path).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&parent), 0o700);
        assert_eq!(mode(&dir.path().join("etc")), 0o700);
    }

    #[test]
    fn load_refuses_group_or_other_access_and_says_how_to_fix_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        let key = MasterKey::create_file(&path).unwrap();
        for bad in [0o644, 0o640, 0o604, 0o620, 0o602, 0o660] {
            fs::set_permissions(&path, fs::Permissions::from_mode(bad)).unwrap();
            let err = MasterKey::load(&path).unwrap_err();
            assert!(
                matches!(err, VaultError::KeyFilePermissions { mode, .. } if mode == bad),
                "{bad:o}: {err}"
            );
            let message = err.to_string();
            assert!(
                message.contains(&format!("chmod 600 {}", path.display())),
                "{message}"
            );
            assert!(message.contains(&format!("{bad:03o}")), "{message}");
        }
        for good in [0o600, 0o400] {
            fs::set_permissions(&path, fs::Permissions::from_mode(good)).unwrap();
            assert_eq!(
                MasterKey::load(&path).unwrap().fingerprint(),
                key.fingerprint()
            );
        }
    }
}
