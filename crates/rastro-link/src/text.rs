//! The text operations comparisons need, adapted from where they live: name analysis from
//! `rastro-names` (one place for it), folding and edit distances from `rastro-text`. Values are
//! folded once per record; the functions used per pair work on folded text.

/// Folds free text (addresses, codes): case, accents and punctuation away, digits kept.
pub fn fold_text(value: &str) -> String {
    rastro_text::fold_key(value)
}

/// Folds a name into its tokens (ASCII letters) joined by single spaces: "María  José" and
/// "MARIA-JOSE" both give "maria jose".
pub fn fold_name(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for token in value.split(|c: char| !c.is_alphanumeric()) {
        let folded = rastro_text::fold_name(token);
        if folded.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&folded);
    }
    out
}

pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    rastro_names::jaro_winkler(a, b)
}

/// Letter counts of a value, for [`jaro_winkler_bound_from`]. Letters share slots by their low five
/// bits; a shared slot can only overcount the shared letters, which keeps the bound a bound.
pub type Letters = [u8; 32];

pub fn letters(value: &str) -> Letters {
    let mut counts = [0u8; 32];
    for byte in value.bytes() {
        let slot = &mut counts[usize::from(byte & 31)];
        *slot = slot.saturating_add(1);
    }
    counts
}

/// An upper bound of the Jaro-Winkler similarity from shared letters alone, a few nanoseconds
/// where the similarity itself costs a hundred: most random pairs (all of the pairs drawn to
/// estimate u) fail every threshold, and this settles them without the full computation.
/// Jaro's matching characters are among the shared ones and transpositions only lower it, so
/// (shared/|a| + shared/|b| + 1) / 3 bounds Jaro, and the Winkler prefix bonus grows with Jaro.
pub fn jaro_winkler_bound_from(a: &str, b: &str, la: &Letters, lb: &Letters) -> f64 {
    if !a.is_ascii() || !b.is_ascii() || a.is_empty() || b.is_empty() {
        return 1.0;
    }
    let shared: u32 = la.iter().zip(lb).map(|(x, y)| u32::from(*x.min(y))).sum();
    if shared == 0 {
        return 0.0;
    }
    let shared = f64::from(shared);
    let jaro = (shared / a.len() as f64 + shared / b.len() as f64 + 1.0) / 3.0;
    let prefix = a
        .bytes()
        .zip(b.bytes())
        .take(4)
        .take_while(|(x, y)| x == y)
        .count() as f64;
    jaro + prefix * 0.1 * (1.0 - jaro)
}

/// Whether the edit distance of two values is at most `max` (shortcuts for dates' digits and
/// unrelated values are there).
pub use rastro_text::levenshtein_within;

/// A hashed phonetic key of a folded name, token by token (0 when it has none).
pub fn phonetic_key(folded: &str) -> u64 {
    let mut key = String::with_capacity(folded.len());
    for token in folded.split(' ') {
        let k = rastro_names::phonetic_key(token);
        if k.is_empty() {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&k);
    }
    if key.is_empty() {
        return 0;
    }
    match xxhash_rust::xxh3::xxh3_64(key.as_bytes()) {
        0 => 1,
        h => h,
    }
}

/// The variant groups of each token of a folded name.
pub fn variant_groups(folded: &str) -> Vec<&'static [u32]> {
    folded
        .split(' ')
        .map(rastro_names::variant_groups)
        .collect()
}

/// Whether two folded names are, token by token, equal or listed variants of each other.
pub fn are_variants(
    a: &str,
    b: &str,
    groups_a: &[&'static [u32]],
    groups_b: &[&'static [u32]],
) -> bool {
    if groups_a.len() != groups_b.len() {
        return false;
    }
    a.split(' ')
        .zip(b.split(' '))
        .zip(groups_a.iter().zip(groups_b))
        .all(|((x, y), (gx, gy))| x == y || intersect(gx, gy))
}

fn intersect(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    false
}

/// Whether every token of the shorter name occurs in the longer (a missing second surname or
/// middle name: "garcia" / "garcia lopez").
pub fn token_subset(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short != long && short.split(' ').all(|t| long.split(' ').any(|u| u == t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jaro_winkler_bound(a: &str, b: &str) -> f64 {
        jaro_winkler_bound_from(a, b, &letters(a), &letters(b))
    }

    #[test]
    fn bound_is_never_below_the_similarity() {
        let names = [
            "maria",
            "mariana",
            "mario",
            "jose",
            "josue",
            "garcia",
            "gracia",
            "garsia",
            "lopez",
            "lopes",
            "quispe",
            "qispe",
            "ana",
            "anna",
            "na",
            "a",
            "hernandez",
            "fernandez",
        ];
        for a in names {
            for b in names {
                let (jw, bound) = (jaro_winkler(a, b), jaro_winkler_bound(a, b));
                assert!(bound + 1e-12 >= jw, "{a} {b}: {bound} < {jw}");
            }
        }
        assert!(jaro_winkler_bound("maria", "pedro") < 0.8);
    }

    #[test]
    fn names_fold_into_tokens() {
        assert_eq!(fold_name("María  José"), "maria jose");
        assert_eq!(fold_name("MARIA-JOSE"), "maria jose");
        assert!(token_subset("garcia", "garcia lopez"));
        assert!(!token_subset("garcia", "garcia"));
    }
}
