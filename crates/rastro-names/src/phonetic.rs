//! Phonetic keys for Spanish and Portuguese names.
//!
//! Soundex and Metaphone were made for English and merge or split the wrong sounds for Latin
//! American names. These rules follow how the names are pronounced across the region, so that
//! spellings a clerk may hear or write differently get one key:
//!
//! - `b`, `v` and `w` are one sound (Vanesa / Banesa, Wagner / Vagner);
//! - `c` before `e`/`i`, `ç`, `z`, `s`, `ss`, `sc` before `e`/`i` are one sound (seseo: Sepeda /
//!   Cepeda, Gonçalves / Gonsalves, Luiz / Luis);
//! - `c` elsewhere, `k`, `q`, `qu` before `e`/`i`, `ck` are one sound (Karla / Carla, Enrique / Enrike);
//! - `g` before `e`/`i` and `j` are one sound (Jeraldo / Geraldo); `gu` before `e`/`i` is a hard `g`;
//! - `ll`, `lh`, `y` before a vowel and `i` before a vowel at the start are one sound (yeísmo;
//!   Carvalho / Carvallo, Yolanda / Iolanda);
//! - `nh`, `ñ` and `ny` are written `n` (Penha / Peña / Pena are confused in practice);
//! - `h` is silent (Hernández / Ernández), `ph` is `f`, `th` is `t`;
//! - `x` at the start is the `j` sound (Ximena / Jimena), `ch`/`sh` are one sound;
//! - a final `m` is an `n` (Joaquim / Joaquín), `y` as a vowel is `i`;
//! - doubled letters are single (Rossi / Rosi, Marcello / Marcelo after `ll`).

use rastro_text::fold_name;

/// The phonetic key of one name token (raw or already folded).
///
/// Returns an empty string when the token has no letters. Keys are short ASCII strings; equal
/// keys mean "sounds the same to a Spanish or Portuguese speaker".
///
/// ```
/// use rastro_names::phonetic_key;
/// assert_eq!(phonetic_key("Gonçalves"), phonetic_key("Gonsalves"));
/// assert_eq!(phonetic_key("Carvalho"), phonetic_key("Carvallo"));
/// assert_eq!(phonetic_key("Hernández"), phonetic_key("Ernandes"));
/// assert_ne!(phonetic_key("Garcia"), phonetic_key("Garza"));
/// ```
pub fn phonetic_key(token: &str) -> String {
    // `ç` folds to `c`, which would then read as hard before a/o/u; it is always soft.
    let folded = if token.contains(['ç', 'Ç']) {
        fold_name(&token.replace(['ç', 'Ç'], "s"))
    } else {
        fold_name(token)
    };
    encode(folded.as_bytes())
}

/// [`phonetic_key`] of a raw token whose [`fold_name`] is `folded` already: the same key
/// without folding twice.
pub(crate) fn key_of_folded(raw: &str, folded: &str) -> String {
    if raw.contains(['ç', 'Ç']) {
        phonetic_key(raw)
    } else {
        encode(folded.as_bytes())
    }
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn is_front(b: Option<u8>) -> bool {
    matches!(b, Some(b'e') | Some(b'i') | Some(b'y'))
}

/// Encodes a folded token (lowercase ASCII letters).
pub(crate) fn encode(s: &[u8]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    let at = |i: usize| s.get(i).copied();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        let next = at(i + 1);
        let (code, step): (&[u8], usize) = match c {
            b'a' | b'e' | b'o' | b'u' => (std::slice::from_ref(&s[i]), 1),
            b'i' => {
                if i == 0 && next.is_some_and(is_vowel) {
                    (b"Y", 1)
                } else {
                    (b"i", 1)
                }
            }
            b'y' => {
                if next.is_some_and(is_vowel) {
                    (b"Y", 1)
                } else {
                    (b"i", 1)
                }
            }
            b'b' | b'v' | b'w' => (b"b", 1),
            b'c' => match next {
                Some(b'h') => (b"X", 2),
                Some(b'k') => (b"k", 2),
                n if is_front(n) => (b"s", 1),
                _ => (b"k", 1),
            },
            b'k' => (b"k", 1),
            b'q' => {
                if next == Some(b'u') && is_front(at(i + 2)) {
                    (b"k", 2)
                } else if next == Some(b'u') {
                    (b"kb", 2)
                } else {
                    (b"k", 1)
                }
            }
            b'g' => {
                if next == Some(b'u') && is_front(at(i + 2)) {
                    (b"g", 2)
                } else if is_front(next) {
                    (b"J", 1)
                } else {
                    (b"g", 1)
                }
            }
            b'j' => (b"J", 1),
            b'x' => {
                if i == 0 {
                    (b"J", 1)
                } else {
                    (b"ks", 1)
                }
            }
            b's' => {
                if next == Some(b'h') {
                    (b"X", 2)
                } else if next == Some(b'c') && is_front(at(i + 2)) {
                    (b"s", 2)
                } else {
                    (b"s", 1)
                }
            }
            b'z' => (b"s", 1),
            b'l' => match next {
                Some(b'l') | Some(b'h') => (b"Y", 2),
                _ => (b"l", 1),
            },
            b'n' => match next {
                Some(b'h') => (b"n", 2),
                Some(b'y') if at(i + 2).is_some_and(is_vowel) => (b"n", 2),
                _ => (b"n", 1),
            },
            b'm' => {
                if i + 1 == s.len() && i > 0 {
                    (b"n", 1)
                } else {
                    (b"m", 1)
                }
            }
            b'p' => {
                if next == Some(b'h') {
                    (b"f", 2)
                } else {
                    (b"p", 1)
                }
            }
            b't' => {
                if next == Some(b'h') {
                    (b"t", 2)
                } else {
                    (b"t", 1)
                }
            }
            b'h' => (b"", 1),
            b'a'..=b'z' => (std::slice::from_ref(&s[i]), 1),
            _ => (b"", 1),
        };
        for &b in code {
            // Doubled sounds are one sound ("rr", "ss", "cc" before e/i...).
            if out.last() != Some(&b) {
                out.push(b);
            }
        }
        i += step;
    }
    // Every byte pushed is ASCII.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::phonetic_key as k;

    #[test]
    fn merges_regional_spellings() {
        let same = [
            ("Vanesa", "Banessa"),
            ("Wagner", "Vagner"),
            ("Cepeda", "Sepeda"),
            ("Luiz", "Luis"),
            ("Gonçalves", "Gonsalves"),
            ("Enrique", "Enrike"),
            ("Geraldo", "Jeraldo"),
            ("Guillermo", "Guiyermo"),
            ("Carvalho", "Carvallo"),
            ("Yolanda", "Iolanda"),
            ("Peña", "Penha"),
            ("Hernández", "Ernandes"),
            ("Ximena", "Jimena"),
            ("Joaquim", "Joaquín"),
            ("Rossi", "Rosi"),
            ("Thiago", "Tiago"),
            ("Raphael", "Rafael"),
            ("Nascimento", "Nasimento"),
            ("Katherine", "Catherine"),
        ];
        for (a, b) in same {
            assert_eq!(k(a), k(b), "{a} / {b}");
        }
    }

    #[test]
    fn keeps_different_names_apart() {
        let different = [
            ("Garcia", "Garza"),
            ("Maria", "Mario"),
            ("Luis", "Luisa"),
            ("Pedro", "Pablo"),
            ("Castro", "Castillo"),
        ];
        for (a, b) in different {
            assert_ne!(k(a), k(b), "{a} / {b}");
        }
    }

    #[test]
    fn the_key_of_a_fold_is_the_key_of_the_word() {
        for w in [
            "Gonçalves",
            "GONÇALVES",
            "José",
            "Ximena",
            "Øyvind",
            "Владимир",
            "習",
        ] {
            let folded = rastro_text::fold_name(w);
            assert_eq!(super::key_of_folded(w, &folded), k(w), "{w}");
        }
    }

    #[test]
    fn empty_and_non_letters() {
        assert_eq!(k(""), "");
        assert_eq!(k("...!"), "");
        assert_eq!(k("h"), "");
    }
}
