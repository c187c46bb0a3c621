//! Places and their roles. `rastro-geo` finds the places (countries, nationality words, regions,
//! cities, landmarks) and decides ambiguous names; this module decides from the sentence what
//! each place is in the reported events: where people came from, passed through, were taken to
//! or were exploited.

use std::borrow::Cow;

use std::ops::Range;

use rastro_geo::{countries, gazetteer, CountryCode, MentionKind};
use rastro_text::{is_invisible_in_words, FoldedWords};

use super::Ctx;
use crate::model::{Place, Role};
use crate::text::{Doc, TokKind};
use crate::words::lexicon::Cue;

/// A place reference, located in tokens.
#[derive(Clone, Debug)]
pub(crate) struct Mention {
    pub tok_start: usize,
    pub tok_end: usize,
    pub country: CountryCode,
    pub nationality: bool,
    /// A country named as such (not a town or region inside it).
    pub country_name: bool,
    /// Borrowed from the gazetteer, which lives as long as the process.
    pub name: Cow<'static, str>,
    pub admin1: Option<&'static str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// The places of `doc` into `mentions` (cleared first). The gazetteer reads the document's own
/// folded words (`words` is their buffer), so that the text is not folded and cut a second time.
pub(crate) fn find_into(doc: &Doc, words: &mut FoldedWords, mentions: &mut Vec<Mention>) {
    mentions.clear();
    let tokens = &doc.tokens;
    let found = if folded_words(doc, words) {
        gazetteer().find_in_words(doc.text, words)
    } else {
        gazetteer().find(doc.text)
    };
    mentions.extend(found.into_iter().filter_map(|m| {
        // First token starting at or after the span start, last token starting before its end.
        let a = tokens.partition_point(|t| t.start < m.span.start);
        let b = tokens.partition_point(|t| t.start < m.span.end);
        (a < b).then(|| Mention {
            tok_start: a,
            tok_end: b,
            country: m.country,
            nationality: m.kind == MentionKind::Nationality,
            country_name: m.kind == MentionKind::Country,
            name: m.name,
            admin1: m.admin1,
            lat: m.lat,
            lon: m.lon,
        })
    }));
}

/// The words of `doc` as running text folds for the gazetteer ([`rastro_text::FoldedText`]),
/// made from the tokens' keys into `words`; false when a word token holds a character that folds
/// to nothing, which the keys keep (then only folding the text gives the gazetteer's words).
///
/// The tokens cut a little differently from the fold, and this joins and splits them to match:
/// a number's "." and "," separate words ("3.222" is "3" and "222"); a dot before a letter and a
/// soft hyphen or combining accent between tokens join them ("EE.UU" is "eeuu"); and tokens with
/// nothing between them are one word ("13ms").
pub(crate) fn folded_words(doc: &Doc, words: &mut FoldedWords) -> bool {
    words.clear();
    words.reserve(doc.text.len(), doc.tokens.len());
    let bytes = doc.text.as_bytes();
    // The next piece of letters continues the last word: nothing that separates words came
    // between them.
    let mut joined = false;
    for t in &doc.tokens {
        joined &= t.glued;
        match t.kind {
            TokKind::Word => {
                let key: &str = &t.key;
                // A character that folds to nothing is no letter or digit unless it is a
                // combining letter, which a key keeps as it is (never as ASCII).
                if !key.is_ascii() && key.chars().any(is_invisible_in_words) {
                    return false;
                }
                add_piece(words, key, t.start..t.end, joined);
                joined = true;
            }
            TokKind::Number => {
                let raw = bytes.get(t.start..t.end).unwrap_or_default();
                let mut from = t.start;
                // Numbers are ASCII digits and separators, so every cut is on a char boundary.
                for part in raw.split(|&b| b == b'.' || b == b',') {
                    let to = from + part.len();
                    add_piece(
                        words,
                        doc.text.get(from..to).unwrap_or(""),
                        from..to,
                        joined,
                    );
                    from = to + 1;
                    joined = false;
                }
                // A token right after the number continues its last part ("13ms").
                joined = true;
            }
            TokKind::Punct => {
                let folds_away = match bytes.get(t.start) {
                    Some(b'.') => bytes.get(t.end).is_some_and(u8::is_ascii_alphabetic),
                    Some(b) if *b < 0x80 => false,
                    _ => doc.text[t.start..]
                        .chars()
                        .next()
                        .is_some_and(is_invisible_in_words),
                };
                joined &= folds_away;
            }
        }
    }
    true
}

/// Adds a piece of letters as a new word, or as the rest of the last one when `joined`.
#[inline]
fn add_piece(words: &mut FoldedWords, key: &str, source: Range<usize>, joined: bool) {
    if joined {
        words.glue(key, source);
    } else {
        words.push(key, source);
    }
}

const ORIGIN_WORDS: &[&str] = &[
    "from",
    "desde",
    "procedente",
    "procedentes",
    "proveniente",
    "provenientes",
    "originario",
    "originarios",
    "originaria",
    "originarias",
    "oriundo",
    "oriundos",
    "oriunda",
    "oriundas",
    "natural",
    "naturales",
    "nacionalidad",
    "nacionalidade",
    "native",
    "natives",
];
const TRANSIT_WORDS: &[&str] = &[
    "through",
    "via",
    "traves",
    "transito",
    "transit",
    "cruzando",
    "crossing",
    "atravesando",
    "pasando",
    "passando",
];
const DESTINATION_WORDS: &[&str] = &[
    "to", "into", "hacia", "rumbo", "destino", "towards", "toward", "para", "a", "ao", "al",
];
const EVENT_PLACE_WORDS: &[&str] = &["en", "in", "em", "no", "na", "nos", "nas", "at"];
/// Verbs of moving people that make "to/hacia/para X" a destination.
const MOVEMENT_STEMS: &[&str] = &[
    "llev",
    "lev",
    "envi",
    "sent",
    "send",
    "traslad",
    "transport",
    "trafficked",
    "smuggl",
    "viaj",
    "travel",
    "brought",
    "brough",
    "took",
    "taken",
    "mov",
    "cruz",
    "cross",
    "head",
    "bound",
    "route",
    "trajer",
    "traid",
    "emigr",
    "migr",
    "sending",
    "rumbo",
    "lleg",
    "cheg",
    "arriv",
];

/// Whether sentence `s` moves people ("trasladadas", "smuggled", "viajaban"); computed once per
/// sentence because articles name many places.
fn moves_people(ctx: &Ctx, s: usize, cache: &mut [Option<bool>]) -> bool {
    if let Some(known) = cache[s] {
        return known;
    }
    let sent = ctx.doc.sentences[s];
    let found = ctx.doc.tokens[sent.tok_start..sent.tok_end]
        .iter()
        .any(|t| MOVEMENT_STEMS.iter().any(|stem| t.key.starts_with(stem)));
    cache[s] = Some(found);
    found
}

fn role_of(ctx: &Ctx, m: &Mention, movement: &mut [Option<bool>]) -> Option<Role> {
    let s = ctx.sentence_of(m.tok_start);
    let sent = ctx.doc.sentences[s];
    let tokens = &ctx.doc.tokens;
    if m.nationality {
        // A nationality of victims or migrants is their origin; of suspects it says nothing.
        let of_victims = ctx.sentence_has(s, |c| {
            matches!(c, Cue::NounVictim | Cue::NounMigrant | Cue::Rescue)
        });
        let of_suspects = ctx.sentence_has(s, |c| matches!(c, Cue::Arrest | Cue::ArrestOne));
        return (of_victims && !of_suspects).then_some(Role::Origin);
    }
    const BACK: usize = 3;
    let back = m.tok_start.saturating_sub(BACK).max(sent.tok_start);
    // At most three words, kept on the stack: this runs for every place an article names.
    let mut kept = [""; BACK];
    let mut len = 0;
    for t in &tokens[back..m.tok_start] {
        let k = t.key.as_ref();
        if !matches!(
            k,
            "el" | "la" | "los" | "las" | "the" | "o" | "os" | "as" | "de" | "do" | "da"
        ) {
            kept[len] = k;
            len += 1;
        }
    }
    let before = &kept[..len];
    let has = |words: &[&str]| before.iter().any(|w| words.contains(w));
    if has(ORIGIN_WORDS) {
        return Some(Role::Origin);
    }
    if has(TRANSIT_WORDS) {
        return Some(Role::Transit);
    }
    let destination_word = before.last().is_some_and(|w| DESTINATION_WORDS.contains(w));
    if destination_word && moves_people(ctx, s, movement) {
        return Some(Role::Destination);
    }
    let exploitation_here = ctx.sentence_has(s, |c| matches!(c, Cue::Form(_)));
    if exploitation_here && before.last().is_some_and(|w| EVENT_PLACE_WORDS.contains(w)) {
        return Some(Role::Exploitation);
    }
    None
}

/// The article's countries (sorted codes) and places (in order of first mention, one entry per
/// place, the first stated role kept).
pub(crate) fn resolve(ctx: &mut Ctx) -> (Vec<CountryCode>, Vec<Place>) {
    if !ctx.name_spans.is_empty() {
        let spans = std::mem::take(&mut ctx.name_spans);
        ctx.mentions.retain(|m| {
            !spans
                .iter()
                .any(|&(a, b)| a <= m.tok_start && m.tok_end <= b)
        });
    }
    let mut codes: Vec<CountryCode> = ctx.mentions.iter().map(|m| m.country).collect();
    codes.sort();
    codes.dedup();
    let mut places: Vec<Place> = Vec::with_capacity(ctx.mentions.len());
    // (country, name, role, tokens) of each mention, for its evidence.
    let mut spans = Vec::with_capacity(ctx.mentions.len());
    let mut movement = vec![None; ctx.doc.sentences.len()];
    for m in &ctx.mentions {
        let role = role_of(ctx, m, &mut movement);
        // Borrowed from the country table or the gazetteer, so that evidence without a role
        // copies no name.
        let name: Cow<'static, str> = if m.nationality {
            Cow::Borrowed(countries().name(m.country, ctx.lang))
        } else {
            m.name.clone()
        };
        match places
            .iter_mut()
            .find(|p| p.name == name.as_ref() && p.country == m.country)
        {
            Some(existing) => {
                if existing.role.is_none() {
                    existing.role = role;
                }
            }
            None => places.push(Place {
                name: name.to_string(),
                country: m.country,
                admin1: m.admin1.map(str::to_string),
                lat: m.lat,
                lon: m.lon,
                role,
            }),
        }
        spans.push((m.country, name, role, m.tok_start, m.tok_end));
    }
    for (code, name, role, a, b) in spans {
        ctx.evidence("countries", code.as_static_str(), a, b);
        let value: Cow<'static, str> = match role {
            Some(r) => {
                let role = r.name();
                let mut value = String::with_capacity(name.len() + role.len() + 3);
                value.push_str(&name);
                value.push_str(" (");
                value.push_str(role);
                value.push(')');
                Cow::Owned(value)
            }
            None => name,
        };
        ctx.evidence("places", value, a, b);
    }
    (codes, places)
}

#[cfg(test)]
mod folded_words_tests {
    use super::*;
    use rastro_text::FoldedText;

    /// The words the gazetteer's own fold gives for `text`.
    fn by_fold(text: &str) -> FoldedWords {
        let mut words = FoldedWords::default();
        FoldedText::new(text).words_into(text, &mut words);
        words
    }

    fn by_tokens(text: &str) -> Option<FoldedWords> {
        let mut words = FoldedWords::default();
        folded_words(&Doc::new(text), &mut words).then_some(words)
    }

    #[test]
    fn tokens_give_the_words_of_the_fold() {
        let pieces = [
            "São",
            "PERÚ",
            "EE.UU.",
            "U.S.",
            "d'Ivoire",
            " ",
            ".",
            ",",
            "-",
            "\n",
            "13ms",
            "3.222",
            "2,700",
            "3.5.a",
            "a.2",
            "x.",
            ".y",
            "Sa\u{303}o",
            "Para\u{301}",
            "Vene\u{AD}zuela",
            "\u{200B}",
            "ß",
            "Хосе",
            "42",
            "MS13",
            "«",
            "—",
            "$",
        ];
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in ["", " ", "Lima", ".", "ñ", "7"] {
                    let text = format!("{a}{b}{c}");
                    let fold = by_fold(&text);
                    let tokens = by_tokens(&text).expect("no letter that folds away");
                    assert_eq!(tokens.as_str(), fold.as_str(), "{text:?}");
                    assert_eq!(tokens.words(), fold.words(), "{text:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 4000, "{checked}");
    }

    #[test]
    fn a_word_holding_a_letter_that_folds_away_is_left_to_the_fold() {
        // U+0345 is a combining mark and a letter: one token, which the fold reads without it.
        assert!(by_tokens("Lima\u{345}x").is_none());
        assert!(by_tokens("Lima y Quito").is_some());
    }
}
