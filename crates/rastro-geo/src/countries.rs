//! ISO 3166-1 countries: codes, names in English, Spanish and Portuguese, and the aliases people
//! actually type, resolved to one alpha-2 code.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use rastro_text::fasthash::FastMap;
use rastro_text::{fold_key, levenshtein, Lang};

const CODES_JSON: &str = include_str!("../data/i18n-iso-countries/codes.json");
const NAMES_EN: &str = include_str!("../data/i18n-iso-countries/en.json");
const NAMES_ES: &str = include_str!("../data/i18n-iso-countries/es.json");
const NAMES_PT: &str = include_str!("../data/i18n-iso-countries/pt.json");
const ALIASES_TSV: &str = include_str!("../data/country_aliases.tsv");

/// An ISO 3166-1 alpha-2 code known to Rastro's country table. Only [`Countries`] makes one, so
/// holding a `CountryCode` means the country exists.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII uppercase letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// [`CountryCode::as_str`] borrowed from a table of every two-letter code, so that a
    /// caller keeping codes as text (evidence of every country an article names) copies none.
    pub fn as_static_str(self) -> &'static str {
        let [first, second] = self.0;
        if !first.is_ascii_uppercase() || !second.is_ascii_uppercase() {
            return "??";
        }
        let at = (usize::from(first - b'A') * 26 + usize::from(second - b'A')) * 2;
        ALL_CODES.get(at..at + 2).unwrap_or("??")
    }
}

/// Every pair of uppercase ASCII letters, "AA" to "ZZ", one after another.
const ALL_CODES: &str = {
    const BYTES: [u8; 26 * 26 * 2] = {
        let mut table = [0u8; 26 * 26 * 2];
        let mut i = 0;
        while i < 26 * 26 {
            table[2 * i] = b'A' + (i / 26) as u8;
            table[2 * i + 1] = b'A' + (i % 26) as u8;
            i += 1;
        }
        table
    };
    match std::str::from_utf8(&BYTES) {
        Ok(codes) => codes,
        Err(_) => "",
    }
};

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseCountryError {
    #[error("unknown country {input:?}{}", suggestion_text(.suggestion))]
    Unknown {
        input: String,
        suggestion: Option<String>,
    },
    #[error("{input:?} names more than one country ({})", .candidates.join(", "))]
    Ambiguous {
        input: String,
        candidates: Vec<String>,
    },
}

fn suggestion_text(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean {s}?)"),
        None => String::new(),
    }
}

impl FromStr for CountryCode {
    type Err = ParseCountryError;

    /// Accepts an alpha-2 or alpha-3 code or a name in English, Spanish or Portuguese.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        countries().parse(s)
    }
}

impl Serialize for CountryCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        countries().parse(&text).map_err(D::Error::custom)
    }
}

/// One country of the table.
#[derive(Debug, Clone)]
pub struct Country {
    pub code: CountryCode,
    pub alpha3: String,
    pub numeric: String,
    /// Official short names, one per [`Lang`] in the order of [`Lang::ALL`].
    names: [String; 3],
    /// Every name and alias in any language, as written in the sources (not folded).
    all_names: Vec<String>,
    /// The English name people use ("China", not "People's Republic of China").
    common_en: String,
}

impl Country {
    pub fn name(&self, lang: Lang) -> &str {
        &self.names[lang as usize]
    }

    /// The short English name in common use ("United States", "China", "Moldova", "North
    /// Macedonia"); [`Country::name`] gives the official short name of the ISO tables.
    pub fn common_name(&self) -> &str {
        &self.common_en
    }

    /// Every name and alias of the country in English, Spanish and Portuguese, as written in the
    /// vendored tables and `country_aliases.tsv` (codes not included).
    pub fn all_names(&self) -> &[String] {
        &self.all_names
    }
}

enum Resolution {
    One(CountryCode),
    Ambiguous(Vec<CountryCode>),
}

/// The country table, loaded once from the vendored data.
pub struct Countries {
    /// Read for every place an article names (its country's name, whether a code exists): a
    /// hasher for short keys, not the default one built against hostile keys.
    by_code: FastMap<CountryCode, Country>,
    by_key: HashMap<String, Resolution>,
}

/// The process-wide country table. The first call parses the vendored data (a few milliseconds).
pub fn countries() -> &'static Countries {
    static TABLE: OnceLock<Countries> = OnceLock::new();
    TABLE.get_or_init(Countries::load)
}

#[derive(Deserialize)]
struct NamesFile {
    countries: HashMap<String, OneOrMany>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn all(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

impl Countries {
    fn load() -> Countries {
        // The vendored files are part of the binary and checked by this crate's tests, so a parse
        // failure here is a build defect, not something a user can cause.
        let codes: Vec<Vec<String>> =
            serde_json::from_str(CODES_JSON).unwrap_or_else(|e| panic!("codes.json: {e}"));
        let names: Vec<NamesFile> = [NAMES_EN, NAMES_ES, NAMES_PT]
            .iter()
            .map(|text| serde_json::from_str(text).unwrap_or_else(|e| panic!("names: {e}")))
            .collect();

        let mut table = Countries {
            by_code: FastMap::default(),
            by_key: HashMap::new(),
        };
        for row in &codes {
            let (Some(a2), Some(a3), Some(num)) = (row.first(), row.get(1), row.get(2)) else {
                continue;
            };
            let Some(code) = code_from_alpha2(a2) else {
                continue;
            };
            let mut official: [String; 3] = Default::default();
            let mut all_names: Vec<String> = Vec::new();
            let mut english: Vec<String> = Vec::new();
            for (i, file) in names.iter().enumerate() {
                if let Some(entry) = file.countries.get(a2) {
                    let all = entry.all();
                    official[i] = all.first().map(|s| s.to_string()).unwrap_or_default();
                    if i == 0 {
                        english = all.iter().map(|s| s.to_string()).collect();
                    }
                    for name in all {
                        table.add_name(name, code);
                        if !all_names.iter().any(|n| n == name) {
                            all_names.push(name.to_string());
                        }
                    }
                }
            }
            table.add_key(fold_key(a2), code);
            table.add_key(fold_key(a3), code);
            table.by_code.insert(
                code,
                Country {
                    code,
                    alpha3: a3.clone(),
                    numeric: num.clone(),
                    names: official,
                    all_names,
                    common_en: english.join("\t"),
                },
            );
        }
        table.choose_common_names();
        for line in ALIASES_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if let Some((a2, alias)) = line.split_once('\t') {
                if let Some(code) = code_from_alpha2(a2) {
                    table.add_name(alias, code);
                    if let Some(country) = table.by_code.get_mut(&code) {
                        country.all_names.push(alias.to_string());
                    }
                }
            }
        }
        table
    }

    /// Picks each country's common English name from its English variants (held tab-joined in
    /// `common_en` until now): the first short one that no other country shares, else the
    /// official name without its qualifier ("Sint Maarten (Dutch part)", "Moldova, Republic of").
    fn choose_common_names(&mut self) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for country in self.by_code.values() {
            for v in country.common_en.split('\t') {
                *seen.entry(v.to_string()).or_default() += 1;
            }
        }
        for country in self.by_code.values_mut() {
            let variants: Vec<&str> = country.common_en.split('\t').collect();
            let short = variants.iter().find(|v| {
                v.len() <= 20
                    && v.chars().any(char::is_lowercase)
                    && !v.contains(',')
                    && !v.contains('(')
                    && seen.get(**v) == Some(&1)
            });
            let chosen = match short {
                Some(v) => v.to_string(),
                None => {
                    let first = variants.first().copied().unwrap_or("");
                    let first = first.split(" (").next().unwrap_or(first);
                    first.split(", ").next().unwrap_or(first).to_string()
                }
            };
            country.common_en = chosen;
        }
    }

    /// Registers a name, and also its form without a parenthesised qualifier or a leading article,
    /// which is how people write "Sint Maarten (Dutch part)" and "The Netherlands".
    fn add_name(&mut self, name: &str, code: CountryCode) {
        self.add_key(fold_key(name), code);
        if let Some(open) = name.find('(') {
            self.add_key(fold_key(&name[..open]), code);
        }
        if let Some((head, tail)) = name.split_once(", ") {
            // "Korea, Republic of" is also written "Republic of Korea".
            self.add_key(fold_key(&format!("{tail} {head}")), code);
        }
        let key = fold_key(name);
        for article in [
            "the ", "la ", "el ", "los ", "las ", "o ", "a ", "os ", "as ",
        ] {
            if let Some(rest) = key.strip_prefix(article) {
                self.add_key(rest.to_string(), code);
            }
        }
    }

    fn add_key(&mut self, key: String, code: CountryCode) {
        if key.is_empty() {
            return;
        }
        match self.by_key.get_mut(&key) {
            None => {
                self.by_key.insert(key, Resolution::One(code));
            }
            Some(Resolution::One(existing)) if *existing == code => {}
            Some(Resolution::One(existing)) => {
                let first = *existing;
                self.by_key
                    .insert(key, Resolution::Ambiguous(vec![first, code]));
            }
            Some(Resolution::Ambiguous(list)) => {
                if !list.contains(&code) {
                    list.push(code);
                }
            }
        }
    }

    /// Resolves a code or a name to its country, or says why not.
    pub fn parse(&self, input: &str) -> Result<CountryCode, ParseCountryError> {
        // A code as files carry it ("PE", "per"): its folded key is its lowercase, made on the
        // stack; an import reads one or more in every row.
        let bytes = input.as_bytes();
        if (2..=3).contains(&bytes.len()) && bytes.iter().all(u8::is_ascii_alphabetic) {
            let mut folded = [0u8; 3];
            for (slot, b) in folded.iter_mut().zip(bytes) {
                *slot = b.to_ascii_lowercase();
            }
            let key = std::str::from_utf8(&folded[..bytes.len()]).unwrap_or_default();
            if let Some(Resolution::One(code)) = self.by_key.get(key) {
                return Ok(*code);
            }
        }
        let key = fold_key(input);
        match self.by_key.get(&key) {
            Some(Resolution::One(code)) => Ok(*code),
            Some(Resolution::Ambiguous(list)) => Err(ParseCountryError::Ambiguous {
                input: input.to_string(),
                candidates: list.iter().map(|c| c.to_string()).collect(),
            }),
            None => Err(ParseCountryError::Unknown {
                input: input.to_string(),
                suggestion: self.suggest(&key),
            }),
        }
    }

    /// Resolves a code or name, or `None` when it is unknown or ambiguous.
    pub fn resolve(&self, input: &str) -> Option<CountryCode> {
        self.parse(input).ok()
    }

    pub fn get(&self, code: CountryCode) -> Option<&Country> {
        self.by_code.get(&code)
    }

    /// Looks a code up by its exact alpha-2 spelling (any case).
    pub fn by_alpha2(&self, alpha2: &str) -> Option<CountryCode> {
        code_from_alpha2(alpha2).filter(|c| self.by_code.contains_key(c))
    }

    pub fn name(&self, code: CountryCode, lang: Lang) -> &str {
        self.by_code
            .get(&code)
            .map(|c| c.name(lang))
            .unwrap_or("??")
    }

    /// Every country, ordered by code.
    pub fn iter(&self) -> impl Iterator<Item = &Country> {
        let mut all: Vec<&Country> = self.by_code.values().collect();
        all.sort_by_key(|c| c.code);
        all.into_iter()
    }

    /// Every folded name or code known for a country, for callers that search text for them.
    pub fn keys(&self) -> impl Iterator<Item = (&str, Option<CountryCode>)> {
        self.by_key.iter().map(|(k, r)| {
            let code = match r {
                Resolution::One(c) => Some(*c),
                Resolution::Ambiguous(_) => None,
            };
            (k.as_str(), code)
        })
    }

    /// The closest known name for a mistyped one, for error messages.
    fn suggest(&self, key: &str) -> Option<String> {
        if key.len() < 3 {
            return None;
        }
        let mut best: Option<(usize, &str, CountryCode)> = None;
        for (candidate, resolution) in &self.by_key {
            let Resolution::One(code) = resolution else {
                continue;
            };
            if candidate.len() < 4 {
                continue;
            }
            let distance = levenshtein(key, candidate);
            if best.is_none_or(|(d, _, _)| distance < d) {
                best = Some((distance, candidate, *code));
            }
        }
        let (distance, _, code) = best?;
        let limit = (key.chars().count() / 3).max(1);
        (distance <= limit).then(|| format!("{} ({})", self.name(code, Lang::En), code))
    }
}

fn code_from_alpha2(text: &str) -> Option<CountryCode> {
    let bytes = text.trim().as_bytes();
    if bytes.len() != 2 || !bytes.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    Some(CountryCode([
        bytes[0].to_ascii_uppercase(),
        bytes[1].to_ascii_uppercase(),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_read_on_the_stack_resolves_as_its_folded_key_does() {
        let all = countries();
        // Every short key the table knows, in the cases files write it, gives what the folded
        // key gives, ambiguous and unknown ones included.
        let short: Vec<String> = all
            .keys()
            .map(|(key, _)| key.to_string())
            .filter(|k| (2..=3).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_alphabetic()))
            .chain(["xq".to_string(), "zzz".to_string()])
            .collect();
        assert!(short.len() > 400, "{}", short.len());
        for key in short {
            for text in [key.clone(), key.to_uppercase()] {
                let by_key = match all.by_key.get(&fold_key(&text)) {
                    Some(Resolution::One(c)) => Some(*c),
                    _ => None,
                };
                assert_eq!(all.parse(&text).ok(), by_key, "{text}");
            }
        }
    }

    fn code(s: &str) -> String {
        countries()
            .parse(s)
            .map(|c| c.to_string())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn accepts_codes_and_names_in_three_languages() {
        assert_eq!(code("PE"), "PE");
        assert_eq!(code("per"), "PE");
        assert_eq!(code("Perú"), "PE");
        assert_eq!(code("Brasil"), "BR");
        assert_eq!(code("Brazil"), "BR");
        assert_eq!(code("Estados Unidos"), "US");
        assert_eq!(code("EE.UU."), "US");
        assert_eq!(code("EUA"), "US");
        assert_eq!(code("Holanda"), "NL");
        assert_eq!(code("St. Marten"), "SX");
        assert_eq!(code("The Dominican Republic"), "DO");
        assert_eq!(code("Colômbia"), "CO");
        assert_eq!(code("Korea, Republic of"), "KR");
    }

    #[test]
    fn unknown_names_get_a_suggestion_and_ambiguous_ones_are_refused() {
        let err = countries().parse("Venezuala").unwrap_err();
        assert!(err.to_string().contains("Venezuela (VE)"), "{err}");
        assert!(matches!(
            countries().parse("Congo"),
            Err(ParseCountryError::Ambiguous { .. })
        ));
        assert!(countries().parse("Atlantis").is_err());
        assert!(countries().parse("").is_err());
    }

    #[test]
    fn every_code_as_static_text_is_itself() {
        let all: Vec<CountryCode> = countries().iter().map(|c| c.code).collect();
        assert!(all.len() >= 249);
        for code in all {
            assert_eq!(code.as_static_str(), code.as_str());
        }
    }

    #[test]
    fn names_are_given_per_language() {
        let pe = countries().resolve("PE").unwrap();
        assert_eq!(countries().name(pe, Lang::Es), "Perú");
        assert_eq!(countries().name(pe, Lang::En), "Peru");
        let us = countries().resolve("US").unwrap();
        assert_eq!(countries().get(us).unwrap().alpha3, "USA");
        assert!(countries().iter().count() >= 249);
    }

    #[test]
    fn serde_round_trip_normalises() {
        let c: CountryCode = serde_json::from_str("\"Bolívia\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"BO\"");
        assert!(serde_json::from_str::<CountryCode>("\"Narnia\"").is_err());
    }
}
