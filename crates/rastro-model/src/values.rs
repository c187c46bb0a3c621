//! Scalar value types of the standard: ISO 8601 dates, ISO 639 languages, yes/no checkboxes.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use rastro_text::{
    civil_from_days, days_from_civil, days_in_month, fold_key, split_numeric_date,
    split_written_date, DateOrder, Lang,
};
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
    #[error(
        "not a date (expected YYYY-MM-DD, DD/MM/YYYY or 15 de marzo de 1990, the year in full)"
    )]
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
    /// A month written as a word leaves no doubt, so `30-jul-2023`, `30 de julio de 2023` and
    /// `July 30, 2023` are read too.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        // Only the plain writing is a record's date: `19810407` or `30 07 2023` may be a code or
        // a number as well, and a wrong guess would store a wrong fact.
        let (year, month, day) = match split_numeric_date(text, DateOrder::Dmy) {
            Some(d) if d.is_plain() => (d.year, d.month, d.day),
            // A two-digit year's century is for the importer, which knows the column, to say.
            _ => match split_written_date(text) {
                Some(d) if d.year_digits == 4 => (d.year, d.month, d.day),
                _ => return Err(DateError::Format),
            },
        };
        let year = i32::try_from(year).map_err(|_| DateError::Format)?;
        Date::new(year, month, day)
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
        let (year, month, day) = civil_from_days(days);
        Date::new(year, month, day)
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        days_from_civil(self.year(), self.month(), self.day())
    }
}

impl Date {
    /// Appends the date as `Display` writes it (`YYYY-MM-DD`), digit by digit: the compact form
    /// of every imported record writes a few dates, and the formatting machinery was most of it.
    pub(crate) fn push_to(self, out: &mut String) {
        let year = self.year;
        if !(0..=9999).contains(&year) {
            use fmt::Write;
            // Writing into a String cannot fail.
            let _ = write!(out, "{self}");
            return;
        }
        let year = year as u16;
        let digit = |n: u16| char::from(b'0' + (n % 10) as u8);
        out.push(digit(year / 1000));
        out.push(digit(year / 100));
        out.push(digit(year / 10));
        out.push(digit(year));
        out.push('-');
        out.push(digit(u16::from(self.month) / 10));
        out.push(digit(u16::from(self.month)));
        out.push('-');
        out.push(digit(u16::from(self.day) / 10));
        out.push(digit(u16::from(self.day)));
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

/// An ISO 639 language: stored as its two-letter 639-1 code when it has one, else its 639-3 code
/// (borrowed from the table of languages, which lives as long as the program: a record's
/// languages cost it no allocation).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Language(&'static str);

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
        // The keys are tried in this order, each only when the one before is not known; a code
        // already in lowercase (as files Rastro writes carry it) is looked up as it is.
        let lowercase = |key: &str| -> Option<&'static String> {
            if key.bytes().any(|b| b.is_ascii_uppercase()) {
                table.by_key.get(&key.to_ascii_lowercase())
            } else {
                table.by_key.get(key)
            }
        };
        lowercase(trimmed)
            .or_else(|| lowercase(base))
            .or_else(|| table.by_key.get(&fold_key(trimmed)))
            .map(|code| Language(code.as_str()))
            .ok_or_else(|| LanguageError(trimmed.to_string()))
    }

    pub fn code(&self) -> &str {
        self.0
    }

    /// The Rastro interface language this is, if it is one of them.
    pub fn as_lang(&self) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == self.0)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Language({})", self.0)
    }
}

impl Serialize for Language {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
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
        assert_eq!(
            Date::parse("30-jul-2023").unwrap().to_string(),
            "2023-07-30"
        );
        assert_eq!(
            Date::parse("30 de julho de 2023").unwrap().to_string(),
            "2023-07-30"
        );
        assert_eq!(
            Date::parse("July 30, 2023").unwrap().to_string(),
            "2023-07-30"
        );
        assert!(matches!(
            Date::parse("31 de junio de 2023"),
            Err(DateError::NoSuchDay(_))
        ));
        assert_eq!(Date::parse("30-jul-23"), Err(DateError::Format));
        assert!(Date::parse("1850-01-01").is_err());
    }

    /// Only the plain writing is a date of a record; what a lenient reader would also split
    /// (compact digits, spaces, doubled separators) stays an error, as it always was.
    #[test]
    fn dates_are_read_only_in_their_plain_forms() {
        assert_eq!(Date::parse("30.07.2023").unwrap().to_string(), "2023-07-30");
        assert_eq!(
            Date::parse("30/07/2023 10:00").unwrap().to_string(),
            "2023-07-30"
        );
        assert_eq!(Date::parse("1/2/2023").unwrap().to_string(), "2023-02-01");
        for text in [
            "20230730",
            "30 07 2023",
            "2023--07-30",
            "-2023-07-30",
            "2023-07-30-",
            "2023-07-30Z",
            "23-07-30",
        ] {
            assert_eq!(Date::parse(text), Err(DateError::Format), "{text}");
        }
        assert!(matches!(
            Date::parse("29/02/2023"),
            Err(DateError::NoSuchDay(_))
        ));
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
            ("ES", "es"),
            ("es_MX", "es"),
            ("  spa ", "es"),
        ] {
            assert_eq!(Language::parse(input).map(|l| l.0), Ok(code), "{input}");
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
