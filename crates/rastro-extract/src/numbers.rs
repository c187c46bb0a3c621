//! Numbers as news writes them in Spanish, Portuguese and English: digits with either thousands
//! separator ("3.222", "2,700"), decimals with a multiplier ("63,4 mil", "2.5 million"), and
//! number words ("veinticuatro", "doze", "twenty-nine", "a dozen", "treinta y dos").
//! Vague quantities ("cientos", "dezenas", "hundreds") are recognised so that they are *not*
//! taken for counts.

use rastro_geo::Lang;

use crate::text::{Doc, TokKind};
use crate::words::number::Word;

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

fn word_at(doc: &Doc, i: usize, lang: Lang) -> Option<Word> {
    let tok = doc.tokens.get(i)?;
    if tok.kind != TokKind::Word {
        return None;
    }
    // The token's vocabulary entry says whether it is a number word and what it is, so the word
    // is not looked up again.
    let vocab = crate::vocab::vocab();
    match vocab.number_word(vocab.entry(tok.vocab)) {
        Some((Some(l), w)) if l == lang => Some(w),
        Some((None, w)) => Some(w),
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
        return integer_value(bytes).or_else(|| raw.parse().ok());
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
    if all_thousands {
        if let Some(value) = integer_value(buf.bytes()) {
            return Some(value);
        }
    }
    buf.as_str()?.parse().ok()
}

/// The value of a run of ASCII digits short enough for a `u64`: what `str::parse::<f64>` gives
/// for it (the integer converted to the nearest `f64`, as the parse rounds), read without the
/// general parser, which most numbers of news (whole counts and amounts) need not meet.
fn integer_value(digits: &[u8]) -> Option<f64> {
    if digits.is_empty() || digits.len() > 19 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = digits
        .iter()
        .fold(0u64, |v, &d| v * 10 + u64::from(d - b'0'));
    Some(value as f64)
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

    fn bytes(&self) -> &[u8] {
        if self.long.is_empty() {
            &self.short[..self.len]
        } else {
            &self.long[..]
        }
    }

    /// The bytes as text; `None` only if a part cut a character (never for parts cut at ASCII
    /// separators, as here).
    fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(self.bytes()).ok()
    }
}

/// Whether the number ends in a quantity noun ("una docena", "a dozen", "un centenar"), which
/// takes its people after "de"/"of": "una docena de mujeres".
pub fn ends_in_quantity_noun(doc: &Doc, num: &NumberPhrase, lang: Lang) -> bool {
    num.end > num.start && matches!(word_at(doc, num.end - 1, lang), Some(Word::Group(_)))
}

/// Whether a number can start at token `i`: digits, or a word of the number-word table. Tells
/// most tokens apart without a call to [`parse_at`], which scans of every token ask first.
#[inline]
pub fn may_start_at(doc: &Doc, i: usize) -> bool {
    doc.tokens.get(i).is_some_and(|tok| match tok.kind {
        TokKind::Number => true,
        TokKind::Word => crate::vocab::vocab().entry(tok.vocab).number,
        TokKind::Punct => false,
    })
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
        // "dozen workers" stands alone; a lone "decena" or "centenar" is no count.
        Word::Group(v) => {
            return Some(NumberPhrase {
                value: if v == 12 { 12.0 } else { 0.0 },
                start: i,
                end: i + 1,
                digits: false,
                one_word: false,
                vague: v != 12,
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
            Word::Group(_) | Word::Vague => break,
        }
        words_used += 1;
        j += 1;
        end = j;
    }
    if words_used == 0 {
        return None;
    }
    let value = total + group;
    // "a dozen" / "una decena": the article before the quantity noun is not a one.
    if let (1, Some(Word::Group(v))) = (value, word_at(doc, end, lang)) {
        return Some(NumberPhrase {
            value: v as f64,
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
    fn whole_numbers_read_as_integers_are_what_the_general_parse_gives() {
        let mut cases: Vec<String> = [
            "0",
            "007",
            "42",
            "9007199254740993",
            "18446744073709551615",
            "9999999999999999999",
            "12345678901234567890",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Integers past 2^53, where an f64 no longer holds every integer and rounding decides.
        let mut x: u64 = 1 << 53;
        while x < u64::MAX / 3 {
            cases.push(x.to_string());
            cases.push((x + 1).to_string());
            x = x * 3 + 7;
        }
        for raw in &cases {
            let general: Option<f64> = raw.parse().ok();
            assert_eq!(
                integer_value(raw.as_bytes()),
                general.filter(|_| raw.len() <= 19)
            );
            assert_eq!(parse_digits(raw), general, "{raw}");
        }
        assert_eq!(integer_value(b""), None);
        assert_eq!(integer_value(b"3.5"), None);
        assert_eq!(parse_digits("1.234.567"), Some(1_234_567.0));
        assert_eq!(parse_digits("63,4"), Some(63.4));
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
        for (text, lang) in [
            ("decenas de mujeres", Lang::Es),
            ("centenar de personas", Lang::Es),
            ("dezenas de trabalhadores", Lang::Pt),
        ] {
            assert_eq!(first(text, lang), None, "{text}");
        }
    }

    #[test]
    fn one_ten_or_one_hundred_as_a_noun_is_a_count() {
        assert_eq!(first("una decena de mujeres", Lang::Es), Some(10.0));
        assert_eq!(
            first("más de un centenar de personas", Lang::Es),
            Some(100.0)
        );
        assert_eq!(first("uma dezena de trabalhadores", Lang::Pt), Some(10.0));
        assert_eq!(
            first("cerca de uma centena de vítimas", Lang::Pt),
            Some(100.0)
        );
        assert_eq!(first("un millar de migrantes", Lang::Es), Some(1000.0));
        assert_eq!(first("una veintena de mujeres", Lang::Es), Some(20.0));
        assert_eq!(first("uma vintena de operários", Lang::Pt), Some(20.0));
        assert_eq!(first("una treintena de detenidos", Lang::Es), Some(30.0));
        assert_eq!(first("veintena de personas", Lang::Es), None);
    }
}
