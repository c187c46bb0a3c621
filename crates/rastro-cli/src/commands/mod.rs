//! One module per command: each parses its arguments, calls the application layer once and
//! prints what came back.

pub mod db;
pub mod demo;
pub mod eval;
pub mod export;
pub mod extract;
pub mod generate;
pub mod import;
pub mod ingest;
pub mod link;
pub mod match_pairs;
pub mod org;
pub mod screen;
pub mod stats;
pub mod watchlist;
