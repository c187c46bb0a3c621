//! Person-name analysis for Rastro, shared by screening (`rastro-screen`) and record linkage
//! (`rastro-link`): one crate decides what a name is and when two names are the same person's.
//!
//! - Folding (Unicode text to lowercase ASCII letters, any script transliterated) is
//!   `rastro_text::fold_name`, shared with every engine; this crate reads names through it.
//! - [`analyse`]: tokens, given names, surnames (paternal + maternal, compounds), particles,
//!   initials and abbreviations, "SURNAME, Given" order → [`NameAnalysis`].
//! - [`phonetic_key`]: Spanish/Portuguese sound-alike keys (b/v, c/s/z/ç, ll/y/lh, nh/ñ, silent h…).
//! - [`variant_groups`], [`are_variants`]: spellings of one name across languages (José ~ Josef,
//!   Ma. ~ María), from Wikidata via OpenSanctions' `rigour` (MIT, vendored), and nicknames
//!   (Pepe ~ José, Ted ~ Theodore); [`full_names`]: the full names a nickname stands for.
//! - [`jaro_winkler`], [`edit_similarity`] (edit distances themselves are `rastro_text`'s).
//! - [`analyse_organisation`]: names of companies and organisations (legal forms set aside).
//! - [`compare`] → [`NameComparison`] (score and aligned parts), [`compare_score`] (score only),
//!   [`compare_agreement`] (score and the words that firmly agree; [`compare_agreement_above`]
//!   for a caller that needs no score below a floor), [`align_words`] (the aligned words alone,
//!   for explaining a comparison already scored).
//! - [`reference_frequency`]: how common a name word is among people (census lists), so that a
//!   caller can tell a rare name from a common one.
//!
//! ```
//! use rastro_names::{analyse, compare};
//! let a = analyse("PEREZ GOMEZ, Juan").unwrap();
//! let b = analyse("Juan Pérez").unwrap();
//! assert!(compare(&a, &b).score > 0.85);
//! ```

mod analyse;
mod compare;
mod frequency;
mod hanzi;
mod org;
mod phonetic;
mod similarity;
mod sinitic;
mod slips;
mod split;
mod titles;
mod variants;

pub use analyse::{
    analyse, is_particle, NameAnalysis, NameError, Role, Token, MAX_NAME_CHARS, MAX_TOKENS,
};
pub use compare::{
    align_words, compare, compare_agreement, compare_agreement_above, compare_prepared,
    compare_score, compared_tokens, token_similarity, Agreement, AlignedWords, MatchKind,
    NameComparison, PreparedName, TokenMatch, FIRM_PAIR,
};
pub use frequency::{reference_frequency, UNLISTED_FREQUENCY};
pub use org::analyse_organisation;
pub use phonetic::phonetic_key;
pub use similarity::{edit_similarity, jaro_winkler};
pub use variants::{are_variants, full_names, variant_group, variant_groups};
