//! Configuration: flags beat environment variables, which beat the configuration file, which beats
//! the defaults. The defaults are safe: data stays in `./rastro-data`, readable by its owner only.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
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
    /// Organisation acting when a command is given no `--org`.
    pub organisation: Option<String>,
}

/// What every command receives: where the data lives and how to talk to the user.
pub struct Ctx {
    pub data_dir: PathBuf,
    pub file: FileConfig,
    pub quiet: bool,
}

impl Ctx {
    pub fn new(
        data_flag: Option<PathBuf>,
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
        Ok(Ctx {
            data_dir,
            file,
            quiet,
        })
    }

    /// Opens (creating and migrating if needed) the store in the data directory.
    pub fn open_store(&self) -> Result<rastro_store::Store> {
        rastro_store::Store::open(&self.data_dir)
            .with_context(|| format!("opening the store in {}", self.data_dir.display()))
    }

    /// Opens the store and finds the organisation a reading command acts as. Unlike imports, a
    /// read must not create an organisation as a side effect of a typo.
    pub fn open_store_as_existing(
        &self,
        flag: Option<String>,
    ) -> Result<(rastro_store::Store, rastro_store::Organisation)> {
        let name = self.organisation(flag)?;
        let store = self.open_store()?;
        let org = store.find_organisation(&name)?.with_context(|| {
            format!(
                "no organisation named {name:?} in {}",
                self.data_dir.display()
            )
        })?;
        Ok((store, org))
    }

    /// The organisation a command acts as: the flag, else the configuration file's.
    pub fn organisation(&self, flag: Option<String>) -> Result<String> {
        flag.or_else(|| self.file.organisation.clone()).context(
            "no organisation given: pass --org NAME (or set `organisation` in rastro.toml)",
        )
    }
}

fn read_config(path: &Path) -> Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading configuration file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("in configuration file {}", path.display()))
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
