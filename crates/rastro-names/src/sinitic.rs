//! Chinese names romanised in Wade-Giles ("Mao Tse-tung", "Hsi Chin-ping") and in pinyin ("Mao
//! Zedong", "Xi Jinping"): lists and documents mix both, and the older system writes syllables
//! apart with hyphens. A name whose every word splits into Mandarin syllables gets a coarse key
//! in which both systems agree: initials that differ only by aspiration or by system (t/d,
//! ch/zh/j/q/ts/z/c, hs/x/s/sh, k/g, p/b) are merged, and the finals Wade-Giles spells
//! differently (-ung, -ih, -ieh, -ien) are written as in pinyin.

/// Initials, longest first so that "zh" is tried before "z".
const INITIALS: &[&str] = &[
    "ch", "hs", "sh", "ts", "tz", "zh", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p",
    "q", "r", "s", "t", "w", "x", "y", "z",
];

/// Finals of both systems.
const FINALS: &[&str] = &[
    "a", "ai", "an", "ang", "ao", "e", "ei", "en", "eng", "er", "i", "ia", "ian", "iang", "iao",
    "ie", "ieh", "ien", "ih", "in", "ing", "iong", "iu", "iung", "o", "ong", "ou", "u", "ua",
    "uai", "uan", "uang", "uei", "ui", "un", "ung", "uo", "ue", "ueh", "yu", "yun", "yung",
];

fn coarse_initial(i: &str) -> &'static str {
    match i {
        "b" | "p" => "p",
        "d" | "t" => "t",
        "g" | "k" => "k",
        "ch" | "zh" | "j" | "q" | "ts" | "tz" | "z" | "c" => "c",
        "hs" | "x" | "sh" | "s" => "s",
        "f" => "f",
        "h" => "h",
        "l" => "l",
        "m" => "m",
        "n" => "n",
        "r" => "r",
        "w" => "w",
        "y" => "y",
        _ => "",
    }
}

fn coarse_final(f: &str) -> &str {
    match f {
        "ung" => "ong",
        "iung" | "yung" => "iong",
        "ih" => "i",
        "ieh" => "ie",
        "ien" => "ian",
        "uei" => "ui",
        "ueh" => "ue",
        other => other,
    }
}

/// Spellings only Wade-Giles uses.
fn wade_giles_only(initial: &str, fin: &str) -> bool {
    matches!(initial, "hs" | "ts" | "tz")
        || matches!(fin, "ung" | "iung" | "ih" | "ieh" | "ien" | "uei" | "ueh")
}

/// Every way `word` can start with a syllable: its length, coarse key, and whether it is
/// spelt the Wade-Giles way.
fn syllables_at(word: &str) -> impl Iterator<Item = (usize, String, bool)> + '_ {
    let initials = INITIALS
        .iter()
        .filter(move |i| word.starts_with(**i))
        .map(|i| (*i, coarse_initial(i)))
        .chain(std::iter::once(("", "")));
    initials.flat_map(move |(i, ci)| {
        FINALS
            .iter()
            .filter(move |f| word[i.len()..].starts_with(**f))
            .map(move |f| {
                (
                    i.len() + f.len(),
                    format!("{ci}{}", coarse_final(f)),
                    wade_giles_only(i, f),
                )
            })
    })
}

/// A word split into syllables: how many, their coarse keys, and whether one is spelt the
/// Wade-Giles way.
#[derive(Clone)]
struct Split {
    syllables: usize,
    key: String,
    wade_giles: bool,
}

/// The split of a word into syllables with the fewest of them; `None` when the word is not
/// syllables.
fn word_key(word: &str) -> Option<Split> {
    let n = word.len();
    if n == 0 || n > 18 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    // best[i]: the best split of word[..i].
    let mut best: Vec<Option<Split>> = vec![None; n + 1];
    best[0] = Some(Split {
        syllables: 0,
        key: String::new(),
        wade_giles: false,
    });
    for start in 0..n {
        let Some(so_far) = best[start].clone() else {
            continue;
        };
        for (len, syllable, wade_giles) in syllables_at(&word[start..]) {
            let end = start + len;
            if best[end]
                .as_ref()
                .is_none_or(|b| b.syllables > so_far.syllables + 1)
            {
                best[end] = Some(Split {
                    syllables: so_far.syllables + 1,
                    key: format!("{}{syllable}", so_far.key),
                    wade_giles: so_far.wade_giles || wade_giles,
                });
            }
        }
    }
    best[n].take()
}

/// The coarse key of a whole name (its words in order) and whether the name is spelt the
/// Wade-Giles way somewhere, or `None` when a word is not Mandarin syllables. Only names of two
/// to four words are keyed.
pub(crate) fn name_key<'a>(words: impl Iterator<Item = &'a str>) -> Option<(String, bool)> {
    let mut key = String::new();
    let mut wade_giles = false;
    let mut count = 0;
    for w in words {
        count += 1;
        if count > 4 || w.len() > 12 {
            return None;
        }
        let split = word_key(w)?;
        key.push_str(&split.key);
        wade_giles |= split.wade_giles;
    }
    (count >= 2).then_some((key, wade_giles))
}

/// Whether a word may hold a syllable spelt the Wade-Giles way ([`wade_giles_only`]): it holds
/// one of those spellings somewhere. Most names do not, and need no key to know that a match
/// with a pinyin name cannot be a romanisation of it.
pub(crate) fn may_be_wade_giles(word: &str) -> bool {
    // One pass over the letters, looking for "hs", "ts", "tz", "ung", "ih", "ieh", "ien",
    // "uei" and "ueh"; every name is asked this against every candidate's.
    let w = word.as_bytes();
    w.windows(2).enumerate().any(|(i, pair)| {
        let next = w.get(i + 2).copied();
        match (pair[0], pair[1]) {
            (b'h', b's') | (b't', b's') | (b't', b'z') | (b'i', b'h') => true,
            (b'u', b'n') => next == Some(b'g'),
            (b'i', b'e') => matches!(next, Some(b'h' | b'n')),
            (b'u', b'e') => matches!(next, Some(b'i' | b'h')),
            _ => false,
        }
    })
}

/// Whether two names are one Chinese name written once in Wade-Giles and once in pinyin (or
/// both in Wade-Giles): keys equal and Wade-Giles spelling on at least one side. Two names
/// that only happen to be made of syllables ("Dina Tanga" / "Tina Danga") are not.
pub(crate) fn same_romanised(a: &Option<(String, bool)>, b: &Option<(String, bool)>) -> bool {
    match (a, b) {
        (Some((ka, wa)), Some((kb, wb))) => ka == kb && (*wa || *wb),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> Option<(String, bool)> {
        name_key(name.split(' '))
    }

    fn same(a: &str, b: &str) -> bool {
        same_romanised(&key(a), &key(b))
    }

    #[test]
    fn wade_giles_and_pinyin_agree() {
        assert!(same("mao tse tung", "mao zedong"));
        assert!(same("hsi chin ping", "xi jinping"));
        assert!(!same("xi jinping", "li keqiang"));
        // Syllables alone are not enough: one side must be spelt the Wade-Giles way.
        assert!(key("dina tanga").is_some());
        assert!(!same("dina tanga", "tina danga"));
    }

    #[test]
    fn a_wade_giles_spelling_is_always_noticed() {
        for name in [
            "mao tse tung",
            "hsi chin ping",
            "chiang kai shih",
            "li hsien nien",
        ] {
            assert!(key(name).is_some_and(|k| k.1), "{name}");
            assert!(name.split(' ').any(may_be_wade_giles), "{name}");
        }
        assert!(!"xi jinping".split(' ').any(may_be_wade_giles));
        // Every syllable that makes a key Wade-Giles is seen by the quick check.
        for i in INITIALS.iter().chain(std::iter::once(&"")) {
            for f in FINALS {
                if wade_giles_only(i, f) {
                    assert!(may_be_wade_giles(&format!("{i}{f}")), "{i}{f}");
                }
            }
        }
    }

    #[test]
    fn other_names_have_no_key() {
        assert_eq!(key("juan perez"), None);
        assert_eq!(key("garcia lopez"), None);
        assert_eq!(key("mao"), None);
    }
}
