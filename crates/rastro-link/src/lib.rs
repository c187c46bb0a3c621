//! Entity resolution for Rastro: finds the records of one person across organisations' files.
//!
//! Fellegi-Sunter record linkage: candidate pairs from blocking rules combined by union
//! ([`blocking`]), comparison levels per field ([`compare`]), m and u estimated by EM with u from
//! random pairs ([`em`]), term-frequency adjustment and per-comparison match weights a reviewer
//! can read ([`model`]), clusters by connected components ([`cluster`]). [`clk`] encodes persons
//! as keyed Bloom filters so that two organisations can link without revealing names; the values
//! blocking keys are made of ([`block_values`]) and the text form of the filters ([`bloom`]) are
//! shared by plaintext and CLK linkage, which know nothing of each other.
//!
//! No I/O policy lives here: callers hand in readers and tables and get values back.

pub mod block_values;
pub mod blocking;
pub mod bloom;
pub mod clk;
pub mod cluster;
pub mod compare;
pub mod config;
pub mod date;
pub mod em;
pub mod error;
pub mod incident;
pub mod linkage;
mod locality;
pub mod model;
pub mod prepare;
pub mod score;
pub mod table;
mod text;

pub use config::LinkConfig;
pub use error::{LinkError, RowError};
pub use linkage::{link, Linkage, Match, Progress, Silent, Stage};
pub use table::{read_csv, Records, Table};
