//! Where a store lives, written as a URL so that one flag or setting names any backend:
//! `sqlite:PATH` (the embedded default, a file under the data directory) or `postgres://…` (a
//! hub's server, shared by any number of nodes and workers).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::StoreError;

/// File name of the SQLite database inside a data directory.
pub const DATABASE_FILE: &str = "rastro.db";
/// File name of the key file beside an embedded store, unless another is named.
pub const KEY_FILE: &str = "rastro.key";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreUrl {
    /// An SQLite database file.
    Sqlite(PathBuf),
    /// A PostgreSQL database, as a libpq-style URL (`postgres://user:password@host:port/db`).
    Postgres(String),
}

impl StoreUrl {
    /// Parses `sqlite:PATH` (also `sqlite://PATH`) or `postgres://…` (also `postgresql://…`).
    pub fn parse(text: &str) -> Result<StoreUrl, StoreError> {
        let text = text.trim();
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            // Checked now, so that a typo is reported where the address was given; the password
            // must not reach a log or an error message.
            // The TLS settings are Rastro's to read (the driver knows neither `verify-*` nor
            // `sslrootcert`); the rest is the driver's.
            let (address, _) = crate::postgres::tls::split(text)?;
            return match address.parse::<postgres::Config>() {
                Ok(_) => Ok(StoreUrl::Postgres(text.to_string())),
                Err(e) => Err(StoreError::BadUrl(format!("{} ({e})", redact(text)))),
            };
        }
        let path = text
            .strip_prefix("sqlite://")
            .or_else(|| text.strip_prefix("sqlite:"))
            .ok_or_else(|| StoreError::BadUrl(redact(text)))?;
        if path.is_empty() {
            return Err(StoreError::BadUrl(text.to_string()));
        }
        Ok(StoreUrl::Sqlite(PathBuf::from(path)))
    }

    /// The embedded store of a data directory.
    pub fn in_data_dir(dir: &Path) -> StoreUrl {
        StoreUrl::Sqlite(dir.join(DATABASE_FILE))
    }

    /// Where the key file is when none is named: beside the database file. Copying the database
    /// file alone leaves it behind; a deployment that wants the key elsewhere (a mounted
    /// secret) names it.
    ///
    /// A PostgreSQL store has no directory of its own: every node names the same key file
    /// (`--key-file`), and without one it is `rastro.key` in the working directory.
    pub fn default_key_file(&self) -> PathBuf {
        match self {
            StoreUrl::Sqlite(path) => path.with_file_name(KEY_FILE),
            StoreUrl::Postgres(_) => PathBuf::from(KEY_FILE),
        }
    }
}

impl fmt::Display for StoreUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreUrl::Sqlite(path) => write!(f, "sqlite:{}", path.display()),
            StoreUrl::Postgres(url) => f.write_str(&redact(url)),
        }
    }
}

/// A URL with any password replaced, for messages.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sqlite_and_postgres_urls_and_refuses_others() {
        assert_eq!(
            StoreUrl::parse("sqlite:data/rastro.db").unwrap(),
            StoreUrl::Sqlite(PathBuf::from("data/rastro.db"))
        );
        assert_eq!(
            StoreUrl::parse("sqlite:///tmp/x.db").unwrap(),
            StoreUrl::Sqlite(PathBuf::from("/tmp/x.db"))
        );
        let pg = StoreUrl::parse("postgres://ana:secret@db:5432/rastro").unwrap();
        assert_eq!(
            pg,
            StoreUrl::Postgres("postgres://ana:secret@db:5432/rastro".into())
        );
        assert!(!pg.to_string().contains("secret"), "{pg}");
        let bad = StoreUrl::parse("postgres://ana:secret@db:notaport/rastro").unwrap_err();
        assert!(!bad.to_string().contains("secret"), "{bad}");
        assert!(matches!(
            StoreUrl::parse("rastro.db"),
            Err(StoreError::BadUrl(_))
        ));
        assert!(StoreUrl::parse("sqlite:").is_err());
    }
}
