//! Structure of a person's name: tokens, given names, surnames, particles, initials.
//!
//! Latin American names usually carry two surnames (paternal then maternal in Spanish,
//! maternal then paternal in Portuguese), particles ("de la", "dos"), hyphenated compounds, and
//! appear on forms as "SURNAME, Given" or with surnames in capitals. The analysis records what
//! each token is so that a comparison can forgive a missing second surname but not a different one.

use rastro_text::fold_name;

use crate::phonetic::key_of_folded;
use crate::split::{split_raw, RawPiece};

/// Longest name accepted, in characters. Real names, even with several surnames and particles,
/// are far shorter; longer text is a data error (a whole address or note in the name field).
pub const MAX_NAME_CHARS: usize = 500;

/// Most tokens accepted in one name.
pub const MAX_TOKENS: usize = 24;

/// Why a name cannot be analysed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name has no letters")]
    NoLetters,
    #[error("the name is {chars} characters long (at most {MAX_NAME_CHARS})")]
    TooLong { chars: usize },
    #[error("the name has more than {MAX_TOKENS} words")]
    TooManyTokens,
}

/// What a token is in its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Given,
    Surname,
    /// "de", "da", "dos", "y"...: part of a compound surname, ignored when comparing.
    Particle,
}

/// Particles of Spanish, Portuguese and a few neighbouring naming traditions.
const PARTICLES: &[&str] = &[
    "de", "del", "della", "la", "las", "los", "da", "das", "do", "dos", "di", "du", "van", "von",
    "der", "den", "y", "e", "i", "le", "bin", "bint", "ibn", "al", "el",
];

/// Connectors between the two surnames ("Ortega y Gasset", "Sousa e Silva").
const CONNECTORS: &[&str] = &["y", "e", "i"];

/// Is this folded token a name particle?
pub fn is_particle(folded: &str) -> bool {
    PARTICLES.contains(&folded)
}

const FLAG_INITIAL: u16 = 1;
const FLAG_ABBREVIATED: u16 = 2;
const FLAG_HYPHENATED: u16 = 4;
/// Set on every part of an organisation's name ([`crate::analyse_organisation`]).
const FLAG_ORGANISATION: u16 = 8;
const ROLE_SHIFT: u16 = 4;
/// Above the role's two bits.
const FLAG_SYLLABLE: u16 = 64;
const FLAG_TITLE: u16 = 128;
const FLAG_ABJAD: u16 = 256;
const FLAG_QUALIFIER: u16 = 512;
const FLAG_KANA: u16 = 1024;
/// The five bits above the flags: a syllable's character mark ([`crate::hanzi::mark`]).
const MARK_SHIFT: u16 = 11;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Part {
    text_end: u16,
    key_end: u16,
    /// Sixteen bits cost nothing: the part is six bytes either way.
    flags: u16,
}

/// The analysis of one person's name, stored compactly (one string and one small array) so that
/// an index can hold millions of them.
///
/// Tokens are in "given names first, then surnames" order whatever the input order was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameAnalysis {
    buf: Box<str>,
    parts: Box<[Part]>,
}

/// One token of an analysed name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// Folded text: lowercase ASCII letters.
    pub text: &'a str,
    /// Phonetic key ([`crate::phonetic_key`]).
    pub key: &'a str,
    pub role: Role,
    /// A single letter ("J", "J.").
    pub initial: bool,
    /// Written with a dot and more than one letter ("Ma.", "Fco."): an abbreviation.
    pub abbreviated: bool,
    /// Joined to the previous token by a hyphen.
    pub hyphenated: bool,
    /// One syllable of a script written without spaces between words (a Chinese character, a
    /// Hangul block), transliterated: such syllables are shared by millions.
    pub syllable: bool,
    /// A title or form of address ("Dr", "Sheikh", "Señora"): lists add or drop it. Known when
    /// the name is analysed, so that comparisons need not look it up.
    pub title: bool,
    /// Written in the Arabic script: its transliteration has the consonants (and long vowels)
    /// only, and is compared with a name in Latin letters by those.
    pub abjad: bool,
    /// Written in brackets in an organisation's name ("Deutsche Bank (Schweiz) AG"): a
    /// qualifier (a branch's country, a former name) that lists add or drop.
    pub qualifier: bool,
    /// Written in Japanese kana: its transliteration carries vowels that the syllabary adds to
    /// a foreign name's consonants.
    pub kana: bool,
    /// For one syllable of Chinese characters, which character it was written with (1 to 31,
    /// the same for a character's traditional and simplified forms); 0 for other words. Two
    /// syllables with one reading and different marks are different characters.
    pub mark: u8,
}

impl<'a> Token<'a> {
    /// Tokens that carry identity: not particles.
    pub fn is_significant(&self) -> bool {
        self.role != Role::Particle
    }
}

impl NameAnalysis {
    /// Number of tokens, particles included.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Never true for an analysis that [`analyse`] returned; present for API completeness.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Token `i`, given names first.
    pub fn token(&self, i: usize) -> Token<'_> {
        let p = self.parts[i];
        let text_start = if i == 0 {
            0
        } else {
            self.parts[i - 1].text_end
        };
        let key_base = self.parts.last().map_or(0, |l| l.text_end) as usize;
        let key_start = if i == 0 { 0 } else { self.parts[i - 1].key_end };
        Token {
            text: &self.buf[text_start as usize..p.text_end as usize],
            key: &self.buf[key_base + key_start as usize..key_base + p.key_end as usize],
            role: match (p.flags >> ROLE_SHIFT) & 3 {
                0 => Role::Given,
                1 => Role::Surname,
                _ => Role::Particle,
            },
            initial: p.flags & FLAG_INITIAL != 0,
            abbreviated: p.flags & FLAG_ABBREVIATED != 0,
            hyphenated: p.flags & FLAG_HYPHENATED != 0,
            syllable: p.flags & FLAG_SYLLABLE != 0,
            title: p.flags & FLAG_TITLE != 0,
            abjad: p.flags & FLAG_ABJAD != 0,
            qualifier: p.flags & FLAG_QUALIFIER != 0,
            kana: p.flags & FLAG_KANA != 0,
            mark: (p.flags >> MARK_SHIFT) as u8,
        }
    }

    /// Every token, given names first.
    pub fn tokens(&self) -> impl Iterator<Item = Token<'_>> + '_ {
        (0..self.parts.len()).map(|i| self.token(i))
    }

    /// Made by [`crate::analyse_organisation`]: extra words name another entity (a subsidiary,
    /// a branch), not a longer form of the same person's name.
    pub fn is_organisation(&self) -> bool {
        self.parts
            .first()
            .is_some_and(|p| p.flags & FLAG_ORGANISATION != 0)
    }

    /// The tokens that carry identity (particles left out).
    pub fn significant(&self) -> impl Iterator<Item = Token<'_>> + '_ {
        self.tokens().filter(|t| t.is_significant())
    }

    /// Given names.
    pub fn given(&self) -> impl Iterator<Item = Token<'_>> + '_ {
        self.tokens().filter(|t| t.role == Role::Given)
    }

    /// Surnames (paternal and maternal, compound parts each their own token).
    pub fn surnames(&self) -> impl Iterator<Item = Token<'_>> + '_ {
        self.tokens().filter(|t| t.role == Role::Surname)
    }

    /// Phonetic keys of the significant tokens, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.significant().map(|t| t.key)
    }

    /// The folded name: significant tokens joined by single spaces, given names first.
    pub fn folded(&self) -> String {
        let mut out = String::new();
        for t in self.significant() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(t.text);
        }
        out
    }
}

pub(crate) struct Draft {
    pub text: String,
    pub key: String,
    pub role: Role,
    pub initial: bool,
    pub abbreviated: bool,
    pub hyphenated: bool,
    pub dotted: bool,
    pub syllable: bool,
    pub abjad: bool,
    pub qualifier: bool,
    pub kana: bool,
    pub mark: u8,
}

/// Analyses a person's name.
///
/// Accepts any script (transliterated to Latin letters), "SURNAME, Given" order, surnames in
/// capitals ("Juan GARCÍA LÓPEZ"), particles, hyphens, initials and abbreviations.
///
/// ```
/// use rastro_names::{analyse, Role};
/// let a = analyse("GARCÍA LÓPEZ, Ma. José").unwrap();
/// assert_eq!(a.folded(), "ma jose garcia lopez");
/// let surnames: Vec<&str> = a.surnames().map(|t| t.text).collect();
/// assert_eq!(surnames, ["garcia", "lopez"]);
/// assert!(a.token(0).abbreviated);
/// let b = analyse("João dos Santos Silva").unwrap();
/// assert_eq!(b.token(1).role, Role::Particle);
/// ```
pub fn analyse(name: &str) -> Result<NameAnalysis, NameError> {
    if name.trim().is_empty() {
        return Err(NameError::Empty);
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(NameError::TooLong { chars });
    }
    let pieces = run_together_initials(split_raw(name, MAX_TOKENS + 1));
    let mut kept: Vec<(RawPiece, String)> = pieces
        .into_iter()
        .filter_map(|mut p| {
            if let Some(letters) = digits_as_letters(&p.text) {
                p.text = letters;
            }
            let f = fold_name(&p.text);
            (!f.is_empty()).then_some((p, f))
        })
        .collect();
    if kept.is_empty() {
        return Err(NameError::NoLetters);
    }
    if kept.len() > MAX_TOKENS {
        return Err(NameError::TooManyTokens);
    }
    reorder_surname_first(&mut kept);
    let explicit_surnames = explicit_surname_count(&kept);
    // Every name a watchlist holds and every query is analysed: each word's folded text moves
    // into its draft, and its sound is read from that fold rather than folding again.
    let mut drafts: Vec<Draft> = kept
        .into_iter()
        .map(|(p, f)| Draft {
            key: key_of_folded(&p.text, &f),
            initial: f.len() == 1,
            abbreviated: p.dotted && f.len() > 1,
            hyphenated: p.hyphen_before,
            dotted: p.dotted,
            syllable: p.syllable,
            abjad: p.abjad,
            qualifier: false,
            kana: p.kana,
            mark: p.mark,
            role: Role::Given,
            text: f,
        })
        .collect();
    assign_roles(&mut drafts, explicit_surnames);
    Ok(pack(&drafts, false))
}

/// "JC Juncker", "JFK": two or three capitals without a vowel cannot be said as a word, so
/// they are initials written together, one piece each, as if written "J. C.". ("NG" is a
/// surname.)
fn run_together_initials(pieces: Vec<RawPiece>) -> Vec<RawPiece> {
    let together = |p: &RawPiece| {
        p.all_caps
            && (2..=3).contains(&p.text.len())
            && p.text.bytes().all(|c| {
                c.is_ascii_uppercase() && !matches!(c, b'A' | b'E' | b'I' | b'O' | b'U' | b'Y')
            })
            && p.text != "NG"
    };
    if !pieces.iter().any(together) {
        return pieces;
    }
    let mut out = Vec::with_capacity(pieces.len() + 2);
    for p in pieces {
        if !together(&p) {
            out.push(p);
            continue;
        }
        for (k, c) in p.text.chars().enumerate() {
            out.push(RawPiece {
                text: c.to_string(),
                dotted: true,
                hyphen_before: k == 0 && p.hyphen_before,
                all_caps: false,
                ..p.clone()
            });
        }
    }
    out.truncate(MAX_TOKENS + 1);
    out
}

/// A person's name has no digits: in a word that also has letters ("Ig0r", "Sech1n", "I9or")
/// they are letters mistyped or misread, and read as the letter they look like. `None` when
/// the word has no such digit.
fn digits_as_letters(word: &str) -> Option<String> {
    let has_letters = word.chars().any(char::is_alphabetic);
    if !has_letters || !word.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(
        word.chars()
            .map(|c| match c {
                '0' => 'o',
                '1' => 'i',
                '2' => 'z',
                '3' => 'e',
                '4' => 'a',
                '5' => 's',
                '6' => 'b',
                '7' => 't',
                '8' => 'b',
                '9' => 'g',
                other => other,
            })
            .collect(),
    )
}

/// Puts given names first when the input had "SURNAME, Given" or "SURNAME Given" (surnames in
/// capitals, given names not). Returns nothing: the order is changed in place.
fn reorder_surname_first(kept: &mut [(RawPiece, String)]) {
    let sections = kept.iter().map(|(p, _)| p.section).max().unwrap_or(0);
    if sections >= 1 && kept[0].0.section == 0 {
        // "GARCÍA LÓPEZ, Juan": rotate the first section to the end.
        let first_len = kept.iter().take_while(|(p, _)| p.section == 0).count();
        if first_len < kept.len() {
            kept.rotate_left(first_len);
            for (p, _) in kept.iter_mut() {
                p.all_caps = false;
            }
            let n = kept.len();
            for (p, _) in kept[n - first_len..].iter_mut() {
                p.all_caps = true;
            }
            return;
        }
    }
    let caps = kept.iter().filter(|(p, _)| p.all_caps).count();
    let mixed = caps > 0 && caps < kept.len();
    if mixed && kept[0].0.all_caps {
        let lead = kept.iter().take_while(|(p, _)| p.all_caps).count();
        if kept[lead..].iter().all(|(p, _)| !p.all_caps) {
            kept.rotate_left(lead);
        }
    }
}

/// When the input marked its surnames (comma order or capitals among lower case), how many
/// trailing tokens are surnames.
fn explicit_surname_count(kept: &[(RawPiece, String)]) -> Option<usize> {
    let caps = kept.iter().filter(|(p, _)| p.all_caps).count();
    if caps == 0 || caps == kept.len() {
        return None;
    }
    let trailing = kept.iter().rev().take_while(|(p, _)| p.all_caps).count();
    (trailing == caps).then_some(caps)
}

fn assign_roles(drafts: &mut [Draft], explicit_surnames: Option<usize>) {
    let n = drafts.len();
    let particle_like = |d: &Draft| is_particle(&d.text) && !d.dotted;
    // A particle needs a name after it: "Da" alone, or last, is a name. A single letter first
    // ("E Pérez") is an initial, not the connector.
    let last_name = drafts.iter().rposition(|d| !particle_like(d));
    for (i, d) in drafts.iter_mut().enumerate() {
        let followed = last_name.is_some_and(|l| i < l);
        if particle_like(d) && followed && !(i == 0 && d.text.len() == 1) {
            d.role = Role::Particle;
        }
    }
    let surname_start = match explicit_surnames {
        Some(count) => n - count.min(n),
        None => positional_surname_start(drafts),
    };
    for (i, d) in drafts.iter_mut().enumerate() {
        if d.role == Role::Particle {
            continue;
        }
        d.role = if i >= surname_start {
            Role::Surname
        } else {
            Role::Given
        };
    }
}

/// Where the surnames start when nothing in the input marked them.
fn positional_surname_start(drafts: &[Draft]) -> usize {
    let n = drafts.len();
    // The first particle after the first token opens the surnames ("María de la Cruz"); a
    // connector joins the surname before it to the one after it ("Ortega y Gasset").
    if let Some(p) = (1..n).find(|&i| drafts[i].role == Role::Particle) {
        return if CONNECTORS.contains(&drafts[p].text.as_str()) {
            p - 1
        } else {
            p
        }
        .max(1);
    }
    // Units: a hyphenated token belongs to the unit before it ("Jean-Pierre", "García-López").
    let unit_starts: Vec<usize> = (0..n).filter(|&i| !drafts[i].hyphenated).collect();
    let units = unit_starts.len();
    let surname_units = match units {
        0 | 1 => return 0,
        2 => 1,
        _ => 2,
    };
    // An initial before the last name is a given name's ("J. M. Fernández"): a second
    // surname is not shortened to its initial while the first is written out.
    let initial_unit = |u: usize| drafts[unit_starts[u]].initial;
    let surname_units = if surname_units == 2 && initial_unit(units - 2) && !initial_unit(units - 1)
    {
        1
    } else {
        surname_units
    };
    unit_starts[units - surname_units]
}

pub(crate) fn pack(drafts: &[Draft], organisation: bool) -> NameAnalysis {
    let mut buf = String::new();
    let mut parts = Vec::with_capacity(drafts.len());
    for d in drafts {
        buf.push_str(&d.text);
        parts.push(Part {
            text_end: buf.len() as u16,
            key_end: 0,
            flags: 0,
        });
    }
    let key_base = buf.len();
    for (d, p) in drafts.iter().zip(parts.iter_mut()) {
        buf.push_str(&d.key);
        p.key_end = (buf.len() - key_base) as u16;
        let role = match d.role {
            Role::Given => 0,
            Role::Surname => 1,
            Role::Particle => 2,
        };
        p.flags = (role << ROLE_SHIFT)
            | if d.initial { FLAG_INITIAL } else { 0 }
            | if d.abbreviated { FLAG_ABBREVIATED } else { 0 }
            | if d.hyphenated { FLAG_HYPHENATED } else { 0 }
            | if d.syllable { FLAG_SYLLABLE } else { 0 }
            | if d.abjad { FLAG_ABJAD } else { 0 }
            | if d.qualifier { FLAG_QUALIFIER } else { 0 }
            | if d.kana { FLAG_KANA } else { 0 }
            | (u16::from(d.mark & 31) << MARK_SHIFT)
            | if crate::titles::is_title(&d.text) {
                FLAG_TITLE
            } else {
                0
            }
            | if organisation { FLAG_ORGANISATION } else { 0 };
    }
    NameAnalysis {
        buf: buf.into_boxed_str(),
        parts: parts.into_boxed_slice(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(name: &str) -> Vec<(String, Role)> {
        analyse(name)
            .unwrap()
            .tokens()
            .map(|t| (t.text.to_string(), t.role))
            .collect()
    }

    fn texts(name: &str, role: Role) -> Vec<String> {
        roles(name)
            .into_iter()
            .filter(|(_, r)| *r == role)
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn double_surnames_by_position() {
        assert_eq!(
            texts("Juan Carlos Pérez Gómez", Role::Given),
            ["juan", "carlos"]
        );
        assert_eq!(
            texts("Juan Carlos Pérez Gómez", Role::Surname),
            ["perez", "gomez"]
        );
        assert_eq!(texts("Juan Pérez", Role::Surname), ["perez"]);
        assert_eq!(texts("Pérez", Role::Surname), ["perez"]);
    }

    #[test]
    fn comma_and_capitals_mark_surnames() {
        assert_eq!(
            texts("PÉREZ GÓMEZ, Juan Carlos", Role::Surname),
            ["perez", "gomez"]
        );
        assert_eq!(
            analyse("PÉREZ GÓMEZ, Juan").unwrap().folded(),
            "juan perez gomez"
        );
        assert_eq!(
            analyse("PÉREZ GÓMEZ Juan Carlos").unwrap().folded(),
            "juan carlos perez gomez"
        );
        assert_eq!(texts("Ana María RUIZ", Role::Given), ["ana", "maria"]);
    }

    #[test]
    fn particles_and_connectors() {
        let r = roles("María de la Cruz Ortega y Gasset");
        assert_eq!(r[1], ("de".into(), Role::Particle));
        assert_eq!(r[2], ("la".into(), Role::Particle));
        assert_eq!(r[3], ("cruz".into(), Role::Surname));
        assert_eq!(r[5], ("y".into(), Role::Particle));
        assert_eq!(
            texts("José Ortega y Gasset", Role::Surname),
            ["ortega", "gasset"]
        );
        assert_eq!(texts("João dos Santos", Role::Surname), ["santos"]);
        // A particle-looking word with nothing after it is a name.
        assert_eq!(texts("Li Da", Role::Surname), ["da"]);
    }

    #[test]
    fn capitals_that_cannot_be_said_are_initials_written_together() {
        let a = analyse("JM Fernández").unwrap();
        let t: Vec<(&str, bool)> = a.tokens().map(|t| (t.text, t.initial)).collect();
        assert_eq!(t, [("j", true), ("m", true), ("fernandez", false)]);
        assert_eq!(
            a.surnames().map(|t| t.text).collect::<Vec<_>>(),
            ["fernandez"]
        );
        // Said as words: a name, not initials.
        assert_eq!(analyse("NG Wai Ling").unwrap().folded(), "wai ling ng");
        assert!(analyse("ANA Ruiz")
            .unwrap()
            .tokens()
            .any(|t| t.text == "ana"));
        let c = crate::compare(
            &analyse("JM Fernández").unwrap(),
            &analyse("José María Fernández").unwrap(),
        );
        assert!(c.score > 0.9, "{c:?}");
    }

    #[test]
    fn hyphens_initials_and_abbreviations() {
        let a = analyse("J. A. García-López").unwrap();
        assert!(a.token(0).initial && a.token(1).initial);
        assert!(a.token(3).hyphenated);
        assert_eq!(texts("Jean-Pierre Dupont", Role::Given), ["jean", "pierre"]);
        assert_eq!(
            texts("Ana García-López", Role::Surname),
            ["garcia", "lopez"]
        );
        assert!(analyse("Ma. Fernanda").unwrap().token(0).abbreviated);
        // A dotted "Y." is an initial, not the connector.
        let y = analyse("Ana Y. Pérez").unwrap();
        assert_ne!(y.token(1).role, Role::Particle);
    }

    #[test]
    fn digits_inside_words_are_the_letters_they_look_like() {
        assert_eq!(analyse("Ig0r Sech1n").unwrap().folded(), "igor sechin");
        assert_eq!(analyse("I9or").unwrap().folded(), "igor");
        // A number on its own is not a name.
        assert_eq!(analyse("Ana Ruiz 2").unwrap().folded(), "ana ruiz");
    }

    #[test]
    fn words_run_together_in_camel_case_are_split() {
        assert_eq!(
            analyse("FridrichBuchenberg").unwrap().folded(),
            "fridrich buchenberg"
        );
        // Short prefixes stay with their name.
        assert_eq!(analyse("Ana McDonald").unwrap().folded(), "ana mcdonald");
        assert_eq!(analyse("LaToya Ruiz").unwrap().folded(), "latoya ruiz");
    }

    #[test]
    fn any_script() {
        assert_eq!(
            analyse("Владимир Путин").unwrap().folded(),
            "vladimir putin"
        );
        assert!(analyse("محمد").is_ok());
        assert!(analyse("習近平").unwrap().len() == 3);
    }

    #[test]
    fn bad_names_are_errors_not_panics() {
        assert_eq!(analyse(""), Err(NameError::Empty));
        assert_eq!(analyse("   "), Err(NameError::Empty));
        assert_eq!(analyse("!!! ... ---"), Err(NameError::NoLetters));
        assert_eq!(analyse("🙂🙂"), Err(NameError::NoLetters));
        assert_eq!(
            analyse(&"a".repeat(10_000)),
            Err(NameError::TooLong { chars: 10_000 })
        );
        assert_eq!(analyse(&"ab ".repeat(100)), Err(NameError::TooManyTokens));
        assert!(analyse(&"b".repeat(MAX_NAME_CHARS)).is_ok());
    }
}
