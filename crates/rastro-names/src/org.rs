//! Names of organisations, companies and vessels, for comparisons where the record is not a
//! person (`schema` other than `Person` in FollowTheMoney terms).
//!
//! The same company is written "Siemens AG" and "Siemens Aktiengesellschaft", "OAO Gazprom" and
//! "Gazprom JSC", "A.B.C. Company" and "ABC Co."; the legal form says little about identity, so it
//! is set aside, and what remains (the distinctive words and numbers) is compared. Number words
//! and ordinals become digits ("Forty-Four" = "44", "1st" = "First").

use rastro_text::{fold_name, within_one_edit};

use crate::analyse::{pack, Draft, NameAnalysis, NameError, Role, MAX_NAME_CHARS, MAX_TOKENS};
use crate::phonetic::phonetic_key;

/// Legal forms and company-type words in the languages of sanctions and corporate registries,
/// folded; multi-word forms are listed word by word and matched as sequences, longest first.
const LEGAL_FORMS: &[&str] = &[
    "open joint stock company",
    "closed joint stock company",
    "public joint stock company",
    "joint stock company",
    "limited liability company",
    "limited liability partnership",
    "public limited company",
    "gesellschaft mit beschrankter haftung",
    "obshchestvo s ogranichennoy otvetstvennostyu",
    "obshchestvo s ogranichennoi otvetstvennostiu",
    "aktsionernoe obshchestvo",
    "societatea cu raspundere limitata",
    "sociedad anonima",
    "sociedade anonima",
    "societe anonyme",
    "sociedad limitada",
    "sp z oo",
    "s de rl",
    "s a",
    "s l",
    "s r l",
    "l p",
    "a s",
    "aktiengesellschaft",
    "incorporated",
    "corporation",
    "company",
    "limited",
    "ltd",
    "ltda",
    "llc",
    "llp",
    "lp",
    "plc",
    "inc",
    "corp",
    "co",
    "gmbh",
    "ag",
    "kg",
    "sa",
    "sas",
    "sarl",
    "srl",
    "sl",
    "spa",
    "bv",
    "nv",
    "ab",
    "as",
    "oy",
    "oao",
    "ooo",
    "zao",
    "pao",
    "ao",
    "jsc",
    "ojsc",
    "cjsc",
    "pjsc",
    "eirl",
    "sac",
    "saa",
    "cia",
    "the",
    // Ship-type prefixes: "MV Hellenic Spirit" is the vessel "Hellenic Spirit".
    "mv",
    "mt",
];

/// What each legal form is in law, by the name of its kind; forms not listed (the, company,
/// ship prefixes) say nothing of it.
const FORM_KINDS: &[(&str, &str)] = &[
    ("aktiengesellschaft", "ag"),
    ("ag", "ag"),
    ("gesellschaft mit beschrankter haftung", "gmbh"),
    ("gmbh", "gmbh"),
    ("kg", "kg"),
    ("sociedad anonima", "sa"),
    ("sociedade anonima", "sa"),
    ("societe anonyme", "sa"),
    ("s a", "sa"),
    ("sa", "sa"),
    ("sas", "sas"),
    ("sarl", "sarl"),
    ("sociedad limitada", "sl"),
    ("s l", "sl"),
    ("sl", "sl"),
    ("s r l", "sl"),
    ("srl", "sl"),
    ("s de rl", "sl"),
    ("ltda", "sl"),
    ("societatea cu raspundere limitata", "sl"),
    ("limited liability company", "llc"),
    ("llc", "llc"),
    ("obshchestvo s ogranichennoy otvetstvennostyu", "llc"),
    ("obshchestvo s ogranichennoi otvetstvennostiu", "llc"),
    ("ooo", "llc"),
    ("sp z oo", "llc"),
    ("open joint stock company", "jsc"),
    ("closed joint stock company", "jsc"),
    ("public joint stock company", "jsc"),
    ("joint stock company", "jsc"),
    ("aktsionernoe obshchestvo", "jsc"),
    ("jsc", "jsc"),
    ("ojsc", "jsc"),
    ("cjsc", "jsc"),
    ("pjsc", "jsc"),
    ("ao", "jsc"),
    ("oao", "jsc"),
    ("zao", "jsc"),
    ("pao", "jsc"),
    ("public limited company", "plc"),
    ("plc", "plc"),
    ("limited", "ltd"),
    ("ltd", "ltd"),
    ("incorporated", "inc"),
    ("inc", "inc"),
    ("corporation", "inc"),
    ("corp", "inc"),
];

/// Kinds of company that one legal system keeps apart: a name with one and a name with
/// another (and none in common) are two companies, whatever else they share ("Deutsche Bank
/// AG" and "Deutsche Bank GmbH").
const EXCLUSIVE_FORMS: &[&[&str]] = &[
    &["ag", "gmbh", "kg"],
    &["sa", "sas", "sarl"],
    &["sa", "sl"],
    &["llc", "jsc"],
    &["ltd", "plc"],
    &["llc", "inc"],
];

/// The bit of a kind of legal form ([`FORM_KINDS`]) among a name's kinds, by its place in
/// [`EXCLUSIVE_FORMS`]' first mention; 0 for a word that is not a kind.
pub(crate) fn form_bit(kind: &str) -> u16 {
    const KINDS: &[&str] = &[
        "ag", "gmbh", "kg", "sa", "sas", "sarl", "sl", "llc", "jsc", "ltd", "plc", "inc",
    ];
    KINDS.iter().position(|k| *k == kind).map_or(0, |i| 1 << i)
}

/// Whether two names' kinds of legal form ([`form_bit`]s) exclude each other: they share
/// none, and one legal system keeps one of each apart.
pub(crate) fn forms_exclude(a: u16, b: u16) -> bool {
    a != 0
        && b != 0
        && a & b == 0
        && EXCLUSIVE_FORMS.iter().any(|group| {
            let bits = group.iter().fold(0, |m, k| m | form_bit(k));
            a & bits != 0 && b & bits != 0
        })
}

const UNITS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: &[&str] = &[
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const ORDINALS: &[&str] = &[
    "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth",
];

/// Folded words of an organisation name: letters and digits kept, `&` read as "and", dotted
/// single letters ("A.B.C.") joined into one word.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut letters_run = false;
    let flush = |word: &mut String, out: &mut Vec<String>, letters_run: &mut bool| {
        if word.is_empty() {
            return;
        }
        let w = std::mem::take(word);
        let single = w.len() == 1 && w.as_bytes()[0].is_ascii_alphabetic();
        if single && *letters_run {
            if let Some(last) = out.last_mut() {
                last.push_str(&w);
                return;
            }
        }
        *letters_run = single;
        out.push(w);
    };
    let mut prev_lower = false;
    // Where in `word` a capital followed lower case ("SiemensAG"): a legal form glued on.
    let mut camel_at: Option<usize> = None;
    for ch in name.chars() {
        if ch.is_uppercase() && prev_lower && word.len() >= 3 {
            camel_at = Some(word.len());
        }
        prev_lower = ch.is_lowercase();
        if !(ch.is_alphabetic() || ch.is_ascii_digit() || ch == '\'' || ch == '\u{2019}') {
            if let Some(at) = camel_at.take() {
                split_glued_legal_form(&mut word, at, &mut out);
            }
        }
        if ch == '&' {
            flush(&mut word, &mut out, &mut letters_run);
            out.push("and".to_string());
            letters_run = false;
        } else if ch.is_ascii_digit() {
            word.push(ch);
        } else if ch.is_alphabetic() {
            word.push_str(&fold_name(&ch.to_string()));
        } else if ch == '.' {
            flush(&mut word, &mut out, &mut letters_run);
        } else if ch == '\'' || ch == '\u{2019}' {
            // "Qa'ida" is one word.
        } else {
            flush(&mut word, &mut out, &mut letters_run);
            letters_run = false;
        }
    }
    if let Some(at) = camel_at {
        split_glued_legal_form(&mut word, at, &mut out);
    }
    flush(&mut word, &mut out, &mut letters_run);
    out
}

/// "SiemensAG" is "Siemens AG" when what follows the capital is a one-word legal form: the
/// name part goes out as its own word and the form stays in `word`. Other capitals inside a
/// word ("BlackRock", "GmbH") are part of it.
fn split_glued_legal_form(word: &mut String, at: usize, out: &mut Vec<String>) {
    let Some(tail) = word.get(at..) else {
        return;
    };
    if LEGAL_FORMS.contains(&tail) {
        let tail = tail.to_string();
        word.truncate(at);
        out.push(std::mem::replace(word, tail));
    }
}

/// The tens a word names ("forty" → 4), also when one letter slipped ("fourty"): every tens
/// word has five letters or more, and no other number word is one slip from one.
fn tens(w: &str) -> Option<usize> {
    let exact = TENS.iter().position(|t| !t.is_empty() && *t == w);
    let is_number_word = |w: &str| UNITS.contains(&w) || ORDINALS.contains(&w);
    exact.or_else(|| {
        (w.len() >= 5 && !is_number_word(w))
            .then(|| {
                TENS.iter()
                    .position(|t| !t.is_empty() && within_one_edit(t, w))
            })
            .flatten()
    })
}

/// Number words and ordinals as digits: "forty four" → "44", "1st" / "first" → "1"; tens
/// followed by a digit ("Forty 4") are one number too.
fn numbers(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        let unit = |w: &str| {
            UNITS
                .iter()
                .position(|u| *u == w)
                .or_else(|| (w.len() == 1).then(|| w.parse::<usize>().ok()).flatten())
        };
        if let Some(t) = tens(w) {
            let next_unit = words
                .get(i + 1)
                .and_then(|n| unit(n))
                .filter(|u| (1..10).contains(u));
            match next_unit {
                Some(u) => {
                    out.push((t * 10 + u).to_string());
                    i += 2;
                }
                None => {
                    out.push((t * 10).to_string());
                    i += 1;
                }
            }
            continue;
        }
        if let Some(u) = unit(w) {
            out.push(u.to_string());
        } else if let Some(o) = ORDINALS.iter().position(|o| !o.is_empty() && *o == w) {
            out.push(o.to_string());
        } else if let Some(d) = ordinal_digits(w) {
            out.push(d.to_string());
        } else {
            out.push(w.to_string());
        }
        i += 1;
    }
    out
}

fn ordinal_digits(w: &str) -> Option<&str> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    (!digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(suffix, "st" | "nd" | "rd" | "th"))
    .then_some(digits)
}

/// Whether a word of the name is a word of a legal form: the same, one slip away from a long
/// one ("Joynt", "Aktiengeselschaft"), or, as the name's last word, a long one cut short by a
/// field limit ("Compan").
fn form_word_matches(form: &str, word: &str, last: bool) -> bool {
    form == word
        || (form.len() >= 5 && within_one_edit(form, word))
        || (last && word.len() >= 4 && form.len() > word.len() && form.starts_with(word))
}

/// Removes legal forms; returns the remaining words (or all words when nothing else is left)
/// and the kinds of the forms removed ([`FORM_KINDS`]).
fn without_legal_forms(words: Vec<String>) -> (Vec<String>, Vec<&'static str>) {
    let forms: Vec<Vec<&str>> = LEGAL_FORMS.iter().map(|f| f.split(' ').collect()).collect();
    let mut keep = vec![true; words.len()];
    let mut kinds: Vec<&'static str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let hit = forms.iter().zip(LEGAL_FORMS).find(|(f, _)| {
            i + f.len() <= words.len()
                && f.iter()
                    .zip(&words[i..])
                    .enumerate()
                    .all(|(k, (a, b))| form_word_matches(a, b, i + k + 1 == words.len()))
        });
        match hit {
            Some((f, form)) => {
                for k in keep.iter_mut().skip(i).take(f.len()) {
                    *k = false;
                }
                let kind = FORM_KINDS.iter().find(|(name, _)| name == form);
                if let Some(&(_, kind)) = kind.filter(|(_, k)| !kinds.contains(k)) {
                    kinds.push(kind);
                }
                i += f.len();
            }
            None => i += 1,
        }
    }
    if keep.iter().any(|k| *k) {
        let named = words
            .into_iter()
            .zip(keep)
            .filter_map(|(w, k)| k.then_some(w))
            .collect();
        (named, kinds)
    } else {
        (words, Vec::new())
    }
}

/// The name outside brackets and the words inside them, each as text: "Deutsche Bank
/// (Schweiz) AG" is the bank "Deutsche Bank AG" with the qualifier "Schweiz". A bracket left
/// open runs to the end.
fn bracketed(name: &str) -> (String, String) {
    let (mut outside, mut inside) = (String::new(), String::new());
    let mut depth = 0usize;
    for ch in name.chars() {
        match ch {
            '(' | '[' => {
                depth += 1;
                inside.push(' ');
                outside.push(' ');
            }
            ')' | ']' => {
                depth = depth.saturating_sub(1);
                inside.push(' ');
                outside.push(' ');
            }
            c if depth > 0 => inside.push(c),
            c => outside.push(c),
        }
    }
    (outside, inside)
}

/// Whether a word left after [`without_legal_forms`] is one of a legal form: it keeps every
/// word when nothing else is left.
fn is_legal_form_word(word: &str) -> bool {
    LEGAL_FORMS.iter().any(|f| f.split(' ').any(|p| p == word))
}

/// Analyses the name of an organisation, company or vessel: legal forms set aside, numbers as
/// digits. The result compares with [`crate::compare`] like a person's name, every word a
/// surname-like token (no given names, no particles).
///
/// ```
/// use rastro_names::{analyse_organisation, compare};
/// let a = analyse_organisation("Siemens Aktiengesellschaft").unwrap();
/// let b = analyse_organisation("SIEMENS AG").unwrap();
/// assert_eq!(compare(&a, &b).score, 1.0);
/// let c = analyse_organisation("Brigade Forty-Four").unwrap();
/// assert_eq!(c.folded(), "brigade 44");
/// ```
pub fn analyse_organisation(name: &str) -> Result<NameAnalysis, NameError> {
    if name.trim().is_empty() {
        return Err(NameError::Empty);
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(NameError::TooLong { chars });
    }
    let (outside, inside) = bracketed(name);
    let (mut named, mut kinds) = without_legal_forms(numbers(words(&outside)));
    let (qualifiers, inside_kinds) = without_legal_forms(numbers(words(&inside)));
    // The brackets hold the name itself when nothing but a legal form is outside them.
    let whole = !qualifiers.is_empty() && named.iter().all(|w| is_legal_form_word(w));
    let qualifier_from = if whole {
        named.clear();
        0
    } else {
        named.len()
    };
    named.extend(qualifiers);
    kinds.extend(
        inside_kinds
            .into_iter()
            .filter(|k| !kinds.contains(k))
            .collect::<Vec<_>>(),
    );
    if named.is_empty() {
        return Err(NameError::NoLetters);
    }
    if named.len() > MAX_TOKENS {
        return Err(NameError::TooManyTokens);
    }
    let mut drafts: Vec<Draft> = named
        .into_iter()
        .enumerate()
        .map(|(i, w)| Draft {
            key: if w.bytes().all(|b| b.is_ascii_digit()) {
                w.clone()
            } else {
                phonetic_key(&w)
            },
            initial: false,
            abbreviated: false,
            hyphenated: false,
            dotted: false,
            syllable: false,
            abjad: false,
            qualifier: !whole && i >= qualifier_from,
            kana: false,
            mark: 0,
            role: Role::Surname,
            text: w,
        })
        .collect();
    // The kinds of legal form are kept after the words as particles: never compared as words,
    // but read when two names' kinds may exclude each other.
    drafts.extend(kinds.into_iter().map(|kind| Draft {
        key: String::new(),
        initial: false,
        abbreviated: false,
        hyphenated: false,
        dotted: false,
        syllable: false,
        abjad: false,
        qualifier: false,
        kana: false,
        mark: 0,
        role: Role::Particle,
        text: kind.to_string(),
    }));
    Ok(pack(&drafts, true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::compare;

    fn folded(name: &str) -> String {
        analyse_organisation(name).unwrap().folded()
    }

    #[test]
    fn legal_forms_are_set_aside() {
        assert_eq!(folded("OAO Gazprom"), "gazprom");
        assert_eq!(folded("Open Joint Stock Company Gazprom"), "gazprom");
        assert_eq!(folded("FABERLIC EUROPE Sp. z o.o."), "faberlic europe");
        assert_eq!(
            folded("Lloyds Banking Group Public Limited Company"),
            "lloyds banking group"
        );
        assert_eq!(folded("Banco Santander, S.A."), "banco santander");
        // A name made only of legal-form words keeps them.
        assert_eq!(folded("The Company"), "the company");
    }

    #[test]
    fn misspelt_or_cut_legal_forms_and_ship_prefixes_are_set_aside() {
        assert_eq!(
            folded("Tactical Missiles Joynt Stock Company"),
            "tactical missiles"
        );
        assert_eq!(
            folded("Tactical Missiles Joint Stock Compan"),
            "tactical missiles"
        );
        assert_eq!(folded("Siemens Aktiengeselschaft"), "siemens");
        assert_eq!(folded("MV Hellenic Spirit"), "hellenic spirit");
        // A short word is not taken for a cut legal form unless it is the last one.
        assert_eq!(folded("Comp Systems"), "comp systems");
    }

    #[test]
    fn a_legal_form_glued_on_in_capitals_is_set_aside() {
        assert_eq!(folded("SiemensAG"), "siemens");
        assert_eq!(folded("JPMorgan Chase"), "jpmorgan chase");
    }

    #[test]
    fn acronyms_numbers_and_ampersands() {
        assert_eq!(folded("A.B.C. Company"), "abc");
        assert_eq!(folded("3 Percenters"), folded("Three Percenters"));
        assert_eq!(
            folded("1st International Bank"),
            folded("First International Bank")
        );
        assert_eq!(folded("AT&T Inc."), folded("AT and T Inc."));
        // Tens and a digit, and a tens word with a slipped letter, are one number.
        assert_eq!(folded("Brigade Forty 4"), "brigade 44");
        assert_eq!(folded("Brigade Fourty-four"), "brigade 44");
        assert_eq!(folded("Fifth Fleet"), "5 fleet");
        assert_eq!(folded("Steven Systems"), "steven systems");
    }

    #[test]
    fn different_companies_stay_apart() {
        let a = analyse_organisation("Banco Santander México S.A.").unwrap();
        let b = analyse_organisation("Banco Santander Chile S.A.").unwrap();
        assert!(compare(&a, &b).score < 0.8);
    }

    #[test]
    fn legal_forms_of_one_system_keep_two_companies_apart() {
        let score = |a: &str, b: &str| {
            crate::compare_score(
                &analyse_organisation(a).unwrap(),
                &analyse_organisation(b).unwrap(),
            )
        };
        assert!(score("Deutsche Bank AG", "Deutsche Bank GmbH") < 0.9);
        assert!(score("Bowne S.A.S.", "Bowne S.A.R.L.") < 0.9);
        // The same kind written two ways, kinds of different systems, or no kind on one side.
        assert_eq!(score("Stripe LLC", "Stripe Limited Liability Company"), 1.0);
        assert_eq!(
            score("OAO Gazprom", "Open Joint Stock Company Gazprom"),
            1.0
        );
        assert_eq!(score("Siemens AG", "Siemens Ltd"), 1.0);
        assert_eq!(score("Siemens AG", "Siemens"), 1.0);
        assert!(forms_exclude(form_bit("ag"), form_bit("gmbh")));
        assert!(!forms_exclude(
            form_bit("ag") | form_bit("inc"),
            form_bit("inc")
        ));
        assert!(FORM_KINDS
            .iter()
            .all(|(f, k)| LEGAL_FORMS.contains(f) && form_bit(k) != 0));
    }

    #[test]
    fn bad_input() {
        assert_eq!(analyse_organisation(" "), Err(NameError::Empty));
        assert_eq!(analyse_organisation("..."), Err(NameError::NoLetters));
        assert!(analyse_organisation(&"x".repeat(10_000)).is_err());
    }
}
