//! Currencies (ISO 4217) and amounts as people write them in the region: `1.234,56` and
//! `1,234.56` alike.
//!
//! An amount is kept as a whole number of ten-thousandths, so that reading and writing it never
//! rounds (no currency in use has more than four decimals) and two spellings of the same amount
//! give the same value and the same fingerprint.

mod iso4217;

use std::fmt;

use serde::{Serialize, Serializer};

/// A currency of ISO 4217's active list.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// The United States dollar, the default money of catalogues.
    pub const USD: Currency = Currency(*b"USD");

    /// Reads a three-letter code in any case; `None` when it is not an active ISO 4217 code.
    pub fn parse(text: &str) -> Option<Currency> {
        let text = text.trim();
        if text.len() != 3 || !text.is_ascii() {
            return None;
        }
        let upper = text.to_ascii_uppercase();
        iso4217::CURRENCIES
            .binary_search_by(|(code, _)| (*code).cmp(upper.as_str()))
            .ok()
            .map(|_| {
                let b = upper.as_bytes();
                Currency([b[0], b[1], b[2]])
            })
    }

    pub fn as_str(&self) -> &str {
        // Built only from the table's ASCII codes.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits after the decimal mark (0 for CLP and PYG, 3 for KWD).
    pub fn minor_units(&self) -> u8 {
        iso4217::CURRENCIES
            .binary_search_by(|(code, _)| (*code).cmp(self.as_str()))
            .map(|i| iso4217::CURRENCIES[i].1)
            .unwrap_or(2)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Ten-thousandths per unit of currency.
const SCALE: i64 = 10_000;
/// The largest amount accepted, in units: far above any real payment (a hundred trillion pesos),
/// far below where ten-thousandths overflow.
const MAX_UNITS: i64 = 100_000_000_000_000;

/// An amount of money in ten-thousandths of the currency's unit.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Debug)]
pub struct Amount(i64);

/// Why an amount could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("the amount is empty")]
    Empty,
    #[error("{0:?} is not an amount: only digits, one decimal mark, thousands separators and a sign may be written")]
    Characters(String),
    #[error("{0:?} has its thousands separators in the wrong places")]
    Grouping(String),
    #[error("{0:?} has more than one decimal mark")]
    TwoDecimalMarks(String),
    #[error("{0:?} has more than four decimals")]
    Decimals(String),
    #[error("{0:?} is too large to be a payment")]
    TooLarge(String),
}

impl Amount {
    pub const ZERO: Amount = Amount(0);

    /// From ten-thousandths of a unit.
    pub fn from_ten_thousandths(value: i64) -> Amount {
        Amount(value)
    }

    /// From the currency's minor units (cents for most), as generators count.
    pub fn from_minor(minor: i64, currency: Currency) -> Amount {
        let digits = currency.minor_units().min(4) as u32;
        Amount(minor.saturating_mul(10i64.pow(4 - digits)))
    }

    pub fn ten_thousandths(self) -> i64 {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The amount in units as a float, for arithmetic that compares magnitudes (windows, rates).
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / SCALE as f64
    }

    /// Writes the amount with a point as decimal mark and no thousands separators, with the
    /// currency's decimals (more only when the value has them): the canonical form that files
    /// are written in and fingerprints are taken of.
    pub fn format(self, currency: Currency) -> String {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let units = abs / SCALE as u64;
        let mut fraction = abs % SCALE as u64;
        let mut digits = 4usize;
        while digits > currency.minor_units() as usize && fraction.is_multiple_of(10) {
            fraction /= 10;
            digits -= 1;
        }
        let sign = if negative { "-" } else { "" };
        if digits == 0 {
            format!("{sign}{units}")
        } else {
            format!("{sign}{units}.{fraction:0digits$}")
        }
    }

    /// Reads an amount written with either decimal mark.
    ///
    /// The decimal mark is the last of `.` and `,` when both appear; the other one then groups
    /// thousands. When only one of them appears, several times, it groups thousands. When it
    /// appears once, it is the decimal mark unless exactly three digits follow it after one to
    /// three digits that do not start with zero and the currency has fewer than three decimals:
    /// then it groups thousands (`1.500` pesos are fifteen hundred, as anyone in the region reads
    /// it). Spaces, non-breaking spaces and apostrophes may also group thousands. A sign may
    /// lead or trail, and parentheses mean a negative amount, as accountants write it.
    pub fn parse(text: &str, currency: Option<Currency>) -> Result<Amount, AmountError> {
        let original = text;
        let mut text = text.trim();
        if text.is_empty() {
            return Err(AmountError::Empty);
        }
        let mut negative = false;
        if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            negative = true;
            text = inner.trim();
        }
        if let Some(rest) = text.strip_prefix('-') {
            negative = !negative;
            text = rest.trim_start();
        } else if let Some(rest) = text.strip_prefix('+') {
            text = rest.trim_start();
        } else if let Some(rest) = text.strip_suffix('-') {
            negative = !negative;
            text = rest.trim_end();
        }
        let characters = || AmountError::Characters(original.to_string());
        if text.is_empty() {
            return Err(characters());
        }
        // Every character is a digit, a mark or a thousands space; anything else is refused.
        let mut points = 0;
        let mut commas = 0;
        for c in text.chars() {
            match c {
                '0'..='9' | ' ' | '\u{a0}' | '\u{202f}' | '\'' => {}
                '.' => points += 1,
                ',' => commas += 1,
                _ => return Err(characters()),
            }
        }
        if !text.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',') {
            return Err(characters());
        }
        let decimal_mark = decimal_mark(text, points, commas, currency)
            .ok_or_else(|| AmountError::TwoDecimalMarks(original.to_string()))?;
        let (whole, fraction) = match decimal_mark {
            Some(mark) => match text.rsplit_once(mark) {
                Some((w, f)) => (w, f),
                None => (text, ""),
            },
            None => (text, ""),
        };
        if fraction.contains(|c: char| !c.is_ascii_digit()) {
            return Err(AmountError::Grouping(original.to_string()));
        }
        if fraction.len() > 4 {
            return Err(AmountError::Decimals(original.to_string()));
        }
        let whole_digits =
            whole_digits(whole).ok_or_else(|| AmountError::Grouping(original.to_string()))?;
        if whole_digits.is_empty() && fraction.is_empty() {
            return Err(characters());
        }
        let too_large = || AmountError::TooLarge(original.to_string());
        let mut units: i64 = 0;
        for b in whole_digits.bytes() {
            units = units
                .checked_mul(10)
                .and_then(|u| u.checked_add(i64::from(b - b'0')))
                .filter(|u| *u <= MAX_UNITS)
                .ok_or_else(too_large)?;
        }
        let mut frac: i64 = 0;
        for i in 0..4 {
            let digit = fraction
                .as_bytes()
                .get(i)
                .map_or(0, |b| i64::from(b - b'0'));
            frac = frac * 10 + digit;
        }
        let value = units * SCALE + frac;
        Ok(Amount(if negative { -value } else { value }))
    }
}

/// Which character is the decimal mark: `Ok(None)` for a whole number, `None` (the outer
/// option) when the marks contradict each other.
fn decimal_mark(
    text: &str,
    points: usize,
    commas: usize,
    currency: Option<Currency>,
) -> Option<Option<char>> {
    match (points, commas) {
        (0, 0) => Some(None),
        (p, c) if p > 0 && c > 0 => {
            let last_point = text.rfind('.').unwrap_or(0);
            let last_comma = text.rfind(',').unwrap_or(0);
            let (mark, count) = if last_point > last_comma {
                ('.', p)
            } else {
                (',', c)
            };
            (count == 1).then_some(Some(mark))
        }
        (p, c) => {
            let (mark, count) = if p > 0 { ('.', p) } else { (',', c) };
            if count > 1 {
                return Some(None);
            }
            let (before, after) = text.split_once(mark).unwrap_or((text, ""));
            let before = before.trim();
            let looks_grouped = after.len() == 3
                && after.bytes().all(|b| b.is_ascii_digit())
                && (1..=3).contains(&before.len())
                && before.bytes().all(|b| b.is_ascii_digit())
                && !before.starts_with('0');
            let few_decimals = currency.is_none_or(|c| c.minor_units() < 3);
            Some(if looks_grouped && few_decimals {
                None
            } else {
                Some(mark)
            })
        }
    }
}

/// The digits of the whole part once thousands separators are checked and removed: the first
/// group has one to three digits and each later group exactly three. `None` when misplaced.
fn whole_digits(whole: &str) -> Option<String> {
    let groups: Vec<&str> = whole
        .split(['.', ',', ' ', '\u{a0}', '\u{202f}', '\''])
        .collect();
    if groups.len() == 1 {
        return Some(groups[0].to_string());
    }
    let first = groups[0];
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    if groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    Some(groups.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> Option<Currency> {
        Currency::parse("usd")
    }

    fn parse(text: &str) -> Result<i64, AmountError> {
        Amount::parse(text, usd()).map(Amount::ten_thousandths)
    }

    #[test]
    fn both_decimal_marks_give_the_same_amount() {
        assert_eq!(parse("1.234,56"), Ok(12_345_600));
        assert_eq!(parse("1,234.56"), Ok(12_345_600));
        assert_eq!(parse("1234,56"), Ok(12_345_600));
        assert_eq!(parse("1234.56"), Ok(12_345_600));
        assert_eq!(parse("1 234,56"), Ok(12_345_600));
        assert_eq!(parse("1'234.56"), Ok(12_345_600));
        assert_eq!(parse("1.234.567"), Ok(12_345_670_000));
        assert_eq!(parse("1,234,567.5"), Ok(12_345_675_000));
        assert_eq!(parse("0,5"), Ok(5_000));
        assert_eq!(parse(",5"), Ok(5_000));
    }

    #[test]
    fn a_lone_mark_before_three_digits_groups_thousands() {
        assert_eq!(parse("1.500"), Ok(15_000_000));
        assert_eq!(parse("15,000"), Ok(150_000_000));
        // A leading zero cannot start a group, so this is a decimal.
        assert_eq!(parse("0.125"), Ok(1_250));
        // Kuwaiti dinars have three decimals, so the same text is a decimal there.
        assert_eq!(
            Amount::parse("1.500", Currency::parse("KWD")).map(Amount::ten_thousandths),
            Ok(15_000)
        );
    }

    #[test]
    fn signs_and_parentheses() {
        assert_eq!(parse("-12,50"), Ok(-125_000));
        assert_eq!(parse("12.50-"), Ok(-125_000));
        assert_eq!(parse("(1,234.56)"), Ok(-12_345_600));
        assert_eq!(parse("+7"), Ok(70_000));
    }

    #[test]
    fn malformed_amounts_are_refused_with_a_reason() {
        assert!(matches!(parse(""), Err(AmountError::Empty)));
        assert!(matches!(parse("12a"), Err(AmountError::Characters(_))));
        assert!(matches!(parse("$12"), Err(AmountError::Characters(_))));
        assert!(matches!(parse("1.2.3,4"), Err(AmountError::Grouping(_))));
        assert!(matches!(parse("12,34,56.7"), Err(AmountError::Grouping(_))));
        assert!(matches!(
            parse("1,23.456,7"),
            Err(AmountError::TwoDecimalMarks(_))
        ));
        assert!(matches!(parse("1.23456"), Err(AmountError::Decimals(_))));
        assert!(matches!(
            parse("99999999999999999999"),
            Err(AmountError::TooLarge(_))
        ));
        assert!(matches!(parse("-"), Err(AmountError::Characters(_))));
    }

    #[test]
    fn formatting_is_canonical() {
        let usd = Currency::parse("USD").unwrap();
        let clp = Currency::parse("CLP").unwrap();
        assert_eq!(
            Amount::parse("1.234,5", Some(usd)).unwrap().format(usd),
            "1234.50"
        );
        assert_eq!(
            Amount::parse("15.000", Some(clp)).unwrap().format(clp),
            "15000"
        );
        assert_eq!(
            Amount::parse("-0,125", Some(usd)).unwrap().format(usd),
            "-0.125"
        );
        assert_eq!(Amount::from_minor(1999, usd).format(usd), "19.99");
        assert_eq!(Amount::from_minor(1999, clp).format(clp), "1999");
    }

    #[test]
    fn currencies_are_checked_against_iso_4217() {
        assert_eq!(
            Currency::parse(" mxn ").map(|c| c.to_string()),
            Some("MXN".into())
        );
        assert!(Currency::parse("XYZ").is_none());
        assert!(Currency::parse("US$").is_none());
        assert!(Currency::parse("peso").is_none());
        assert_eq!(Currency::parse("CLP").map(|c| c.minor_units()), Some(0));
    }
}
