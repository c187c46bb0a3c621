//! Trafficking red flags in transactions.
//!
//! - [`read`]: transactions in (CSV, JSON lines), streamed, every bad row reported with row,
//!   column and reason; [`Transaction::fingerprint`] keys the same transaction read twice.
//! - [`Catalogue`]: typologies as data, a versioned TOML file of named rules over time windows
//!   per account and per party, and typologies that weigh them; [`DEFAULT_CATALOGUE`] covers the
//!   red flags of FinCEN's advisory FIN-2020-A008 and the FATF/APG 2018 report.
//! - [`Scorer`] (one transaction at a time) and [`run_batch`] (a whole set, on every core) raise
//!   [`Alert`]s that list the rules that fired, their values and the very transactions behind them.
//! - [`backtest()`]: two catalogues over the same transactions, rule by rule.
//! - [`export`]: alerts as JSON lines, CSV and suspicious-transaction-report records.
//! - [`generate`]: seeded, labelled synthetic transactions with typologies planted;
//!   [`evaluate`]: precision, recall and alert rate against the [`Labels`].
//!
//! No storage, no network: readers and values in, values out.

pub mod backtest;
pub mod catalogue;
pub mod engine;
pub mod eval;
pub mod export;
pub mod generate;
mod hash;
pub mod known;
pub mod labels;
pub mod money;
pub mod read;
pub mod time;
pub mod txn;
pub mod write;

pub use backtest::{backtest, Backtest};
pub use catalogue::{Catalogue, CatalogueError, CatalogueErrors, SubjectKind, DEFAULT_CATALOGUE};
pub use engine::{run_batch, Alert, Band, BatchError, BatchOutcome, RuleHit, Scorer};
pub use eval::{evaluate, evaluate_files, EvalError, Evaluation};
pub use known::{contact_key, KnownIdentifiers};
pub use labels::Labels;
pub use money::{Amount, Currency};
pub use time::DateTime;
pub use txn::{Channel, Fingerprint, Party, Transaction};
