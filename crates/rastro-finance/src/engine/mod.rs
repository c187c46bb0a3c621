//! The engine: transactions in, explained alerts out.
//!
//! [`Scorer`] scores one transaction at a time against the state so far (the streaming way).
//! [`run_batch`] scores a whole set: sorted by time, its accounts split between threads, each
//! thread a scorer that keeps only its own accounts' state.

mod alert;
mod batch;
mod facts;
mod scorer;
mod state;

pub use alert::{Alert, Band, RuleHit, MAX_LISTED};
pub use batch::{run_batch, BatchError, BatchOutcome};
pub use scorer::Scorer;
