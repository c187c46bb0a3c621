//! Similarities of name tokens in [0, 1].
//!
//! Jaro-Winkler weighs a shared beginning the way names differ (endings vary more than starts);
//! the edit similarity scales `rastro-text`'s Damerau–Levenshtein distance by length. Both take
//! `&str` and work on bytes when both strings are ASCII (folded tokens always are) and on
//! characters otherwise, so they are fast on the hot path and still correct on raw text.

use rastro_text::with_units;
use rastro_text::{damerau_levenshtein, damerau_levenshtein_within};

/// Jaro–Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4).
///
/// ```
/// use rastro_names::jaro_winkler;
/// assert!((jaro_winkler("martha", "marhta") - 0.961).abs() < 0.001);
/// assert_eq!(jaro_winkler("", ""), 1.0);
/// ```
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    with_units(a, b, jaro_winkler_units, jaro_winkler_units)
}

/// [`edit_similarity`] of two strings when it is above `floor`, else `None`; the distance table
/// is abandoned as soon as the floor is out of reach, so strings far apart cost a few rows, not
/// the whole table.
pub(crate) fn edit_similarity_above(a: &str, b: &str, floor: f64) -> Option<f64> {
    let len = a.chars().count().max(b.chars().count());
    if len == 0 {
        return (1.0 > floor).then_some(1.0);
    }
    // Largest distance d with 1 - d / len > floor.
    let allowed = (1.0 - floor) * len as f64;
    if allowed <= 0.0 {
        return None;
    }
    let max = (allowed.ceil() as usize).saturating_sub(1);
    let d = damerau_levenshtein_within(a, b, max)?;
    let sim = 1.0 - d as f64 / len as f64;
    (sim > floor).then_some(sim)
}

/// Damerau–Levenshtein distance scaled to a similarity in [0, 1] by the longer length.
pub fn edit_similarity(a: &str, b: &str) -> f64 {
    let len = a.chars().count().max(b.chars().count());
    if len == 0 {
        return 1.0;
    }
    1.0 - damerau_levenshtein(a, b) as f64 / len as f64
}

fn jaro_winkler_units<T: PartialEq>(a: &[T], b: &[T]) -> f64 {
    let j = jaro_units(a, b);
    let prefix = a
        .iter()
        .zip(b.iter())
        .take(4)
        .take_while(|(x, y)| x == y)
        .count();
    j + prefix as f64 * 0.1 * (1.0 - j)
}

fn jaro_units<T: PartialEq>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    // Tokens are short; fixed buffers avoid allocating on the hot path.
    let mut a_used_small = [false; 64];
    let mut b_used_small = [false; 64];
    let mut a_used_vec;
    let mut b_used_vec;
    let (a_used, b_used): (&mut [bool], &mut [bool]) = if a.len() <= 64 && b.len() <= 64 {
        (&mut a_used_small[..a.len()], &mut b_used_small[..b.len()])
    } else {
        a_used_vec = vec![false; a.len()];
        b_used_vec = vec![false; b.len()];
        (&mut a_used_vec[..], &mut b_used_vec[..])
    };
    let mut matches = 0usize;
    for (i, x) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_used[j] && b[j] == *x {
                a_used[i] = true;
                b_used[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut k = 0usize;
    for (i, x) in a.iter().enumerate() {
        if !a_used[i] {
            continue;
        }
        while !b_used[k] {
            k += 1;
        }
        if *x != b[k] {
            transpositions += 1;
        }
        k += 1;
    }
    let m = matches as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - (transpositions / 2) as f64) / m) / 3.0
}

#[cfg(test)]
mod tests {
    #[test]
    fn bounded_similarity_agrees_with_the_full_one() {
        let words = [
            "mariaelenatorres",
            "mariaelenatores",
            "elenamariatorres",
            "juanperez",
            "juanperes",
            "pedro",
            "",
            "ab",
            "ba",
            "abdulaziznuristani",
            "abdalaziznooristani",
        ];
        for a in words {
            for b in words {
                let full = super::edit_similarity(a, b);
                for floor in [0.0, 0.5, 0.8, 0.9, 0.95] {
                    let bounded = super::edit_similarity_above(a, b, floor);
                    let expected = (full > floor).then_some(full);
                    assert_eq!(bounded, expected, "{a} / {b} above {floor}");
                }
            }
        }
    }

    use super::*;

    #[test]
    fn jaro_winkler_reference_values() {
        assert!((jaro_winkler("dwayne", "duane") - 0.84).abs() < 0.001);
        assert!((jaro_winkler("dixon", "dicksonx") - 0.813).abs() < 0.001);
        assert_eq!(jaro_winkler("abc", "xyz"), 0.0);
        assert_eq!(jaro_winkler("jose", "jose"), 1.0);
        assert_eq!(jaro_winkler("a", ""), 0.0);
        assert!((jaro_winkler("josé", "jose") - jaro_winkler("josx", "jose")).abs() < 1e-9);
    }

    #[test]
    fn edit_similarities() {
        assert!((edit_similarity("garcia", "garcai") - (1.0 - 1.0 / 6.0)).abs() < 1e-9);
        assert_eq!(edit_similarity("", ""), 1.0);
    }

    #[test]
    fn long_inputs_do_not_overflow_buffers() {
        let a = "a".repeat(200);
        let b = "a".repeat(150);
        assert!(jaro_winkler(&a, &b) > 0.9);
    }
}
