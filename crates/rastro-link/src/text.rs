//! The text operations comparisons need, adapted from where they live: name analysis from
//! `rastro-names` (one place for it), general folding from `rastro-geo`. Values are folded once
//! per record; the functions used per pair work on folded text.

/// Folds free text (addresses, codes): case, accents and punctuation away, digits kept.
pub fn fold_text(value: &str) -> String {
    rastro_geo::fold_key(value)
}

/// Folds a name into its tokens (ASCII letters) joined by single spaces: "María  José" and
/// "MARIA-JOSE" both give "maria jose".
pub fn fold_name(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for token in value.split(|c: char| !c.is_alphanumeric()) {
        let folded = rastro_names::fold(token);
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

/// Whether the edit distance of `a` and `b` is at most `max`.
pub fn levenshtein_within(a: &str, b: &str, max: u32) -> bool {
    if a.len().abs_diff(b.len()) > max as usize && a.is_ascii() && b.is_ascii() {
        return false;
    }
    rastro_names::levenshtein(a, b) <= max as usize
}

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
