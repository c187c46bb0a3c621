//! The word lists that the per-token tables are built from: the cue lexicon, the known groups,
//! the function words of each language and the number words. [`crate::vocab`] numbers all
//! their words in one table; the modules that read a token's number (`text`, `lang`,
//! `numbers`, `cues`' matching, `facts`) read these lists for what the number means. Nothing
//! here reads the table, so no module both feeds it and reads it.

pub(crate) mod function;
pub(crate) mod groups;
pub(crate) mod key;
pub(crate) mod lexicon;
pub(crate) mod number;
