//! Identifier values to one spelling each, so that the same phone, e-mail, account, document or
//! place written two ways becomes one value node.

use std::fmt;

use crate::kind::ValueKind;
use crate::phone::{normalise_phone, PhoneProblem};

/// Longer raw values are refused rather than normalised: no identifier is this long, and a
/// pasted paragraph should be reported, not become a node.
const MAX_RAW_CHARS: usize = 256;

/// Why an identifier value was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueProblem {
    Empty,
    TooLong,
    PhoneWithoutDigits,
    PhoneTooShort,
    PhoneTooLong,
    /// The country given for a phone has no calling code in the table (`phone.rs`).
    UnknownCountry,
    NotAnEmail,
    /// An account or document number with a character other than letters, digits and the
    /// separators `space . - /`.
    BadCharacter,
    TooFewCharacters,
}

impl fmt::Display for ValueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValueProblem::Empty => "the value is empty",
            ValueProblem::TooLong => "the value is longer than 256 characters",
            ValueProblem::PhoneWithoutDigits => "a phone number needs digits",
            ValueProblem::PhoneTooShort => "a phone number needs at least 6 digits",
            ValueProblem::PhoneTooLong => "a phone number has at most 15 digits",
            ValueProblem::UnknownCountry => "no calling code is known for the phone's country",
            ValueProblem::NotAnEmail => "an e-mail address is one @ between a name and a domain",
            ValueProblem::BadCharacter => {
                "an account or document number holds letters, digits, spaces and . - / only"
            }
            ValueProblem::TooFewCharacters => {
                "an account or document number needs at least 3 letters or digits"
            }
        })
    }
}

impl From<PhoneProblem> for ValueProblem {
    fn from(problem: PhoneProblem) -> ValueProblem {
        match problem {
            PhoneProblem::NoDigits => ValueProblem::PhoneWithoutDigits,
            PhoneProblem::TooShort => ValueProblem::PhoneTooShort,
            PhoneProblem::TooLong => ValueProblem::PhoneTooLong,
            PhoneProblem::UnknownCountry => ValueProblem::UnknownCountry,
        }
    }
}

/// The one spelling of an identifier value:
///
/// - phones: `+` and the international digits when the country is known or written (`+51…`,
///   `0051…`), bare digits otherwise (rules in `phone.rs`);
/// - e-mails: trimmed, without `mailto:`, lower-cased;
/// - accounts and documents: letters and digits only, upper-cased (`12.345.678-k` and
///   `12345678K` are one document; an IBAN with or without its spaces is one account);
/// - places: `rastro_text::fold_key` (`Lima, Perú` and `LIMA PERU` meet).
///
/// `country` (ISO 3166-1 alpha-2) is read for phones only.
pub fn normalise_value(
    kind: ValueKind,
    raw: &str,
    country: Option<&str>,
) -> Result<String, ValueProblem> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(ValueProblem::Empty);
    }
    if text.chars().count() > MAX_RAW_CHARS {
        return Err(ValueProblem::TooLong);
    }
    match kind {
        ValueKind::Phone => Ok(normalise_phone(text, country)?),
        ValueKind::Email => normalise_email(text),
        ValueKind::Account | ValueKind::Document => normalise_number(text),
        ValueKind::Place => {
            let key = rastro_text::fold_key(text);
            if key.is_empty() {
                Err(ValueProblem::Empty)
            } else {
                Ok(key)
            }
        }
    }
}

fn normalise_email(text: &str) -> Result<String, ValueProblem> {
    let lower = text.to_lowercase();
    let address = lower.strip_prefix("mailto:").unwrap_or(&lower).trim();
    let mut parts = address.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(ValueProblem::NotAnEmail);
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..");
    if local.is_empty() || !domain_ok || address.chars().any(char::is_whitespace) {
        return Err(ValueProblem::NotAnEmail);
    }
    Ok(address.to_string())
}

fn normalise_number(text: &str) -> Result<String, ValueProblem> {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_uppercase()),
            ' ' | '.' | '-' | '/' | '\t' => {}
            _ => return Err(ValueProblem::BadCharacter),
        }
    }
    if out.len() < 3 {
        return Err(ValueProblem::TooFewCharacters);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(
            normalise_value(ValueKind::Email, " mailto:Ana.Perez@Correo.PE ", None),
            Ok("ana.perez@correo.pe".to_string())
        );
        for bad in [
            "ana",
            "ana@",
            "@correo.pe",
            "ana@correo",
            "a b@c.pe",
            "a@b@c.pe",
        ] {
            assert_eq!(
                normalise_value(ValueKind::Email, bad, None),
                Err(ValueProblem::NotAnEmail),
                "{bad}"
            );
        }
    }

    #[test]
    fn accounts_lose_their_spaces() {
        assert_eq!(
            normalise_value(ValueKind::Account, "pe12 0011 0123 4567", None),
            Ok("PE12001101234567".to_string())
        );
        assert_eq!(
            normalise_value(ValueKind::Document, "12.345.678-k", None),
            normalise_value(ValueKind::Document, "12345678K", None)
        );
        assert_eq!(
            normalise_value(ValueKind::Account, "12#34", None),
            Err(ValueProblem::BadCharacter)
        );
        assert_eq!(
            normalise_value(ValueKind::Account, "1-2", None),
            Err(ValueProblem::TooFewCharacters)
        );
    }

    #[test]
    fn places_fold() {
        assert_eq!(
            normalise_value(ValueKind::Place, "Lima, Perú", None),
            normalise_value(ValueKind::Place, "LIMA PERU", None)
        );
    }

    #[test]
    fn empty_and_huge_values_are_refused() {
        assert_eq!(
            normalise_value(ValueKind::Phone, "   ", None),
            Err(ValueProblem::Empty)
        );
        let huge = "1".repeat(300);
        assert_eq!(
            normalise_value(ValueKind::Document, &huge, None),
            Err(ValueProblem::TooLong)
        );
    }
}
