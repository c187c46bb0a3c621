//! How common a name word is among people: the reference that tells a rare name from a common
//! one when two names agree.
//!
//! The table (`data/name_frequencies.tsv`, built by `tools/name_frequencies.py` from US and
//! Brazilian census lists and rastro-synth's Latin American tables; sources and licences in
//! `data/NOTICE-name-frequencies.md`) gives people per million for each folded word. Words are
//! pooled by phonetic key, so that "Gonzales" is as common as "González" and "Mohamed" as
//! "Muhammad": spellings of one name share its frequency. A word missing from the table is
//! taken to be as rare as the table's floor.

use std::sync::OnceLock;

use rastro_text::fasthash::FastMap;

use crate::phonetic::phonetic_key;

const TABLE: &str = include_str!("../data/name_frequencies.tsv");

/// Share of people carrying a word that the table does not list: below its own floor (two per
/// million), since the table keeps every word at least that common.
pub const UNLISTED_FREQUENCY: f64 = 1e-6;

/// Most a pooled key may reach: the commonest words are carried by about a tenth of people.
const MOST: f64 = 0.2;

/// Keyed with the fast hasher: every query's words are looked up here.
fn table() -> &'static FastMap<String, f32> {
    static KEYS: OnceLock<FastMap<String, f32>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut by_key: FastMap<String, f32> = rastro_text::fasthash::map_with_capacity(40_000);
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            let Some((word, value)) = line.split_once('\t') else {
                continue;
            };
            let Ok(per_million) = value.trim().parse::<f32>() else {
                continue;
            };
            let key = phonetic_key(word);
            if key.is_empty() || !per_million.is_finite() || per_million <= 0.0 {
                continue;
            }
            *by_key.entry(key).or_insert(0.0) += per_million / 1e6;
        }
        by_key
    })
}

/// Share of people (0–1) who carry a word with this phonetic key ([`crate::Token::key`]) as a
/// given name or surname, in a population that mixes Latin America with the rest of the world;
/// [`UNLISTED_FREQUENCY`] for a key the table does not know.
///
/// ```
/// use rastro_names::{phonetic_key, reference_frequency, UNLISTED_FREQUENCY};
/// let garcia = reference_frequency(&phonetic_key("García"));
/// assert!(garcia > 0.01);
/// assert!(reference_frequency(&phonetic_key("Zoghbi")) < garcia / 1000.0);
/// assert_eq!(reference_frequency(""), UNLISTED_FREQUENCY);
/// ```
pub fn reference_frequency(key: &str) -> f64 {
    table().get(key).map_or(UNLISTED_FREQUENCY, |&f| {
        f64::from(f).clamp(UNLISTED_FREQUENCY, MOST)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(word: &str) -> f64 {
        reference_frequency(&phonetic_key(word))
    }

    #[test]
    fn common_latin_american_words_are_common_and_spellings_share_them() {
        for w in [
            "María", "José", "García", "Pérez", "Silva", "Quispe", "Mamani",
        ] {
            assert!(f(w) >= 0.005, "{w}: {}", f(w));
        }
        assert!((f("Gonzales") - f("González")).abs() < 1e-12);
        assert!(f("Wilmer") < f("Juan") / 50.0);
    }

    #[test]
    fn unknown_words_are_rare_and_the_table_parses_whole() {
        assert_eq!(f("Abdefattah"), UNLISTED_FREQUENCY);
        assert!(table().len() > 20_000);
        assert!(table().values().all(|v| v.is_finite() && *v > 0.0));
    }
}
