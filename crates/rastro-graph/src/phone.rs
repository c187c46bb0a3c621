//! Phone numbers to one spelling: `+` and the digits of the international number when the
//! country is known, the bare digits otherwise.
//!
//! Case files write the same number as `987 654 321`, `(01) 987-654-321`, `0051987654321` or
//! `+51 987654321`. Only when the numbers are spelled alike does a shared phone become a shared
//! node. The rules are deliberately few:
//!
//! - a leading `+` or `00` marks an international number, taken as written;
//! - with a country, digits that already begin with its calling code and leave a national number
//!   of a plausible length are international; otherwise leading trunk zeros are dropped and the
//!   calling code is put in front;
//! - without a country, a national number stays bare digits and will not meet the same number
//!   written internationally (guessing the country would join numbers of different countries).
//!
//! Mexico's old mobile prefix (`+52 1`) is dropped, since both spellings reach the same phone.
//! Argentina's mobile `15` and `9` are not reconciled: that needs the area code's length, which
//! only a numbering plan knows.

/// Calling code and the range of lengths of national significant numbers, by ISO 3166-1
/// alpha-2 code: the Americas, where Rastro's members work, and the countries their cases most
/// often name as origin or destination outside them.
const PLANS: &[(&str, &str, u8, u8)] = &[
    ("AR", "54", 10, 11),
    ("BO", "591", 8, 8),
    ("BR", "55", 10, 11),
    ("BZ", "501", 7, 7),
    ("CA", "1", 10, 10),
    ("CL", "56", 9, 9),
    ("CN", "86", 10, 11),
    ("CO", "57", 10, 10),
    ("CR", "506", 8, 8),
    ("CU", "53", 8, 8),
    ("DE", "49", 10, 11),
    ("DO", "1", 10, 10),
    ("EC", "593", 8, 9),
    ("ES", "34", 9, 9),
    ("FR", "33", 9, 9),
    ("GB", "44", 10, 10),
    ("GT", "502", 8, 8),
    ("GY", "592", 7, 7),
    ("HN", "504", 8, 8),
    ("HT", "509", 8, 8),
    ("IT", "39", 9, 11),
    ("JM", "1", 10, 10),
    ("MX", "52", 10, 10),
    ("NI", "505", 8, 8),
    ("PA", "507", 7, 8),
    ("PE", "51", 8, 9),
    ("PH", "63", 10, 10),
    ("PR", "1", 10, 10),
    ("PT", "351", 9, 9),
    ("PY", "595", 9, 9),
    ("SR", "597", 7, 7),
    ("SV", "503", 8, 8),
    ("TT", "1", 10, 10),
    ("US", "1", 10, 10),
    ("UY", "598", 8, 8),
    ("VE", "58", 10, 10),
];

/// E.164 allows at most 15 digits; fewer than 6 is an extension or a typing slip.
const MAX_DIGITS: usize = 15;
const MIN_DIGITS: usize = 6;

/// Why a text is not a usable phone number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PhoneProblem {
    NoDigits,
    TooShort,
    TooLong,
    UnknownCountry,
}

/// The calling code and national lengths for an ISO alpha-2 country code.
fn plan(country: &str) -> Option<(&'static str, usize, usize)> {
    let country = country.trim();
    PLANS
        .iter()
        .find(|(code, ..)| code.eq_ignore_ascii_case(country))
        .map(|&(_, calling, min, max)| (calling, usize::from(min), usize::from(max)))
}

/// One spelling of a phone number (see the module's rules).
pub(crate) fn normalise_phone(raw: &str, country: Option<&str>) -> Result<String, PhoneProblem> {
    let text = raw.trim();
    let text = text
        .strip_prefix("tel:")
        .or_else(|| text.strip_prefix("TEL:"))
        .unwrap_or(text)
        .trim_start();
    let plus = text.starts_with('+');
    // Everything from the first letter on is a comment or an extension ("ext. 12", "(casa)").
    let number = text
        .find(|c: char| c.is_alphabetic())
        .map_or(text, |at| &text[..at]);
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Err(PhoneProblem::NoDigits);
    }
    let international = if plus {
        Some(digits.clone())
    } else if let Some(rest) = digits.strip_prefix("00") {
        Some(rest.to_string())
    } else if let Some(country) = country.filter(|c| !c.trim().is_empty()) {
        let (calling, min, max) = plan(country).ok_or(PhoneProblem::UnknownCountry)?;
        let national_len = digits.len().saturating_sub(calling.len());
        if digits.starts_with(calling) && (min..=max).contains(&national_len) {
            Some(digits.clone())
        } else {
            let national = digits.trim_start_matches('0');
            Some(format!("{calling}{national}"))
        }
    } else {
        None
    };
    match international {
        Some(mut digits) => {
            // +52 1 and ten digits is Mexico's former mobile spelling of +52 and ten digits.
            if digits.len() == 13 && digits.starts_with("521") {
                digits.remove(2);
            }
            check_length(&digits)?;
            Ok(format!("+{digits}"))
        }
        None => {
            let digits: String = digits.trim_start_matches('0').to_string();
            check_length(&digits)?;
            Ok(digits)
        }
    }
}

fn check_length(digits: &str) -> Result<(), PhoneProblem> {
    if digits.len() < MIN_DIGITS {
        Err(PhoneProblem::TooShort)
    } else if digits.len() > MAX_DIGITS {
        Err(PhoneProblem::TooLong)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_peruvian_mobile_agree() {
        let want = Ok("+51987654321".to_string());
        for raw in [
            "+51 987 654 321",
            "0051987654321",
            "+51 (987) 654-321",
            "tel:+51987654321",
        ] {
            assert_eq!(normalise_phone(raw, None), want, "{raw}");
        }
        for raw in ["987 654 321", "51987654321", "987-654-321 (casa)"] {
            assert_eq!(normalise_phone(raw, Some("PE")), want, "{raw}");
        }
    }

    #[test]
    fn trunk_zero_is_dropped_for_a_known_country() {
        assert_eq!(
            normalise_phone("(01) 426 1234", Some("pe")),
            Ok("+5114261234".to_string())
        );
        assert_eq!(
            normalise_phone("0412 555 1234", Some("VE")),
            Ok("+584125551234".to_string())
        );
    }

    #[test]
    fn without_a_country_a_national_number_stays_digits() {
        assert_eq!(
            normalise_phone("987 654 321", None),
            Ok("987654321".to_string())
        );
    }

    #[test]
    fn mexican_old_mobile_prefix_is_dropped() {
        assert_eq!(
            normalise_phone("+52 1 55 1234 5678", None),
            normalise_phone("+52 55 1234 5678", None)
        );
    }

    #[test]
    fn bad_numbers_say_why() {
        assert_eq!(normalise_phone("n/a", None), Err(PhoneProblem::NoDigits));
        assert_eq!(normalise_phone("123", None), Err(PhoneProblem::TooShort));
        assert_eq!(
            normalise_phone("+1234567890123456789", None),
            Err(PhoneProblem::TooLong)
        );
        assert_eq!(
            normalise_phone("987654321", Some("XX")),
            Err(PhoneProblem::UnknownCountry)
        );
    }
}
