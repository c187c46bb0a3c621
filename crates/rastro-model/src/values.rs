//! Scalar value types of the standard: ISO 8601 dates, ISO 639 languages, yes/no checkboxes.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use rastro_geo::Lang;
use rastro_text::fold_key;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date, written `YYYY-MM-DD` everywhere Rastro writes one.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: i16,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("not a date (expected YYYY-MM-DD or DD/MM/YYYY)")]
    Format,
    #[error("no such day: {0}")]
    NoSuchDay(String),
    #[error("year {0} is outside 1900–2100")]
    YearOutOfRange(i32),
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        if !(1900..=2100).contains(&year) {
            return Err(DateError::YearOutOfRange(year));
        }
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(DateError::NoSuchDay(format!(
                "{year:04}-{month:02}-{day:02}"
            )));
        }
        Ok(Date {
            year: year as i16,
            month: month as u8,
            day: day as u8,
        })
    }

    pub fn year(self) -> i32 {
        i32::from(self.year)
    }
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// Parses ISO 8601 (`2023-07-30`, also with a time part, which is dropped) and the day-first
    /// forms used across Latin America and Spain (`30/07/2023`, `30-07-2023`, `30.07.2023`).
    /// Month-first (US) dates are not accepted: `07/30/2023` is an error, never a silent swap.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let text = text.trim();
        let head = text.split(['T', ' ']).next().unwrap_or(text);
        let parts: Vec<&str> = head.split(['-', '/', '.']).collect();
        let numbers: Vec<u32> = parts
            .iter()
            .map(|p| {
                if !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()) {
                    p.parse::<u32>().map_err(|_| DateError::Format)
                } else {
                    Err(DateError::Format)
                }
            })
            .collect::<Result<_, _>>()?;
        match (parts.as_slice(), numbers.as_slice()) {
            ([y, _, _], &[year, month, day]) if y.len() == 4 => Date::new(year as i32, month, day),
            ([_, _, y], &[day, month, year]) if y.len() == 4 => Date::new(year as i32, month, day),
            _ => Err(DateError::Format),
        }
    }

    /// The date of an Excel serial day number (days since 1899-12-30, the epoch Excel uses once
    /// its 1900 leap-year bug is accounted for).
    pub fn from_excel_serial(serial: f64) -> Result<Date, DateError> {
        if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
            return Err(DateError::Format);
        }
        // 1899-12-30 is 25,569 days before 1970-01-01.
        Date::from_days_since_epoch(serial.floor() as i64 - 25_569)
    }

    /// Today's date in UTC.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days_since_epoch((secs / 86_400) as i64).unwrap_or(Date {
            year: 2000,
            month: 1,
            day: 1,
        })
    }

    /// Civil date of a day count from 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days_since_epoch(days: i64) -> Result<Date, DateError> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date::new(year, month, day)
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse(&text).map_err(D::Error::custom)
    }
}

/// An ISO 639 language: stored as its two-letter 639-1 code when it has one, else its 639-3 code.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Language(String);

const LANGUAGES_TSV: &str = include_str!("../data/languages.tsv");

struct LanguageTable {
    by_key: HashMap<String, String>,
}

fn language_table() -> &'static LanguageTable {
    static TABLE: OnceLock<LanguageTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut by_key = HashMap::new();
        // Names first, so that a code that happens to equal a name (rare) still wins below.
        let rows: Vec<Vec<&str>> = LANGUAGES_TSV
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect())
            .filter(|cols: &Vec<&str>| cols.len() == 6)
            .collect();
        for cols in &rows {
            let code = if cols[1].is_empty() { cols[0] } else { cols[1] };
            for name in &cols[3..6] {
                by_key
                    .entry(fold_key(name))
                    .or_insert_with(|| code.to_string());
            }
        }
        for (alias, code) in [
            ("castellano", "es"),
            ("criollo haitiano", "ht"),
            ("creole haitiano", "ht"),
            ("haitian creole", "ht"),
            ("kreyol", "ht"),
            ("mandarin", "zh"),
            ("chino mandarin", "zh"),
            ("quichua", "qu"),
            ("kichwa", "qu"),
            ("aimara", "ay"),
            ("wayuu", "guc"),
            ("wayuunaiki", "guc"),
        ] {
            by_key.insert(alias.to_string(), code.to_string());
        }
        for cols in &rows {
            let code = if cols[1].is_empty() { cols[0] } else { cols[1] };
            for alias in &cols[0..3] {
                if !alias.is_empty() {
                    by_key.insert(alias.to_ascii_lowercase(), code.to_string());
                }
            }
        }
        LanguageTable { by_key }
    })
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?} (expected an ISO 639 code such as es, pt, en, qu, ht, or a language name)")]
pub struct LanguageError(pub String);

impl Language {
    /// Accepts ISO 639-1, 639-2 (B or T) and 639-3 codes, a locale such as `es-CO` (the region is
    /// dropped) and language names in English, Spanish and Portuguese.
    pub fn parse(text: &str) -> Result<Language, LanguageError> {
        let trimmed = text.trim();
        let table = language_table();
        let base = trimmed.split(['-', '_']).next().unwrap_or(trimmed);
        let candidates = [
            trimmed.to_ascii_lowercase(),
            base.to_ascii_lowercase(),
            fold_key(trimmed),
        ];
        candidates
            .iter()
            .find_map(|key| table.by_key.get(key))
            .map(|code| Language(code.clone()))
            .ok_or_else(|| LanguageError(trimmed.to_string()))
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    /// The Rastro interface language this is, if it is one of them.
    pub fn as_lang(&self) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == self.0)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Language({})", self.0)
    }
}

impl Serialize for Language {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Language::parse(&text).map_err(D::Error::custom)
    }
}

/// Reads a checkbox the way people fill them in, in three languages.
pub fn parse_bool(text: &str) -> Option<bool> {
    match fold_key(text).as_str() {
        "true" | "yes" | "y" | "1" | "x" | "si" | "s" | "sim" | "verdadero" | "verdadeiro" => {
            Some(true)
        }
        "false" | "no" | "n" | "0" | "nao" | "falso" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_iso_and_day_first() {
        assert_eq!(Date::parse("2023-07-30").unwrap().to_string(), "2023-07-30");
        assert_eq!(Date::parse("30/07/2023").unwrap().to_string(), "2023-07-30");
        assert_eq!(
            Date::parse("2023-07-30T10:00:00Z").unwrap().to_string(),
            "2023-07-30"
        );
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("07/30/2023").is_err());
        assert!(Date::parse("yesterday").is_err());
        assert!(Date::parse("1850-01-01").is_err());
    }

    #[test]
    fn excel_serials_and_epoch_days_agree() {
        assert_eq!(
            Date::from_excel_serial(45_000.0).unwrap().to_string(),
            "2023-03-15"
        );
        let d = Date::parse("1987-11-02").unwrap();
        assert_eq!(
            Date::from_days_since_epoch(d.days_since_epoch()).unwrap(),
            d
        );
    }

    #[test]
    fn languages_accept_codes_and_names() {
        for (input, code) in [
            ("es", "es"),
            ("spa", "es"),
            ("Español", "es"),
            ("Portuguese", "pt"),
            ("pt-BR", "pt"),
            ("quechua", "qu"),
            ("Kreyòl", "ht"),
            ("ger", "de"),
            ("deu", "de"),
        ] {
            assert_eq!(
                Language::parse(input).map(|l| l.0),
                Ok(code.to_string()),
                "{input}"
            );
        }
        assert!(Language::parse("klingonese").is_err());
    }

    #[test]
    fn checkboxes_in_three_languages() {
        assert_eq!(parse_bool("Sí"), Some(true));
        assert_eq!(parse_bool("não"), Some(false));
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("maybe"), None);
    }
}
