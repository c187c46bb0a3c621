//! Rastro's domain model: IOM's Human Trafficking Case Data Standard (HTCDS) 2.0.
//!
//! [`CaseRecord`] holds one person and their case in typed form; [`Field`] is the standard's flat
//! field list, through which every file format reads and writes records; the picklists are enums
//! whose wire names are the standard's value names, labelled in English, Spanish and Portuguese.

mod case;
mod compact;
mod fields;
mod flat_json;
mod headers;
pub mod picklist;
pub mod picklists;
mod privacy;
mod values;

pub use case::*;
pub use compact::{compact_cells, CompactParts};
pub use fields::{Field, FieldError, FlatValue, Kind, MULTI_SEPARATOR};
pub use headers::{header_key, meaning_of, named_column, HeaderMatch};
pub use picklist::Picklist;
pub use picklists::*;
pub use privacy::{AgeBand, CaseSummary, Sensitivity};
pub use values::{parse_bool, Date, DateError, Language, LanguageError};

pub use rastro_geo::{CountryCode, Lang};
