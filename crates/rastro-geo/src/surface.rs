//! What the words around a matched name say about it: capitals, sentence starts, prepositions of
//! place, language cues, and the person-name patterns that make a town name a surname.

use std::ops::Range;

use rastro_text::{chars, FoldedText};

/// Words that may stand capitalised right before a place name without making it part of a
/// person's or an organisation's name: articles, prepositions and place-type words that start
/// sentences or titles in the three languages.
#[rustfmt::skip]
pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "a", "al", "and", "ao", "aos", "as", "at", "both", "by", "como", "con", "da", "das", "de",
    "del", "desde", "do", "dos", "e", "el", "em", "en", "entre", "from", "hacia", "hasta", "in",
    "into", "la", "las", "los", "na", "nas", "near", "no", "nos", "o", "of", "on", "os", "para",
    "pela", "pelo", "por", "sobre", "the", "to", "tras", "via", "y", "estado", "state", "ciudad",
    "city", "cidade", "provincia", "province", "departamento", "department", "region", "regiao",
    "municipio", "municipality", "distrito", "district", "county", "condado", "island", "isla",
    "ilha", "puerto", "porto", "port", "capital", "aeropuerto", "aeroporto", "airport", "frontera",
    "fronteira", "border", "sur", "norte", "sul", "south", "north", "east", "west", "este", "oeste",
    "centro", "central", "interior", "costa", "coast", "greater", "gran", "grande", "alto", "bajo",
    "baixo", "upper", "lower", "nuevo", "nueva", "new", "nova", "novo", "san", "santa", "santo",
    "sao", "saint", "st",
];

/// Prepositions after which a name is a place ("en Santos", "to Mobile").
fn is_locative(word: &str) -> bool {
    matches!(
        word,
        "en" | "em"
            | "no"
            | "na"
            | "in"
            | "at"
            | "near"
            | "from"
            | "to"
            | "into"
            | "desde"
            | "hacia"
            | "hasta"
            | "para"
            | "rumbo"
            | "around"
            | "outside"
            | "inside"
            | "towards"
            | "toward"
            | "pela"
            | "pelo"
            | "por"
    )
}

/// Place-type words that, followed by "de"/"do"/"da"/"of", introduce a place name.
fn is_place_type(word: &str) -> bool {
    matches!(
        word,
        "ciudad"
            | "cidade"
            | "city"
            | "town"
            | "municipio"
            | "municipality"
            | "estado"
            | "state"
            | "provincia"
            | "province"
            | "departamento"
            | "department"
            | "region"
            | "regiao"
            | "distrito"
            | "district"
            | "localidad"
            | "comuna"
            | "county"
            | "condado"
            | "village"
            | "puerto"
            | "porto"
            | "port"
            | "bairro"
            | "barrio"
            | "pueblo"
            | "vila"
            | "villa"
    )
}

/// True when the words before `start` in the folded text introduce a place: a preposition of
/// place ("en", "to"), or a place-type word and "de"/"of" ("ciudad de", "state of").
///
/// Asked for most names found, so the two words are cut by hand and tested by `match`es rather
/// than by splitting the text and scanning lists.
pub(crate) fn locative_before(folded: &str, start: usize) -> bool {
    let Some((rest, last)) = last_word(&folded[..start]) else {
        return false;
    };
    if is_locative(last) {
        return true;
    }
    matches!(last, "de" | "do" | "da" | "del" | "of")
        && last_word(rest).is_some_and(|(_, word)| is_place_type(word))
}

/// The last word of `text` (words separated by spaces) and the text before it.
fn last_word(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_end_matches(' ');
    if text.is_empty() {
        return None;
    }
    Some(match text.rfind(' ') {
        Some(space) => (&text[..space], &text[space + 1..]),
        None => ("", text),
    })
}

/// Words that, before or after a language-name nationality word, make it the language.
#[rustfmt::skip]
pub(crate) const LANGUAGE_CUES_BEFORE: &[&str] = &[
    "en", "em", "in", "al", "ao", "habla", "hablan", "hablaba", "hablar", "fala", "falam", "falar",
    "speak", "speaks", "spoke", "speaking", "idioma", "lengua", "lingua", "language", "traducido",
    "traduzido", "translated", "clases", "aulas", "classes", "de",
];
#[rustfmt::skip]
pub(crate) const LANGUAGE_CUES_AFTER: &[&str] = &[
    "speaking", "speakers", "speaker", "language", "languages", "hablantes", "hablante", "falantes",
    "falante", "idioma", "lesson", "lessons", "subtitles", "version", "translation", "translations",
    "translator", "translators", "interpreter", "interpreters", "dictionary", "keyboard", "locale",
    "localization", "teacher", "teachers", "course", "courses",
];

/// Nationality words that are parts of larger regional adjectives ("Latin American"): the
/// preceding word decides that no country is meant.
#[rustfmt::skip]
pub(crate) const REGION_PREFIXES: &[&str] = &[
    "latin", "latino", "latina", "south", "central", "north", "pan", "afro", "sul", "centro",
    "norte", "sud", "hispano", "ibero", "native", "subcontinente", "subcontinent",
];

/// True when one of the two words before or after `span` is written in capitals too (with at
/// least three letters, so that "EN" or "A" alone do not make a headline).
pub(crate) fn in_capitals(text: &str, span: &Range<usize>) -> bool {
    let shouty = |w: &str| {
        w.chars().filter(|c| chars::is_alphabetic(*c)).count() >= 3
            && !w.chars().any(char::is_lowercase)
    };
    let start = span.start.saturating_sub(40);
    let start = (start..=span.start)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(span.start);
    let end = (span.end + 40).min(text.len());
    let end = (end..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    let words = |t: &'_ str| {
        t.split(|c: char| !chars::is_alphanumeric(c))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let before = words(&text[start..span.start]);
    let after = words(&text[span.end..end]);
    before.iter().rev().take(2).any(|w| shouty(w)) || after.iter().take(2).any(|w| shouty(w))
}

/// Particles that stay lowercase inside place names.
#[rustfmt::skip]
pub(crate) const NAME_PARTICLES: &[&str] = &[
    "de", "del", "la", "las", "los", "el", "do", "da", "dos", "das", "e", "y", "of", "the", "and",
    "di", "du", "des", "en", "au", "aux", "sur", "upon", "on", "a", "al", "o", "os", "as",
];

/// True when every word of `surface` but the particles starts with a capital letter.
pub(crate) fn words_capitalised(surface: &str) -> bool {
    surface
        .split(|c: char| !chars::is_alphanumeric(c) && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .enumerate()
        .all(|(i, w)| {
            let first_upper = w
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric());
            first_upper || (i > 0 && NAME_PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(w)))
        })
}

/// The matched text must not be part of a currency, an account name or an identifier
/// ("US$", "@Colombia", "peru_2024").
pub(crate) fn source_boundaries_ok(text: &str, span: &Range<usize>) -> bool {
    let after = text[span.end..].chars().next();
    let before = text[..span.start].chars().next_back();
    // "@Colombia" is an account and "US$" a currency; "#Perú" is still Peru.
    !matches!(after, Some('$' | '@' | '_')) && !matches!(before, Some('@' | '_' | '$'))
}

/// True when nothing but spaces and opening quotes stand between `at` and the end of the
/// previous sentence (or the start of the text).
pub(crate) fn sentence_initial(text: &str, at: usize) -> bool {
    for c in text[..at].chars().rev() {
        match c {
            ' ' | '\t' | '"' | '\'' | '«' | '“' | '‘' | '(' | '¿' | '¡' | '-' | '—' => {
                continue
            }
            '.' | '!' | '?' | '\n' | '\r' | ':' => return true,
            _ => return false,
        }
    }
    true
}

#[derive(Clone, Copy)]
pub(crate) struct PrevWord<'a> {
    pub folded: &'a str,
    pub capitalised: bool,
    /// Only spaces separate it from the name (no comma, no line break).
    pub adjacent: bool,
}

pub(crate) fn previous_word<'a>(
    text: &str,
    folded: &'a str,
    start: usize,
    span_start: usize,
) -> Option<PrevWord<'a>> {
    let before = folded[..start].trim_end();
    let word_start = before.rfind(' ').map_or(0, |i| i + 1);
    let word = &before[word_start..];
    if word.is_empty() {
        return None;
    }
    // Capitalisation and separators come from the original text just before the name.
    let mut capitalised = false;
    let mut adjacent = true;
    let mut in_word = false;
    for c in text[..span_start].chars().rev() {
        if chars::is_alphanumeric(c) {
            in_word = true;
            capitalised = c.is_uppercase();
        } else if in_word {
            break;
        } else if !(c.is_whitespace() && c != '\n') {
            adjacent = false;
            break;
        }
    }
    Some(PrevWord {
        folded: word,
        capitalised,
        adjacent,
    })
}

/// True when the next word of the original text, after nothing but spaces from `end`, starts
/// with a capital letter and is no function word: the name that a town name before it belongs
/// to ("Escobar Gaviria"). `key` is a buffer to fold the word in, so that asking allocates
/// nothing.
pub(crate) fn capitalised_name_follows(text: &str, end: usize, key: &mut FoldedText) -> bool {
    let rest = &text[end..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    if trimmed.len() == rest.len() || !trimmed.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let word_end = trimmed
        .find(|c: char| !chars::is_alphanumeric(c))
        .unwrap_or(trimmed.len());
    !FUNCTION_WORDS.contains(&folded_key(key, &trimmed[..word_end]))
}

/// `text_key(name)`, folded in `buffer` instead of a new string.
pub(crate) fn folded_key<'b>(buffer: &'b mut FoldedText, name: &str) -> &'b str {
    buffer.refold(name);
    buffer.as_str().trim()
}

pub(crate) fn next_word(folded: &str, end: usize) -> Option<&str> {
    let after = folded[end..].trim_start();
    let word_end = after.find(' ').unwrap_or(after.len());
    let word = &after[..word_end];
    (!word.is_empty()).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(folded: &str, word: &str) -> bool {
        let start = folded.find(&format!(" {word} ")).map_or(0, |i| i + 1);
        locative_before(folded, start)
    }

    #[test]
    fn a_preposition_or_a_place_type_and_de_before_a_name_make_it_a_place() {
        assert!(at(" rescatadas en santos ", "santos"));
        assert!(at(" la ciudad de natal ", "natal"));
        assert!(at(" the state of para ", "para"));
        assert!(at("  to   mobile ", "mobile"));
        assert!(!at(" el equipo de santos ", "santos"));
        assert!(!at(" de natal ", "natal"));
        assert!(!at(" natal ", "natal"));
        assert!(!at(" vendas natal ", "natal"));
    }
}
