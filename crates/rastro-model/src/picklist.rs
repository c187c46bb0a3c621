//! The machinery shared by every HTCDS picklist: wire names, labels in three languages, parsing
//! that forgives case, spacing and language, and a suggestion for values that do not parse.

use rastro_geo::Lang;
use rastro_text::fold_key;

/// A closed list of HTCDS values.
pub trait Picklist: Sized + Copy + 'static {
    /// The HTCDS field (without prefix) that owns the list, for error messages.
    const FIELD: &'static str;
    /// Every value, in the standard's order.
    const ALL: &'static [Self];

    /// The HTCDS value name, exactly as the standard writes it.
    fn wire(self) -> &'static str;
    /// The label shown to people, in their language.
    fn label(self, lang: Lang) -> &'static str;
    /// Older or misspelt wire names that files in the wild still carry.
    fn aliases(self) -> &'static [&'static str] {
        &[]
    }

    /// Parses a wire name, a label in any of the three languages or an alias; case, accents,
    /// spaces, underscores and punctuation do not matter ("sexual exploitation", "Explotación
    /// sexual" and "SEXUALEXPLOITATION" are all `SexualExploitation`).
    fn parse(text: &str) -> Option<Self> {
        let trimmed = text.trim();
        // Files written by Rastro or filled from the template carry exact wire names: no folding.
        if let Some(&exact) = Self::ALL.iter().find(|v| v.wire() == trimmed) {
            return Some(exact);
        }
        let key = squash(trimmed);
        Self::by_key(&key).or_else(|| {
            // "Trata con fines de explotación sexual", "tráfico de pessoas para fins de trabalho
            // escravo": the value after the words that say it is the trafficking's purpose.
            PURPOSE_WORDS
                .iter()
                .filter_map(|words| key.strip_prefix(words))
                .find_map(|rest| Self::by_key(rest))
        })
    }

    /// Looks a squashed key up in the list's table of every spelling (built once per list).
    fn by_key(key: &str) -> Option<Self>;

    /// Every accepted spelling of every value, squashed, in order of precedence: wire names first,
    /// so that a wire name always beats another value's label that squashes the same.
    fn spellings() -> Vec<(String, Self)> {
        let mut out: Vec<(String, Self)> =
            Self::ALL.iter().map(|&v| (squash(v.wire()), v)).collect();
        for &value in Self::ALL {
            if let Some(w) = wire_without_letter_prefix(value.wire()) {
                out.push((squash(w), value));
            }
            for lang in Lang::ALL {
                out.push((squash(value.label(lang)), value));
            }
            for alias in value.aliases() {
                out.push((squash(alias), value));
            }
        }
        out
    }

    /// The valid value closest to a rejected one, for "did you mean" in error messages.
    fn closest(text: &str) -> Option<Self> {
        let key = squash(text);
        if key.is_empty() {
            return None;
        }
        let mut best: Option<(f64, Self)> = None;
        for &value in Self::ALL {
            let mut candidates = vec![squash(value.wire())];
            candidates.extend(Lang::ALL.iter().map(|&l| squash(value.label(l))));
            for candidate in candidates {
                let score = similarity(&key, &candidate);
                if best.is_none_or(|(s, _)| score > s) {
                    best = Some((score, value));
                }
            }
        }
        best.filter(|(score, _)| *score >= 0.5).map(|(_, v)| v)
    }
}

/// Industry values carry an ISIC section letter ("B_MiningAndQuarrying"); people also write them
/// without it.
fn wire_without_letter_prefix(wire: &str) -> Option<&str> {
    let bytes = wire.as_bytes();
    (bytes.len() > 2 && bytes[1] == b'_' && bytes[0].is_ascii_uppercase()).then(|| &wire[2..])
}

/// Folds to lowercase ASCII letters and digits only, so that "Follow Up", "follow-up" and
/// "FollowUp" meet.
/// Words before a form of exploitation that say it was the trafficking's purpose, squashed as
/// keys are; each is tried until what follows it is a value.
const PURPOSE_WORDS: &[&str] = &[
    "tratadepersonasconfinesde",
    "tratadepersonasconfinesdela",
    "tratadepersonasparafinesde",
    "tratadepersonaspara",
    "tratadepersonasde",
    "tratadepersonas",
    "trataconfinesdela",
    "trataconfinesde",
    "tratapara",
    "trata",
    "traficodepessoasparafinsde",
    "traficodepessoascomfinsde",
    "traficodepessoaspara",
    "traficodepessoas",
    "traficoparafinsde",
    "traficopara",
    "humantraffickingforthepurposeof",
    "humantraffickingfor",
    "traffickingforthepurposeof",
    "traffickingfor",
    "confinesdela",
    "confinesde",
    "parafinesde",
    "parafinsde",
    "comfinsde",
    "comfinalidadede",
    "forthepurposeof",
];

pub(crate) fn squash(text: &str) -> String {
    fold_key(text)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// Similarity in [0, 1] from the length of the longest common subsequence, which rewards typos and
/// truncations alike ("SexualExploit" → "SexualExploitation").
fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for &ca in a {
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = if ca == cb {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let lcs = prev[b.len()] as f64;
    2.0 * lcs / (a.len() + b.len()) as f64
}

/// Defines a picklist enum: variants with their HTCDS wire name and labels in en, es and pt.
/// Serialises as the wire name; deserialises anything [`Picklist::parse`] accepts.
macro_rules! picklist {
    (
        $(#[$meta:meta])*
        $name:ident, field = $field:literal {
            $( $variant:ident = $wire:literal, $en:literal, $es:literal, $pt:literal $(, aliases = [$($alias:literal),*])? ; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $variant, )+
        }

        impl $crate::picklist::Picklist for $name {
            const FIELD: &'static str = $field;
            const ALL: &'static [Self] = &[ $( $name::$variant, )+ ];

            fn wire(self) -> &'static str {
                match self { $( $name::$variant => $wire, )+ }
            }

            fn label(self, lang: rastro_geo::Lang) -> &'static str {
                match (self, lang) {
                    $(
                        ($name::$variant, rastro_geo::Lang::En) => $en,
                        ($name::$variant, rastro_geo::Lang::Es) => $es,
                        ($name::$variant, rastro_geo::Lang::Pt) => $pt,
                    )+
                }
            }

            fn aliases(self) -> &'static [&'static str] {
                match self { $( $name::$variant => &[ $( $($alias),* )? ], )+ }
            }

            fn by_key(key: &str) -> Option<Self> {
                static TABLE: std::sync::OnceLock<std::collections::HashMap<String, $name>> =
                    std::sync::OnceLock::new();
                TABLE
                    .get_or_init(|| {
                        let mut table = std::collections::HashMap::new();
                        for (spelling, value) in <$name as $crate::picklist::Picklist>::spellings() {
                            table.entry(spelling).or_insert(value);
                        }
                        table
                    })
                    .get(key)
                    .copied()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::picklist::Picklist::wire(*self))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::picklist::Picklist::wire(*self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                <$name as $crate::picklist::Picklist>::parse(&text).ok_or_else(|| {
                    <D::Error as serde::de::Error>::custom(format!(
                        "unknown {} value {:?}", $field, text
                    ))
                })
            }
        }
    };
}

pub(crate) use picklist;
