//! Geography for Rastro: the one crate that knows countries, their names and codes, and places.
//!
//! Import normalises the countries people type, extraction finds them in news text, and the map
//! draws them: all three go through this crate so that "EE.UU.", "USA" and "Estados Unidos" are the
//! same country everywhere. Data is vendored into `data/` (see `assets/MANIFEST.tsv` at the
//! repository root) and compiled into the binary: nothing is fetched at run time. Names are folded
//! into keys by `rastro-text` (`fold_key`, `FoldedText`), which every engine shares.

mod build;
mod context;
mod countries;
mod form;
mod gazetteer;
mod matcher;
mod nationality;
mod prebuilt;
mod resolve;
mod shapes;
mod small_list;
mod surface;
mod tables;

#[cfg(test)]
mod find_tests;

pub use countries::{countries, Countries, Country, CountryCode, ParseCountryError};
pub use gazetteer::{Gazetteer, Place, PlaceKind};
pub use nationality::{country_of_cell, country_of_nationality};
/// Country names are kept per language; the language type itself is `rastro-text`'s.
pub use rastro_text::Lang;
pub use resolve::{MentionKind, PlaceMention};
pub use shapes::{
    country_shapes, latin_america_shapes, CountryShape, GeoError, MapView, TopoJsonError,
    LATIN_AMERICA_AND_CARIBBEAN,
};
pub use tables::DataError;

/// The gazetteer as the build script built it from the vendored tables (`prebuilt`).
static PREBUILT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));

/// The process-wide gazetteer, loaded on first use from its prebuilt form (built from the
/// compiled-in tables if that form could not be read, which a test rules out).
pub fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
    GAZETTEER.get_or_init(|| prebuilt::decode(PREBUILT).unwrap_or_else(|_| build::build()))
}
