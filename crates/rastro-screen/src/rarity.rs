//! How rare the agreeing part of two names is, and what that is worth against other evidence.
//!
//! Two people who share "Juan Pérez García" may well be namesakes; two who share "Merai
//! Abdefattah Khalil Zoghbi" hardly can be. A word's rarity is in decades: `-log10` of the share
//! of people who carry it, the larger of two estimates of that share — the reference population
//! of `rastro-names` (census lists) and the watchlist itself (the share of its other entries that
//! carry a word with the same sound), so that a list full of "Kim" or "Muhammad" makes them
//! common whatever the census says. The rarity of a name's agreement is the sum over the pairs
//! of words that firmly agree, each pair counting as its more common word (a typo on one side
//! does not make a word rare). It is log-odds evidence like a birth date: a rare name that agrees
//! can outweigh a birth date a few years off, a common one cannot.

use rastro_names::{compared_tokens, reference_frequency, Agreement, NameAnalysis};
use rastro_text::fasthash::FastMap;
use xxhash_rust::xxh3::xxh3_64;

/// A list counts as at least this many entries when a word's share of it is worked out: in a
/// small list, a word carried by two entries says little about how common it is.
const LIST_FLOOR: f64 = 10_000.0;

/// Least name similarity at which rarity counts: a rare name matched exactly or nearly.
const NEAR_EXACT: f64 = 0.9;

/// Words this short are taken to be at least [`SYLLABLE_FREQUENCY`] common.
const SYLLABLE_LETTERS: usize = 3;
const SYLLABLE_FREQUENCY: f64 = 1e-3;

/// Rarities are kept in twentieths of a decade in one byte (up to 12.75 decades).
const STEPS_PER_DECADE: f32 = 20.0;

/// Log-odds per decade of rarity beyond [`PIVOT`].
const SLOPE: f64 = 0.7;
/// Rarity (decades) at which the agreement of two names is neutral: the words agreeing are
/// carried together by about one person in thirty million.
const PIVOT: f64 = 6.5;
/// Least and most that rarity adds: a common name is not evidence against a match, only weaker
/// evidence for it; a very rare one is bounded so that it never stands in for a name that
/// agrees only loosely.
const LEAST: f64 = 0.0;
pub(crate) const MOST: f64 = 3.0;

/// How many entries of the watchlist carry each word sound (phonetic key), each entry once.
#[derive(Debug, Default)]
pub(crate) struct ListCounts {
    counts: FastMap<u64, u32>,
    entries: usize,
}

fn key_hash(key: &str) -> u64 {
    xxh3_64(key.as_bytes())
}

impl ListCounts {
    /// Counts the words of each entry's names (aliases of one entry count once).
    pub(crate) fn count<'a>(
        entries: impl Iterator<Item = impl Iterator<Item = &'a NameAnalysis>>,
    ) -> ListCounts {
        let mut out = ListCounts::default();
        let mut seen: Vec<u64> = Vec::new();
        for names in entries {
            out.entries += 1;
            seen.clear();
            for n in names {
                seen.extend(
                    compared_tokens(n)
                        .filter(|t| !t.initial && !t.abbreviated && !t.key.is_empty())
                        .map(|t| key_hash(t.key)),
                );
            }
            seen.sort_unstable();
            seen.dedup();
            for &k in &seen {
                *out.counts.entry(k).or_insert(0) += 1;
            }
        }
        out
    }

    /// Rarity in decades of one word, besides the one entry (or query) that carries it.
    fn rarity(&self, text: &str, key: &str, syllable: bool) -> f32 {
        let others = self
            .counts
            .get(&key_hash(key))
            .map_or(0.0, |&c| f64::from(c.saturating_sub(1)));
        let in_list = others / (self.entries as f64).max(LIST_FLOOR);
        let mut share = reference_frequency(key).max(in_list);
        // A syllable of a Chinese or Korean name written in its script, or a word of three
        // letters or fewer (most often such a syllable romanised: "Ri", "Jin", "Sik"), is
        // carried by millions whatever the census lists say.
        if syllable || text.len() <= SYLLABLE_LETTERS {
            share = share.max(SYLLABLE_FREQUENCY);
        }
        (-share.log10()) as f32
    }

    /// The rarity of each compared word of a name ([`compared_tokens`] order), in decades:
    /// initials and abbreviations say nothing about rarity (0).
    pub(crate) fn word_rarities(&self, name: &NameAnalysis, out: &mut Vec<f32>) {
        out.clear();
        out.extend(compared_tokens(name).map(|t| {
            if t.initial || t.abbreviated || t.key.is_empty() {
                0.0
            } else {
                self.rarity(t.text, t.key, t.syllable)
            }
        }));
    }
}

/// One byte per word for the index.
pub(crate) fn quantise(rarity: f32) -> u8 {
    (rarity * STEPS_PER_DECADE).round().clamp(0.0, 255.0) as u8
}

pub(crate) fn dequantise(q: u8) -> f32 {
    f32::from(q) / STEPS_PER_DECADE
}

/// A sum of [`quantise`]d rarities in decades.
pub(crate) fn dequantise_sum(q: u16) -> f32 {
    f32::from(q) / STEPS_PER_DECADE
}

/// Rarity in decades of what two names agree on: the sum over firmly agreeing pairs of the
/// more common word of each pair; for names that agree only as a whole, the more common name's
/// total. `None` when the names do not wholly agree: a word of the shorter name without a firm
/// partner is a word on which they differ, and names that share rare words but differ in one are
/// typically relatives (brothers named after one father), not one person written twice. One
/// agreeing word is not a name either, and names less alike than [`NEAR_EXACT`] (words
/// crossed between a father and a son, a missing word too many) are not the same name.
pub(crate) fn agreement_rarity(
    agreement: &Agreement,
    query: impl Fn(usize) -> f32,
    query_len: usize,
    listed: impl Fn(usize) -> f32,
    listed_len: usize,
) -> Option<f64> {
    if agreement.score < NEAR_EXACT {
        return None;
    }
    if agreement.whole {
        let q: f32 = (0..query_len).map(&query).sum();
        let l: f32 = (0..listed_len).map(&listed).sum();
        return Some(f64::from(q.min(l)));
    }
    // Initials and abbreviations have no rarity (0): they neither count nor need a partner.
    let full = |len: usize, r: &dyn Fn(usize) -> f32| (0..len).filter(|&i| r(i) > 0.0).count();
    let shorter = full(query_len, &query).min(full(listed_len, &listed));
    let mut agreeing = 0;
    let mut total = 0.0;
    for &(i, j) in agreement.firm_pairs() {
        let r = query(usize::from(i)).min(listed(usize::from(j)));
        if r > 0.0 {
            agreeing += 1;
            total += f64::from(r);
        }
    }
    (agreeing >= 2 && agreeing >= shorter).then_some(total)
}

/// The most that rarity can add to a listed name whose words have `rarest` decades of rarity
/// together: what an exact agreement on every word would get.
pub(crate) fn ceiling(rarest: f64) -> f64 {
    contribution(rarest + 0.05)
}

/// Log-odds that the rarity of an agreement adds.
pub(crate) fn contribution(rarity: f64) -> f64 {
    (SLOPE * (rarity - PIVOT)).clamp(LEAST, MOST)
}

/// How many people in a billion carry the agreeing words together, for an explanation.
pub(crate) fn describe(rarity: f64) -> String {
    let per_billion = 10f64.powf(9.0 - rarity);
    if per_billion >= 10.0 {
        format!(
            "the agreeing words are carried together by about {per_billion:.0} people in a billion"
        )
    } else if per_billion >= 0.1 {
        format!(
            "the agreeing words are carried together by about {per_billion:.1} people in a billion"
        )
    } else {
        "the agreeing words are carried together by fewer than one person in ten billion"
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rastro_names::{analyse, compare_agreement, PreparedName};

    fn rarity(a: &str, b: &str) -> f64 {
        let (x, y) = (analyse(a).unwrap(), analyse(b).unwrap());
        let counts = ListCounts::count(std::iter::once(std::iter::once(&y)));
        let (mut rx, mut ry) = (Vec::new(), Vec::new());
        counts.word_rarities(&x, &mut rx);
        counts.word_rarities(&y, &mut ry);
        let agreement = compare_agreement(&PreparedName::new(&x), &PreparedName::new(&y));
        agreement_rarity(&agreement, |i| rx[i], rx.len(), |j| ry[j], ry.len()).unwrap_or(0.0)
    }

    #[test]
    fn rare_names_are_rarer_than_common_ones_and_typos_do_not_make_words_rare() {
        let common = rarity("Juan Pérez García", "Juan Perez Garcia");
        let rare = rarity(
            "Merai Abdefattah Khalil Zoghbi",
            "Merai Abdefattah Khalil Zoghbi",
        );
        assert!(common < PIVOT - 1.0, "{common}");
        assert!(rare > PIVOT + 5.0, "{rare}");
        assert!(contribution(common) == 0.0 && contribution(rare) > 2.0);
        // A typo in the query word: the pair counts as the listed word, not as an unknown one.
        assert!((rarity("Juan Peres Garsia", "Juan Pérez García") - common).abs() < 0.01);
        // Relatives: all but one rare word shared, one differing word on each side.
        assert_eq!(
            rarity(
                "Merai Abdefattah Khalil Zoghbi",
                "Merai Abdefattah Khalil Qutaishat"
            ),
            0.0
        );
        // A missing word is not a differing one.
        assert!(rarity("Merai Khalil Zoghbi", "Merai Abdefattah Khalil Zoghbi") > PIVOT + 3.0);
    }

    #[test]
    fn a_word_common_in_the_list_is_common_whatever_the_census_says() {
        let kim = |n: usize| {
            let names: Vec<NameAnalysis> = (0..n)
                .map(|i| analyse(&format!("Kimura Zzyx{}", ["a", "b", "c", "d"][i % 4])).unwrap())
                .collect();
            let counts = ListCounts::count(names.iter().map(std::iter::once));
            counts.rarity("kimura", &rastro_names::phonetic_key("Kimura"), false)
        };
        assert!(kim(2_000) < kim(1) - 1.0);
    }

    #[test]
    fn rarity_bytes_round_trip() {
        for r in [0.0f32, 1.35, 6.0, 12.75] {
            assert!((dequantise(quantise(r)) - r).abs() < 0.03);
        }
        assert_eq!(quantise(40.0), 255);
        assert_eq!(quantise(-1.0), 0);
    }
}
