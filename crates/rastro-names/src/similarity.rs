//! String similarities on folded tokens.
//!
//! All functions take `&str` and work on bytes when both strings are ASCII (folded tokens always
//! are) and on characters otherwise, so they are fast on the hot path and still correct on raw text.

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

/// Levenshtein edit distance (insertions, deletions, substitutions).
pub fn levenshtein(a: &str, b: &str) -> usize {
    with_units(
        a,
        b,
        |x, y| edit_distance(x, y, false),
        |x, y| edit_distance(x, y, false),
    )
}

/// Damerau–Levenshtein distance in its optimal-string-alignment form: adjacent transpositions
/// ("Maria" / "Mraia") cost one edit, as typists make them.
pub fn damerau_levenshtein(a: &str, b: &str) -> usize {
    with_units(
        a,
        b,
        |x, y| edit_distance(x, y, true),
        |x, y| edit_distance(x, y, true),
    )
}

/// Whether two strings are at most one edit apart (insertion, deletion, substitution or
/// adjacent transposition): [`damerau_levenshtein`] ≤ 1 in one pass instead of a full table.
pub(crate) fn within_one_edit(a: &str, b: &str) -> bool {
    if !(a.is_ascii() && b.is_ascii()) {
        return damerau_levenshtein(a, b) <= 1;
    }
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(p, q)| p == q).count();
    if short.len() == long.len() {
        if prefix == short.len() {
            return true;
        }
        // One substitution, or one swap of neighbours, then the rest equal.
        let i = prefix;
        short[i + 1..] == long[i + 1..]
            || (i + 1 < short.len()
                && short[i] == long[i + 1]
                && short[i + 1] == long[i]
                && short[i + 2..] == long[i + 2..])
    } else {
        // One letter inserted into the shorter at the first difference.
        short[prefix..] == long[prefix + 1..]
    }
}

/// [`edit_similarity`] of two ASCII byte strings when it is above `floor`, else `None`; the
/// table is abandoned as soon as two rows in a row exceed the distance the floor allows, so
/// strings far apart cost a few rows, not the whole table.
pub(crate) fn edit_similarity_above(a: &[u8], b: &[u8], floor: f64) -> Option<f64> {
    let len = a.len().max(b.len());
    if len == 0 {
        return (1.0 > floor).then_some(1.0);
    }
    // Largest distance d with 1 - d / len > floor.
    let allowed = (1.0 - floor) * len as f64;
    if allowed <= 0.0 {
        return None;
    }
    let max = (allowed.ceil() as usize).saturating_sub(1);
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let d = bounded_osa(a, b, max)?;
    let sim = 1.0 - d as f64 / len as f64;
    (sim > floor).then_some(sim)
}

/// Optimal-string-alignment distance if it is at most `max`.
fn bounded_osa(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    let w = b.len() + 1;
    // Whole names are short: three rows on the stack avoid allocating on the hot path.
    const SMALL: usize = 64;
    let (mut s0, mut s1, mut s2) = ([0usize; SMALL], [0usize; SMALL], [0usize; SMALL]);
    let (mut h0, mut h1, mut h2);
    let (mut prev2, mut prev, mut cur): (&mut [usize], &mut [usize], &mut [usize]) = if w <= SMALL {
        (&mut s0[..w], &mut s1[..w], &mut s2[..w])
    } else {
        h0 = vec![0usize; w];
        h1 = vec![0usize; w];
        h2 = vec![0usize; w];
        (&mut h0[..], &mut h1[..], &mut h2[..])
    };
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    let mut prev_min = 0;
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = i;
        for j in 1..w {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        // A row draws only on the two before it: once two rows are both over the limit, every
        // later one is too.
        if row_min > max && prev_min > max {
            return None;
        }
        prev_min = row_min;
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

/// Damerau–Levenshtein distance scaled to a similarity in [0, 1] by the longer length.
pub fn edit_similarity(a: &str, b: &str) -> f64 {
    let len = a.chars().count().max(b.chars().count());
    if len == 0 {
        return 1.0;
    }
    1.0 - damerau_levenshtein(a, b) as f64 / len as f64
}

fn with_units<R>(
    a: &str,
    b: &str,
    bytes: impl Fn(&[u8], &[u8]) -> R,
    chars: impl Fn(&[char], &[char]) -> R,
) -> R {
    if a.is_ascii() && b.is_ascii() {
        bytes(a.as_bytes(), b.as_bytes())
    } else {
        let x: Vec<char> = a.chars().collect();
        let y: Vec<char> = b.chars().collect();
        chars(&x, &y)
    }
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

fn edit_distance<T: PartialEq>(a: &[T], b: &[T], transpose: bool) -> usize {
    if a.is_empty() {
        return b.len();
    }
    if b.is_empty() {
        return a.len();
    }
    let w = b.len() + 1;
    // Name tokens are short: three rows on the stack avoid allocating on the hot path.
    const SMALL: usize = 48;
    let mut s0 = [0usize; SMALL];
    let mut s1 = [0usize; SMALL];
    let mut s2 = [0usize; SMALL];
    let mut h0;
    let mut h1;
    let mut h2;
    let (mut prev2, mut prev, mut cur): (&mut [usize], &mut [usize], &mut [usize]) = if w <= SMALL {
        (&mut s0[..w], &mut s1[..w], &mut s2[..w])
    } else {
        h0 = vec![0usize; w];
        h1 = vec![0usize; w];
        h2 = vec![0usize; w];
        (&mut h0[..], &mut h1[..], &mut h2[..])
    };
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if transpose && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
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
                    let bounded = super::edit_similarity_above(a.as_bytes(), b.as_bytes(), floor);
                    let expected = (full > floor).then_some(full);
                    assert_eq!(bounded, expected, "{a} / {b} above {floor}");
                }
            }
        }
    }

    #[test]
    fn within_one_edit_agrees_with_the_distance() {
        let words = [
            "maria", "mraia", "marai", "mari", "amria", "mario", "marias", "maaria", "mar", "",
            "m", "sko", "sok", "yyu", "yu", "josé", "jose", "jsoe",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    super::within_one_edit(a, b),
                    super::damerau_levenshtein(a, b) <= 1,
                    "{a} / {b}"
                );
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
    fn edit_distances() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("maria", "mraia"), 2);
        assert_eq!(damerau_levenshtein("maria", "mraia"), 1);
        assert_eq!(damerau_levenshtein("ca", "abc"), 3);
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
