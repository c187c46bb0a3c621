//! The text foundation every Rastro engine stands on: how text becomes keys, how far apart two
//! strings are, and what the calendar words and dates of three languages mean.
//!
//! Before this crate, geography hosted the lookup key, names hosted the transliterating fold and
//! the edit distances, and five crates each read dates their own way (one gave February 28 days in
//! every year). One answer per question keeps the engines from disagreeing with each other.
//!
//! - [`fold`]: the lookup key ([`fold_key`]) for names of countries, places, picklist values,
//!   languages and fields; the transliterating fold of person names ([`fold_name`]); and running
//!   text folded with a map back to the original bytes ([`FoldedText`]), and the folded words of
//!   a text with the bytes each came from ([`FoldedWords`]), the shape in which a tokeniser that
//!   has folded its words hands them to a matcher.
//! - [`distance`]: Levenshtein and Damerau–Levenshtein distances, whole or bounded.
//! - [`Lang`]: the three languages Rastro reads and speaks.
//! - [`stem`]: the light stemming a search uses, shared by the search and the highlighting of
//!   its matches.
//! - [`calendar`]: month and weekday words, calendar arithmetic, partial dates
//!   ([`PartialDate`]) and the splitting of numeric dates ([`split_numeric_date`]).
//!
//! This crate depends on no other Rastro crate and does no I/O: it takes text and returns values.

pub mod calendar;
pub mod distance;
pub mod fasthash;
pub mod fold;
mod lang;
mod number_words;
pub mod stem;

pub use calendar::{
    civil_from_days, days_from_civil, days_in_month, is_calendar_word, is_leap_year, month_names,
    month_number, split_numeric_date, split_written_date, weekday_names, DateLayout, DateOrder,
    NumericDate, PartialDate, PartialDateError, WrittenDate,
};
pub use distance::{
    damerau_levenshtein, damerau_levenshtein_within, levenshtein, levenshtein_within, with_units,
    within_one_edit,
};
pub use fold::{
    chars, fold_key, fold_key_into, fold_name, is_invisible_in_words, text_key, word_hash,
    FoldedText, FoldedWord, FoldedWords,
};
pub use lang::Lang;
pub use number_words::cardinal_words;
pub use stem::{search_prefix, search_stem};
