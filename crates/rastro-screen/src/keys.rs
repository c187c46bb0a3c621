//! Blocking keys: what a name is filed under in the candidate index.
//!
//! A name is filed under the phonetic key and variant groups of each token (rare tokens find
//! their people alone), and under every pair of its tokens' phonetic keys, in full and by their
//! first three sounds (two tokens agreeing is selective even for common names, and a typo late
//! in one token keeps the short pair). Order never matters: pairs are sorted. A nickname is
//! also paired under the full names it stands for.

use rastro_names::{full_names, phonetic_key, variant_groups, NameAnalysis, Token};
use xxhash_rust::xxh3::xxh3_64;

/// Kinds of key, each with its weight when a candidate is found through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Token,
    Variant,
    Pair,
    ShortPair,
    Document,
    /// A pair with a birth year (0 for "unknown"): common name pairs split by year, so that a
    /// query with a birth date reads only the short lists of its own years.
    PairYear,
    ShortPairYear,
    /// The phonetic key of the whole name written without spaces: finds names whose words are
    /// split or joined differently ("Abdul Hai" / "Abdulhai", "Lauren Tnkunda" / "Laurent
    /// Nkunda"), and whole-name matches whatever the birth year says. One-word names are filed
    /// under their sorted letters instead.
    Joined,
}

impl KeyKind {
    pub(crate) fn weight(self) -> f32 {
        match self {
            KeyKind::Token | KeyKind::Variant => 1.0,
            KeyKind::ShortPair | KeyKind::ShortPairYear => 2.0,
            KeyKind::Pair | KeyKind::PairYear | KeyKind::Joined => 3.0,
            KeyKind::Document => 10.0,
        }
    }

    fn code(self) -> u32 {
        match self {
            KeyKind::Token => 0,
            KeyKind::Variant => 1,
            KeyKind::Pair => 2,
            KeyKind::ShortPair => 3,
            KeyKind::Document => 4,
            KeyKind::PairYear => 5,
            KeyKind::ShortPairYear => 6,
            KeyKind::Joined => 7,
        }
    }

    /// The kind is kept in the key's low bits, so the index stores no kind column.
    pub(crate) fn of(key: u32) -> KeyKind {
        match key & KIND_MASK {
            0 => KeyKind::Token,
            1 => KeyKind::Variant,
            2 => KeyKind::Pair,
            3 => KeyKind::ShortPair,
            4 => KeyKind::Document,
            5 => KeyKind::PairYear,
            6 => KeyKind::ShortPairYear,
            _ => KeyKind::Joined,
        }
    }
}

/// Tokens beyond this many per name do not make pairs (long Arabic nasab chains would make
/// dozens of pairs for little gain).
const PAIR_TOKENS: usize = 8;
const VARIANT_GROUPS: usize = 4;

const KIND_MASK: u32 = 7;

/// Keys are 32-bit: 29 bits of hash and 3 of kind. Two keys that collide only merge two posting
/// lists (a few more candidates to score), never lose one, and halve the index's memory.
pub(crate) fn hash(kind: KeyKind, parts: &[&[u8]]) -> u32 {
    // Keys are made for every query: the bytes go through a stack buffer when they fit.
    let mut small = [0u8; 96];
    let len = 1 + parts.iter().map(|p| p.len() + 1).sum::<usize>();
    let mut heap;
    let buf: &mut [u8] = if len <= small.len() {
        &mut small[..len]
    } else {
        heap = vec![0u8; len];
        &mut heap
    };
    buf[0] = kind.code() as u8;
    let mut at = 1;
    for p in parts {
        buf[at..at + p.len()].copy_from_slice(p);
        at += p.len() + 1;
    }
    (xxh3_64(buf) as u32 & !KIND_MASK) | kind.code()
}

/// The birth years a name's year-split pair keys are made for.
#[derive(Clone, Copy)]
pub(crate) struct Years<'a> {
    /// Years of the full-pair keys.
    pub pairs: &'a [u16],
    /// Years of the short-pair keys.
    pub short_pairs: &'a [u16],
}

impl<'a> Years<'a> {
    /// The same years for both kinds: what a listed name is filed under.
    pub(crate) fn same(years: &'a [u16]) -> Years<'a> {
        Years {
            pairs: years,
            short_pairs: years,
        }
    }
}

/// Every key of a name (the kind is in each key's low bits). `years` are the birth years the
/// pair-year keys are made for: a listed person's own years (or `[0]` when unknown); a query's
/// years, the years next to them, and 0.
pub(crate) fn name_keys(name: &NameAnalysis, years: Years<'_>, out: &mut Vec<u32>) {
    keys_into(name, years, true, out);
}

/// Only the full-pair keys of a name split by these birth years: the years a query reads with
/// less trust (further from its own).
pub(crate) fn pair_year_keys(name: &NameAnalysis, years: &[u16], out: &mut Vec<u32>) {
    let years = Years {
        pairs: years,
        short_pairs: &[],
    };
    keys_into(name, years, false, out);
}

/// The keys of a name; `all`: every kind, or only the year-split full pairs.
fn keys_into(name: &NameAnalysis, years: Years<'_>, all: bool, out: &mut Vec<u32>) {
    let paired: Vec<Token<'_>> = name
        .significant()
        .filter(|t| !t.initial && !t.abbreviated && t.key.len() >= 2)
        .collect();
    let keys: Vec<&str> = paired.iter().map(|t| t.key).collect();
    for t in name.significant().filter(|t| all && !t.initial) {
        if !t.abbreviated && t.key.len() >= 2 {
            out.push(hash(KeyKind::Token, &[t.key.as_bytes()]));
        }
        for g in variant_groups(t.text).iter().take(VARIANT_GROUPS) {
            out.push(hash(KeyKind::Variant, &[&g.to_le_bytes()]));
        }
    }
    let full: Vec<&str> = name
        .significant()
        .filter(|t| !t.initial && !t.abbreviated)
        .map(|t| t.text)
        .collect();
    if !all {
    } else if full.len() >= 2 {
        let joined = phonetic_key(&full.concat());
        if joined.len() >= 2 {
            out.push(hash(KeyKind::Joined, &[joined.as_bytes()]));
        }
    } else if let [only] = full[..] {
        // A one-word name has no pairs to fall back on when a typo changes its phonetic key;
        // its letters in order of the alphabet survive any transposition ("Afiz" / "Faiz").
        if only.len() >= 4 {
            let mut letters = only.as_bytes().to_vec();
            letters.sort_unstable();
            out.push(hash(KeyKind::Joined, &[b"letters", &letters]));
        }
    }
    let n = keys.len().min(PAIR_TOKENS);
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = sorted(keys[i], keys[j]);
            let (sa, sb) = sorted(prefix(keys[i]), prefix(keys[j]));
            if all {
                out.push(hash(KeyKind::Pair, &[a.as_bytes(), b.as_bytes()]));
                out.push(hash(KeyKind::ShortPair, &[sa.as_bytes(), sb.as_bytes()]));
            }
            for y in years.pairs {
                let y = y.to_le_bytes();
                out.push(hash(KeyKind::PairYear, &[a.as_bytes(), b.as_bytes(), &y]));
            }
            for y in years.short_pairs {
                let y = y.to_le_bytes();
                out.push(hash(
                    KeyKind::ShortPairYear,
                    &[sa.as_bytes(), sb.as_bytes(), &y],
                ));
            }
        }
    }
    // A nickname or another language's form is also paired under the full name it stands
    // for ("Pepe Pérez" under José + Pérez), so the two spellings share a full-pair key.
    for (i, t) in paired.iter().enumerate().take(n) {
        for full in full_names(t.text) {
            let alt = phonetic_key(full);
            for (j, other) in keys.iter().enumerate().take(n) {
                if j == i || alt.len() < 2 {
                    continue;
                }
                let (a, b) = sorted(&alt, other);
                if all {
                    out.push(hash(KeyKind::Pair, &[a.as_bytes(), b.as_bytes()]));
                }
                for y in years.pairs {
                    let y = y.to_le_bytes();
                    out.push(hash(KeyKind::PairYear, &[a.as_bytes(), b.as_bytes(), &y]));
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// Key of a normalised document number.
pub(crate) fn document_key(doc: &str) -> u32 {
    hash(KeyKind::Document, &[doc.as_bytes()])
}

fn sorted<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

fn prefix(key: &str) -> &str {
    // Keys are ASCII.
    &key[..key.len().min(3)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared_joined(a: &str, b: &str) -> bool {
        let keys = |n: &str| {
            let mut out = Vec::new();
            name_keys(
                &rastro_names::analyse(n).unwrap(),
                Years::same(&[0]),
                &mut out,
            );
            out.retain(|&k| KeyKind::of(k) == KeyKind::Joined);
            out
        };
        let (x, y) = (keys(a), keys(b));
        x.iter().any(|k| y.contains(k))
    }

    #[test]
    fn whole_name_keys_survive_word_boundaries_and_transpositions() {
        assert!(shared_joined("Lauren Tnkunda", "Laurent Nkunda"));
        assert!(!shared_joined("Abdul Hai", "Abdulhai Salek"));
        assert!(shared_joined("Afiz", "Faiz"));
        assert!(!shared_joined("Faiz", "Fazil"));
        assert!(!shared_joined("Juan Pérez", "Juan Pereira"));
    }
}
