//! Datelines: "LISBON (Reuters) –", "NUEVA YORK –", "MEXICO CITY (Thomson Reuters Foundation) –"
//! open a report with the city it was filed from. That is where the outlet's correspondent
//! sits, not where the event happened: two raids in one country reported from its capital
//! share the capital, and one raid reported from two capitals does not. A place named only
//! there is no place of the event.

use rastro_geo::{countries, gazetteer};

use super::Place;

/// Lines at the start of a report that may hold its dateline: the title, then the body's first.
const LINES_SEARCHED: usize = 3;
/// A dateline's place takes at most this many words ("CIUDAD DE MEXICO", "SAN JOSE DEL GUAVIARE").
const MAX_WORDS: usize = 5;

/// The folded names of the places in the report's datelines ("lisbon", "nueva york").
pub fn dateline_names(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(LINES_SEARCHED)
        .filter_map(dateline)
        .flat_map(|names| names.into_iter())
        .collect()
}

/// The place names of one line's dateline: a run of words in capitals followed by the agency in
/// brackets or by a dash ("SAN JOSÉ, COSTA RICA (AP) —"); `None` when the line has none.
fn dateline(line: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start();
        let end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let word = &trimmed[..end];
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let capitals = letters > 0 && word.chars().all(|c| !c.is_lowercase());
        if !capitals || word.starts_with('(') || words.len() == MAX_WORDS {
            break;
        }
        words.push(word);
        rest = &trimmed[end..];
    }
    let next = rest.trim_start();
    let closes = next.starts_with('(') || next.starts_with(['–', '—', '-']);
    let phrase = words.join(" ");
    let phrase = phrase.trim_end_matches(['–', '—', '-', ' ']);
    let long_word = phrase
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.chars().count() >= 3);
    if !closes || !long_word {
        return None;
    }
    let names: Vec<String> = phrase
        .split(',')
        .map(rastro_text::fold_key)
        .filter(|n| !n.is_empty())
        .collect();
    (!names.is_empty()).then_some(names)
}

/// Whether `place` is known only from a dateline of `text`: one of `datelines` names it (in any
/// of the gazetteer's spellings, "LISBOA" for Lisbon) and the text never names it again.
pub fn only_in_dateline(place: &Place, datelines: &[String], folded_text: &str) -> bool {
    let name = rastro_text::fold_key(&place.name);
    let country = countries().by_alpha2(place.country.trim());
    let Some(written) = datelines.iter().find(|d| {
        **d == name
            || gazetteer()
                .lookup(d, country)
                .iter()
                .any(|p| rastro_text::fold_key(&p.name) == name)
    }) else {
        return false;
    };
    let mentions = |n: &str| occurrences(folded_text, n);
    // The dateline itself is one mention of the name it is written in.
    if *written == name {
        mentions(&name) <= 1
    } else {
        mentions(&name) == 0 && mentions(written) <= 1
    }
}

/// How often `name` occurs in `folded` as whole words.
fn occurrences(folded: &str, name: &str) -> usize {
    if name.is_empty() {
        return 0;
    }
    folded
        .match_indices(name)
        .filter(|&(at, _)| {
            let before = folded[..at].chars().next_back();
            let after = folded[at + name.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_are_read_in_every_form() {
        assert_eq!(
            dateline_names("Title\n\nLISBON (Reuters) – Thirty-five people"),
            vec!["lisbon"]
        );
        assert_eq!(
            dateline_names("Título\n\nNUEVA YORK – Un jurado"),
            vec!["nueva york"]
        );
        assert_eq!(
            dateline_names("T\n\nSAN JOSÉ, COSTA RICA (AP) — Police"),
            vec!["san jose", "costa rica"]
        );
        // A headline opening with an abbreviation, or a sentence, is no dateline.
        assert!(dateline_names("US police arrest 12\n\nThe police said").is_empty());
        assert!(dateline_names("Lima (AFP) – lower case is a sentence").is_empty());
    }
}
