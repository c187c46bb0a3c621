//! Numbers as news writes them in Spanish, Portuguese and English: digits with either thousands
//! separator ("3.222", "2,700"), decimals with a multiplier ("63,4 mil", "2.5 million"), and
//! number words ("veinticuatro", "doze", "twenty-nine", "a dozen", "treinta y dos").
//! Vague quantities ("cientos", "dezenas", "hundreds") are recognised so that they are *not*
//! taken for counts.

use std::sync::OnceLock;

use rastro_geo::Lang;

use crate::text::{Doc, TokKind};
use rastro_text::fasthash::FastMap;

/// A number found at tokens `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NumberPhrase {
    pub value: f64,
    pub start: usize,
    pub end: usize,
    /// Written as digits (as opposed to words).
    pub digits: bool,
    /// The word for one ("una", "um", "one"): a count only when a noun follows.
    pub one_word: bool,
    /// A vague quantity ("cientos de", "dozens of"): never a count.
    pub vague: bool,
}

impl NumberPhrase {
    /// The value as a whole count, when it is one.
    pub fn count(&self) -> Option<u64> {
        (!self.vague && self.value >= 0.0 && self.value.fract() == 0.0 && self.value < 1e12)
            .then_some(self.value as u64)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Word {
    /// Adds to the current group: units, tens, hundreds.
    Add(u64),
    /// Multiplies the current group ("hundred").
    Hundred,
    /// Closes a group ("mil", "thousand", "million").
    Scale(u64),
    /// Twelve as a quantity noun: "a dozen", "una docena".
    Dozen,
    /// A vague plural quantity.
    Vague,
    /// "and" between parts of a number ("treinta y dos", "vinte e dois").
    Joiner,
}

struct Words {
    table: FastMap<&'static str, (Option<Lang>, Word)>,
}

fn words() -> &'static Words {
    static TABLE: OnceLock<Words> = OnceLock::new();
    TABLE.get_or_init(|| Words {
        table: build_words(),
    })
}

fn build_words() -> FastMap<&'static str, (Option<Lang>, Word)> {
    use Word::*;
    let es = Some(Lang::Es);
    let pt = Some(Lang::Pt);
    let en = Some(Lang::En);
    let any: Option<Lang> = None;
    let mut m = FastMap::default();
    let mut add = |lang: Option<Lang>, list: &[(&'static str, u64)]| {
        for (w, v) in list {
            m.insert(*w, (lang, Add(*v)));
        }
    };
    add(
        es,
        &[
            ("un", 1),
            ("uno", 1),
            ("una", 1),
            ("dos", 2),
            ("cuatro", 4),
            ("siete", 7),
            ("ocho", 8),
            ("nueve", 9),
            ("diez", 10),
            ("once", 11),
            ("doce", 12),
            ("trece", 13),
            ("catorce", 14),
            ("quince", 15),
            ("dieciseis", 16),
            ("diecisiete", 17),
            ("dieciocho", 18),
            ("diecinueve", 19),
            ("veinte", 20),
            ("veintiun", 21),
            ("veintiuno", 21),
            ("veintiuna", 21),
            ("veintidos", 22),
            ("veintitres", 23),
            ("veinticuatro", 24),
            ("veinticinco", 25),
            ("veintiseis", 26),
            ("veintisiete", 27),
            ("veintiocho", 28),
            ("veintinueve", 29),
            ("treinta", 30),
            ("cuarenta", 40),
            ("cincuenta", 50),
            ("sesenta", 60),
            ("ochenta", 80),
            ("cien", 100),
            ("ciento", 100),
            ("doscientos", 200),
            ("doscientas", 200),
            ("trescientos", 300),
            ("trescientas", 300),
            ("cuatrocientos", 400),
            ("cuatrocientas", 400),
            ("quinientos", 500),
            ("quinientas", 500),
            ("seiscientos", 600),
            ("seiscientas", 600),
            ("setecientos", 700),
            ("setecientas", 700),
            ("ochocientos", 800),
            ("ochocientas", 800),
            ("novecientos", 900),
            ("novecientas", 900),
        ],
    );
    add(
        pt,
        &[
            ("um", 1),
            ("uma", 1),
            ("dois", 2),
            ("duas", 2),
            ("quatro", 4),
            ("sete", 7),
            ("oito", 8),
            ("nove", 9),
            ("dez", 10),
            ("onze", 11),
            ("doze", 12),
            ("treze", 13),
            ("catorze", 14),
            ("quatorze", 14),
            ("quinze", 15),
            ("dezesseis", 16),
            ("dezasseis", 16),
            ("dezessete", 17),
            ("dezassete", 17),
            ("dezoito", 18),
            ("dezenove", 19),
            ("dezanove", 19),
            ("vinte", 20),
            ("trinta", 30),
            ("quarenta", 40),
            ("cinquenta", 50),
            ("sessenta", 60),
            ("oitenta", 80),
            ("cem", 100),
            ("cento", 100),
            ("duzentos", 200),
            ("duzentas", 200),
            ("trezentos", 300),
            ("trezentas", 300),
            ("quatrocentos", 400),
            ("quatrocentas", 400),
            ("quinhentos", 500),
            ("quinhentas", 500),
            ("seiscentos", 600),
            ("seiscentas", 600),
            ("setecentos", 700),
            ("setecentas", 700),
            ("oitocentos", 800),
            ("oitocentas", 800),
            ("novecentos", 900),
            ("novecentas", 900),
        ],
    );
    // Spelt the same in Spanish and Portuguese.
    add(
        any,
        &[
            ("tres", 3),
            ("cinco", 5),
            ("seis", 6),
            ("setenta", 70),
            ("noventa", 90),
        ],
    );
    add(
        en,
        &[
            ("one", 1),
            ("two", 2),
            ("three", 3),
            ("four", 4),
            ("five", 5),
            ("six", 6),
            ("seven", 7),
            ("eight", 8),
            ("nine", 9),
            ("ten", 10),
            ("eleven", 11),
            ("twelve", 12),
            ("thirteen", 13),
            ("fourteen", 14),
            ("fifteen", 15),
            ("sixteen", 16),
            ("seventeen", 17),
            ("eighteen", 18),
            ("nineteen", 19),
            ("twenty", 20),
            ("thirty", 30),
            ("forty", 40),
            ("fifty", 50),
            ("sixty", 60),
            ("seventy", 70),
            ("eighty", 80),
            ("ninety", 90),
        ],
    );
    m.insert("hundred", (en, Hundred));
    m.insert("mil", (any, Scale(1_000)));
    m.insert("thousand", (en, Scale(1_000)));
    for w in [
        "millon", "millones", "milhao", "milhoes", "million", "millions",
    ] {
        m.insert(w, (any, Scale(1_000_000)));
    }
    for w in ["billon", "bilhao", "bilhoes", "billion", "billions"] {
        m.insert(w, (any, Scale(1_000_000_000)));
    }
    for w in ["dozen", "docena", "duzia"] {
        m.insert(w, (any, Dozen));
    }
    for w in [
        "dozens",
        "centenar",
        "decena",
        "dezena",
        "centena",
        "millar",
        "milhar",
        "scores",
        "docenas",
        "decenas",
        "dezenas",
        "cientos",
        "centenares",
        "centenas",
        "hundreds",
        "thousands",
        "miles",
        "milhares",
        "millares",
        "varios",
        "varias",
        "varios",
        "several",
        "numerous",
        "numerosos",
        "numerosas",
        "muchos",
        "muchas",
        "muitos",
        "muitas",
        "many",
    ] {
        m.insert(w, (any, Vague));
    }
    m.insert("y", (es, Joiner));
    m.insert("e", (pt, Joiner));
    m.insert("and", (en, Joiner));
    m
}

/// Every number word of every language, for [`crate::vocab`].
pub(crate) fn number_words() -> impl Iterator<Item = &'static str> {
    words().table.keys().copied()
}

fn word_at(doc: &Doc, i: usize, lang: Lang) -> Option<Word> {
    let tok = doc.tokens.get(i)?;
    if tok.kind != TokKind::Word {
        return None;
    }
    // Most words are no number word, and the token's vocabulary entry says so without a lookup.
    if !crate::vocab::vocab().entry(tok.vocab).number {
        return None;
    }
    match words().table.get(tok.key.as_ref()) {
        Some((Some(l), w)) if *l == lang => Some(*w),
        Some((None, w)) => Some(*w),
        _ => None,
    }
}

/// Parses digits written with `.` or `,` separators. A separator followed by exactly three
/// digits is a thousands separator in all three languages (Mexican Spanish writes "2,700" and
/// Brazilian Portuguese "2.700"); otherwise the last separator is the decimal point.
pub fn parse_digits(raw: &str) -> Option<f64> {
    let bytes = raw.as_bytes();
    let is_sep = |b: &u8| *b == b'.' || *b == b',';
    let Some(first_sep) = bytes.iter().position(is_sep) else {
        return raw.parse().ok();
    };
    let last_sep = bytes.iter().rposition(is_sep)?;
    let sep = bytes[first_sep];
    let mut groups = raw.split(['.', ',']);
    let lead = groups.next().unwrap_or("");
    let all_thousands = lead.len() <= 3
        && lead != "0"
        && groups.all(|g| g.len() == 3)
        && bytes.iter().filter(|b| is_sep(b)).all(|b| *b == sep);
    // The text to parse is put together in a buffer on the stack: numbers in news are short,
    // and this runs for every number of every article.
    let mut buf = Joined::default();
    if all_thousands {
        for part in raw.split(['.', ',']) {
            buf.push(part.as_bytes());
        }
    } else {
        for c in raw[..last_sep].bytes().filter(u8::is_ascii_digit) {
            buf.push(&[c]);
        }
        buf.push(b".");
        buf.push(&bytes[last_sep + 1..]);
    }
    buf.as_str()?.parse().ok()
}

/// Bytes put together without allocating for short texts (the usual case).
#[derive(Default)]
struct Joined {
    short: [u8; 32],
    len: usize,
    long: Vec<u8>,
}

impl Joined {
    fn push(&mut self, part: &[u8]) {
        if self.long.is_empty() && self.len + part.len() <= self.short.len() {
            self.short[self.len..self.len + part.len()].copy_from_slice(part);
            self.len += part.len();
            return;
        }
        if self.long.is_empty() {
            self.long.extend_from_slice(&self.short[..self.len]);
        }
        self.long.extend_from_slice(part);
    }

    /// The bytes as text; `None` only if a part cut a character (never for parts cut at ASCII
    /// separators, as here).
    fn as_str(&self) -> Option<&str> {
        let bytes = if self.long.is_empty() {
            &self.short[..self.len]
        } else {
            &self.long[..]
        };
        std::str::from_utf8(bytes).ok()
    }
}

/// The number that starts at token `i`, if one does.
pub fn parse_at(doc: &Doc, i: usize, lang: Lang) -> Option<NumberPhrase> {
    let tok = doc.tokens.get(i)?;
    if tok.kind == TokKind::Number {
        let mut value = parse_digits(&tok.key)?;
        let mut end = i + 1;
        // "63,4 mil", "2.5 million", "mil millones"
        while let Some(Word::Scale(s)) = word_at(doc, end, lang) {
            value *= s as f64;
            end += 1;
        }
        return Some(NumberPhrase {
            value,
            start: i,
            end,
            digits: true,
            one_word: false,
            vague: false,
        });
    }
    let first = word_at(doc, i, lang)?;
    match first {
        Word::Joiner => return None,
        Word::Vague => {
            return Some(NumberPhrase {
                value: 0.0,
                start: i,
                end: i + 1,
                digits: false,
                one_word: false,
                vague: true,
            })
        }
        Word::Dozen => {
            return Some(NumberPhrase {
                value: 12.0,
                start: i,
                end: i + 1,
                digits: false,
                one_word: false,
                vague: false,
            })
        }
        _ => {}
    }
    let mut total: u64 = 0;
    let mut group: u64 = 0;
    let mut end = i;
    let mut j = i;
    let mut words_used = 0;
    loop {
        let w = match word_at(doc, j, lang) {
            Some(w) => w,
            None if doc.is_word(j, "-") && words_used > 0 => {
                // "twenty-nine"
                match word_at(doc, j + 1, lang) {
                    Some(Word::Add(_)) => {
                        j += 1;
                        continue;
                    }
                    _ => break,
                }
            }
            None => break,
        };
        match w {
            Word::Add(v) => {
                // "doce venezolanos y once peruanos" is two numbers, not 23: after units or teens
                // only a larger scale may follow.
                let after_hundreds = group.is_multiple_of(100) && v < 100;
                let after_tens = group % 100 >= 20 && group.is_multiple_of(10) && v < 10;
                if group != 0 && !after_hundreds && !after_tens {
                    break;
                }
                group += v;
            }
            Word::Hundred => group = group.max(1) * 100,
            Word::Scale(s) => {
                total += group.max(1) * s;
                group = 0;
            }
            Word::Joiner => {
                if words_used == 0 || !matches!(word_at(doc, j + 1, lang), Some(Word::Add(_))) {
                    break;
                }
                j += 1;
                continue;
            }
            Word::Dozen | Word::Vague => break,
        }
        words_used += 1;
        j += 1;
        end = j;
    }
    if words_used == 0 {
        return None;
    }
    let value = total + group;
    // "a dozen" / "una docena": the article before "dozen" is not a one.
    if value == 1 && matches!(word_at(doc, end, lang), Some(Word::Dozen)) {
        return Some(NumberPhrase {
            value: 12.0,
            start: i,
            end: end + 1,
            digits: false,
            one_word: false,
            vague: false,
        });
    }
    Some(NumberPhrase {
        value: value as f64,
        start: i,
        end,
        digits: false,
        one_word: value == 1 && words_used == 1,
        vague: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str, lang: Lang) -> Option<f64> {
        let doc = Doc::new(text);
        (0..doc.tokens.len())
            .find_map(|i| parse_at(&doc, i, lang))
            .filter(|n| !n.vague)
            .map(|n| n.value)
    }

    #[test]
    fn digits_with_either_separator() {
        assert_eq!(parse_digits("3.222"), Some(3222.0));
        assert_eq!(parse_digits("2,700"), Some(2700.0));
        assert_eq!(parse_digits("508,288"), Some(508288.0));
        assert_eq!(parse_digits("1.234.567"), Some(1234567.0));
        assert_eq!(parse_digits("86.5"), Some(86.5));
        assert_eq!(parse_digits("63,4"), Some(63.4));
        assert_eq!(parse_digits("1.234,5"), Some(1234.5));
        assert_eq!(parse_digits("1,234.50"), Some(1234.5));
        assert_eq!(parse_digits("0,500"), Some(0.5));
    }

    #[test]
    fn multipliers() {
        assert_eq!(
            first("cerca de 63,4 mil trabalhadores", Lang::Pt),
            Some(63400.0)
        );
        assert_eq!(first("28 millones de pesos", Lang::Es), Some(28e6));
        assert_eq!(first("$150 billion", Lang::En), Some(150e9));
    }

    #[test]
    fn number_words_in_three_languages() {
        assert_eq!(first("Veinticuatro mujeres", Lang::Es), Some(24.0));
        assert_eq!(first("treinta y dos personas", Lang::Es), Some(32.0));
        assert_eq!(
            first("doce venezolanos y once peruanos", Lang::Es),
            Some(12.0)
        );
        assert_eq!(first("doze pessoas", Lang::Pt), Some(12.0));
        assert_eq!(first("vinte e duas vítimas", Lang::Pt), Some(22.0));
        assert_eq!(first("Twenty-nine victims", Lang::En), Some(29.0));
        assert_eq!(first("a dozen victims", Lang::En), Some(12.0));
        assert_eq!(first("una docena de víctimas", Lang::Es), Some(12.0));
        assert_eq!(first("two hundred and five", Lang::En), Some(205.0));
        assert_eq!(first("dos mil quinientas", Lang::Es), Some(2500.0));
        assert_eq!(
            first("doce", Lang::Pt),
            None,
            "doce is 'sweet' in Portuguese"
        );
        assert_eq!(
            first("dos presos", Lang::Pt),
            None,
            "dos is 'of the' in Portuguese"
        );
    }

    #[test]
    fn vague_quantities_are_not_counts() {
        let doc = Doc::new("cientos de agentes");
        let n = parse_at(&doc, 0, Lang::Es).unwrap();
        assert!(n.vague);
        assert_eq!(n.count(), None);
        let doc = Doc::new("dozens of victims");
        assert!(parse_at(&doc, 0, Lang::En).unwrap().vague);
    }
}
