//! One module per command: each parses its own arguments and calls engines and the store.

pub mod demo;
pub mod eval;
pub mod export;
pub mod export_clk;
pub mod extract;
pub mod generate;
pub mod import;
pub mod ingest;
pub mod link;
pub mod link_news;
pub mod link_store;
pub mod match_pairs;
pub mod screen;
pub mod stats;
pub mod stored_watchlist;
pub mod watchlist;
