//! Whether two different spellings are one name mistyped or two names: the evidence a
//! comparison weighs once the plain measures (edit and Jaro-Winkler similarity) leave it open.
//!
//! A typist's slips are few and fall apart: one or two letters changed, dropped, doubled or
//! swapped with a neighbour, seldom the first letter. Another name differs otherwise: three
//! changes or more, or a whole syllable replaced (two neighbouring letters changed together,
//! "Orbach" / "Orban"). And two words that a census lists as common names are two names
//! whatever the letters between them ("Tom" / "Tim", "Wilson" / "Nelson"): a slip of a common
//! name makes a rare word far more often than another common one.

use crate::frequency::reference_frequency;

/// Share of people from which a word counts as a common name (a hundred per million): "Tom",
/// "Tim", "Brady" are; "Brody", "Starmer", "Jonson" are not.
const COMMON: f64 = 1e-4;

/// Longest word whose slips are counted; longer words are seldom one name, and are left to
/// the plain measures.
const LONGEST: usize = 32;

/// The slips that turn one word into another, by the fewest edits (a letter changed, dropped
/// or added, or two neighbours swapped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slips {
    /// Edits, counted up to [`Slips::MANY`].
    pub count: u8,
    /// Two edits fall on neighbouring letters: a syllable replaced, not two slips.
    pub neighbours: bool,
    /// An edit falls on the first letter, which typists and clerks seldom get wrong.
    pub first_letter: bool,
}

impl Slips {
    /// Edits beyond which the count stops: three changes already make another word.
    pub const MANY: u8 = 3;
}

/// The slips between two words of lowercase ASCII letters (optimal string alignment); `None`
/// for a word longer than [`LONGEST`].
pub(crate) fn slips(a: &str, b: &str) -> Option<Slips> {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() > LONGEST || b.len() > LONGEST {
        return None;
    }
    let many = Some(Slips {
        count: Slips::MANY,
        neighbours: false,
        first_letter: false,
    });
    if a.len().abs_diff(b.len()) >= usize::from(Slips::MANY) {
        return many;
    }
    let (n, m) = (a.len(), b.len());
    let width = m + 1;
    let mut d = [0u8; (LONGEST + 1) * (LONGEST + 1)];
    for i in 0..=n {
        d[i * width] = i as u8;
    }
    for (j, cell) in d.iter_mut().enumerate().take(m + 1) {
        *cell = j as u8;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = v;
        }
    }
    let total = d[n * width + m];
    if total >= Slips::MANY {
        return many;
    }
    // Walk one cheapest alignment back, noting where in the first word each edit falls.
    let mut at = [0usize; Slips::MANY as usize];
    let mut edits = 0;
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = d[i * width + j];
        let (step_i, step_j, edit) =
            if i > 0 && j > 0 && a[i - 1] == b[j - 1] && d[(i - 1) * width + j - 1] == here {
                (1, 1, false)
            } else if i > 1
                && j > 1
                && a[i - 1] == b[j - 2]
                && a[i - 2] == b[j - 1]
                && d[(i - 2) * width + j - 2] + 1 == here
            {
                (2, 2, true)
            } else if i > 0 && j > 0 && d[(i - 1) * width + j - 1] + 1 == here {
                (1, 1, true)
            } else if i > 0 && d[(i - 1) * width + j] + 1 == here {
                (1, 0, true)
            } else {
                (0, 1, true)
            };
        i -= step_i;
        j -= step_j;
        if edit && edits < at.len() {
            at[edits] = i;
            edits += 1;
        }
    }
    let at = &at[..edits];
    Some(Slips {
        count: total,
        neighbours: at.windows(2).any(|w| w[0].abs_diff(w[1]) <= 1),
        first_letter: at.contains(&0),
    })
}

/// Whether both words, by their phonetic keys, are names a census lists as common.
pub(crate) fn both_common(key_a: &str, key_b: &str) -> bool {
    !key_a.is_empty()
        && !key_b.is_empty()
        && reference_frequency(key_a) >= COMMON
        && reference_frequency(key_b) >= COMMON
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phonetic_key;

    #[test]
    fn counts_edits_and_where_they_fall() {
        let at = |a: &str, b: &str| {
            let s = slips(a, b).unwrap();
            (s.count, s.neighbours, s.first_letter)
        };
        assert_eq!(at("starkey", "starmer"), (2, false, false));
        assert_eq!(at("sultan", "salman"), (2, false, false));
        // A digraph for a letter: a syllable replaced.
        assert_eq!(at("orbach", "orban"), (2, true, false));
        assert!(at("pereira", "ferreira").2);
        assert_eq!(at("invidia", "nvidia"), (1, false, true));
        assert_eq!(at("putin", "pulin").0, 1);
        assert_eq!(at("jonson", "johnson").0, 1);
        // A swap of neighbours is one slip.
        assert_eq!(at("hnas", "hans").0, 1);
        assert_eq!(at("barakhoev", "barkhanoev").0, Slips::MANY);
        assert_eq!(at("castro", "castillo").0, Slips::MANY);
        assert_eq!(at("same", "same").0, 0);
        assert_eq!(at("", "ab").0, 2);
        assert_eq!(at("a", "abcdef").0, Slips::MANY);
        assert_eq!(slips(&"a".repeat(60), &"a".repeat(59)), None);
    }

    #[test]
    fn common_names_are_told_from_rare_ones() {
        let common = |a: &str, b: &str| both_common(&phonetic_key(a), &phonetic_key(b));
        assert!(common("Tom", "Tim"));
        assert!(common("Wilson", "Nelson"));
        assert!(!common("Starkey", "Starmer"));
        assert!(!common("Jorgan", "Jordan"));
        assert!(!common("", "Jordan"));
    }
}
