//! Configuration: flags beat environment variables, which beat the configuration file, which beats
//! the defaults. The defaults are safe: data stays in `./rastro-data`, readable by its owner only.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rastro_app::{App, Session, StoreUrl};

use crate::credentials;
use serde::Deserialize;
use tracing_subscriber::EnvFilter;

const DEFAULT_DATA_DIR: &str = "rastro-data";
const DEFAULT_CONFIG_FILE: &str = "rastro.toml";

/// Settings read from the configuration file. Every field is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Data directory.
    pub data: Option<PathBuf>,
    /// Where the store lives (`sqlite:PATH` or `postgres://…`); default: `rastro.db` in the data
    /// directory.
    pub database: Option<String>,
    /// The key file; default: `rastro.key` beside the database (in the data directory for a
    /// PostgreSQL store).
    pub key_file: Option<PathBuf>,
    /// No longer read: commands act as the signed-in user's organisation. Kept so that an old
    /// settings file gets a warning rather than an error.
    pub organisation: Option<String>,
}

/// What every command receives: where the data lives and how to talk to the user.
pub struct Ctx {
    pub store_url: StoreUrl,
    /// Where files beside the store go (uploads, a demo's generated files): the embedded
    /// store's directory, or the data directory when the store is a server.
    pub work_dir: PathBuf,
    pub key_file: Option<PathBuf>,
    pub quiet: bool,
}

impl Ctx {
    pub fn new(
        data_flag: Option<PathBuf>,
        database_flag: Option<String>,
        key_flag: Option<PathBuf>,
        config_flag: Option<PathBuf>,
        quiet: bool,
    ) -> Result<Ctx> {
        let file = match config_flag {
            Some(path) => read_config(&path)?,
            None if Path::new(DEFAULT_CONFIG_FILE).is_file() => {
                read_config(Path::new(DEFAULT_CONFIG_FILE))?
            }
            None => FileConfig::default(),
        };
        let data_dir = data_flag
            .or_else(|| file.data.clone())
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
        let store_url = match database_flag.or_else(|| file.database.clone()) {
            Some(url) => StoreUrl::parse(&url)?,
            None => StoreUrl::in_data_dir(&data_dir),
        };
        if file.organisation.is_some() {
            tracing::warn!(
                "`organisation` in the settings file is ignored: commands act as the signed-in user (`rastro login`)"
            );
        }
        let work_dir = match &store_url {
            StoreUrl::Sqlite(path) => path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
            StoreUrl::Postgres(_) => data_dir,
        };
        // A server's store has no directory of its own; its key file defaults to the data
        // directory's, which a deployment mounts on every node.
        let key_file = key_flag.or(file.key_file).or_else(|| match &store_url {
            StoreUrl::Sqlite(_) => None,
            StoreUrl::Postgres(_) => Some(work_dir.join(rastro_app::KEY_FILE)),
        });
        Ok(Ctx {
            store_url,
            work_dir,
            key_file,
            quiet,
        })
    }

    /// Opens the store, creating it (owner-only) and bringing its schema up to date if needed.
    pub fn open(&self) -> Result<App> {
        match &self.key_file {
            Some(key) => App::open_with_key(&self.store_url, key),
            None => App::open(&self.store_url),
        }
        .with_context(|| format!("opening the store {}", self.store_url))
    }

    /// Opens the store as the signed-in user: the token in `RASTRO_TOKEN`, else the one `rastro
    /// login` kept for this store. Never an organisation named on the command line.
    pub fn session(&self) -> Result<Session> {
        let app = self.open()?;
        let token = match std::env::var("RASTRO_TOKEN") {
            Ok(token) if !token.trim().is_empty() => token,
            _ => credentials::load(&credentials::path()?, &self.store_key())?.with_context(|| {
                format!(
                    "not signed in to {}: run `rastro login --user NAME`, or set RASTRO_TOKEN to an API token (users and tokens are made with `rastro admin create-user`)",
                    self.store_url
                )
            })?,
        };
        app.with_token(&token).with_context(|| {
            format!(
                "signing in to {} (if the token expired or was revoked, run `rastro login` again)",
                self.store_url
            )
        })
    }

    /// How the credentials file names this store: an embedded store by its absolute path, so
    /// that a sign-in holds whichever directory a command runs from; a server by its address
    /// without the password.
    pub fn store_key(&self) -> String {
        match &self.store_url {
            StoreUrl::Sqlite(path) => {
                let path = std::path::absolute(path).unwrap_or_else(|_| path.clone());
                format!("sqlite:{}", path.display())
            }
            StoreUrl::Postgres(_) => self.store_url.to_string(),
        }
    }
}

fn read_config(path: &Path) -> Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading configuration file {}", path.display()))?;
    toml::from_str(&text).with_context(|| {
        if looks_like_linkage(&text) {
            format!(
                "{} looks like a linkage configuration: give it to `rastro link` with --linkage (--config names Rastro's settings file)",
                path.display()
            )
        } else {
            format!("in configuration file {}", path.display())
        }
    })
}

fn looks_like_linkage(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("[[comparison]]") || l.starts_with("blocking") || l.starts_with("id =")
    })
}

/// Logs go to standard error so that standard output stays clean for data (`--format json`).
pub fn init_logging(verbose: u8, quiet: bool) {
    let default = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
