//! One error type for the whole crate, so the store can wrap it once. Messages name the file and
//! the fix where a person can act on them, and never carry key material, plaintext or passwords.

use std::path::PathBuf;

/// Everything that can go wrong in `rastro-vault`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    /// The OS random number generator failed; nothing can be encrypted or generated safely.
    #[error("the operating system's random number generator failed: {0}")]
    Random(String),

    /// No key file at the path given to `MasterKey::load`.
    #[error("master key file {} does not exist", path.display())]
    KeyFileMissing { path: PathBuf },

    /// The key file exists but could not be read (permissions of a directory, I/O error…).
    #[error("cannot read master key file {}: {source}", path.display())]
    KeyFileRead {
        path: PathBuf,
        source: std::io::Error,
    },

    /// The key file is readable or writable by someone other than its owner.
    #[error(
        "master key file {} is accessible by group or others (mode {mode:03o}); \
         it must be readable by its owner only: run `chmod 600 {}`",
        path.display(),
        path.display()
    )]
    KeyFilePermissions { path: PathBuf, mode: u32 },

    /// The key file's content is not a Rastro master key file.
    #[error("{} is not a Rastro master key file: {reason}", path.display())]
    KeyFileFormat { path: PathBuf, reason: &'static str },

    /// `MasterKey::create_file` found a file already at the path; it never overwrites one,
    /// because the old key may be the only way to read existing data.
    #[error("master key file {} already exists; refusing to overwrite it", path.display())]
    KeyFileExists { path: PathBuf },

    /// Creating the key file or its directories failed.
    #[error("cannot write master key file {}: {source}", path.display())]
    KeyFileWrite {
        path: PathBuf,
        source: std::io::Error,
    },

    /// Sealed bytes shorter than a version byte, a nonce and a tag.
    #[error("sealed data is truncated ({len} bytes, at least {min} expected)")]
    Truncated { len: usize, min: usize },

    /// Sealed bytes whose version byte this build does not know.
    #[error("sealed data has unknown format version {0}")]
    UnknownVersion(u8),

    /// Authentication failed: the bytes were changed, or the key or associated data differ.
    /// Deliberately one error: telling them apart would help an attacker, not an operator.
    #[error("sealed data does not open: it was altered, or the key or associated data are wrong")]
    Open,

    /// A wrapped data key did not open under this master key and label.
    #[error(
        "wrapped data key does not open: wrong master key, wrong label (organisation), or altered"
    )]
    Unwrap,

    /// A plaintext too large for one AEAD message (more than 256 GiB).
    #[error("plaintext too large to seal")]
    TooLarge,

    /// A stored password hash that is not an Argon2id PHC string Rastro can verify.
    #[error("stored password hash is not valid: {0}")]
    PasswordHashFormat(String),

    /// Argon2 itself failed while hashing (e.g. memory could not be allocated).
    #[error("password hashing failed: {0}")]
    PasswordHash(String),
}
