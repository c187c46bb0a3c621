//! One module per command: each parses its arguments, calls the application layer once and
//! prints what came back.

pub mod admin;
pub mod audit;
pub mod backup;
pub mod case;
pub mod consent;
pub mod db;
pub mod demo;
pub mod eval;
pub mod export;
pub mod extract;
pub mod flags;
pub mod generate;
pub mod grant;
pub mod import;
pub mod ingest;
pub mod jobs;
pub mod link;
pub mod login;
pub mod match_pairs;
pub mod org;
pub mod referral;
pub mod release;
pub mod roles;
pub mod screen;
pub mod serve;
pub mod stats;
pub mod token;
pub mod user;
pub mod watchlist;
