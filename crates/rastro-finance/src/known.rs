//! Phones and e-mails already known from case records, incidents or advertisements.
//!
//! A payment whose counterparty phone or e-mail appears in an advertisement for commercial sex
//! is one of FinCEN's red flags. The engine does not know where such identifiers come from (the
//! store does, through the actor's scope); it takes them as a set and compares keys.

use std::collections::HashSet;
use std::sync::Arc;

/// The comparable key of a phone number or e-mail address, or `None` when the text is neither.
///
/// E-mails compare in lower case. Phones compare on their last eight digits: the same number is
/// written with and without the country code, the trunk prefix and punctuation
/// (`+52 55 1234 5678`, `55-1234-5678`, `0052 5512345678`), and eight digits are what every
/// national plan of the region keeps (Guatemala's numbers have eight). Two numbers of different
/// countries that share their last eight digits are taken for one: a rare false link, which an
/// analyst sees in the alert, against a missed one, which nobody sees.
pub fn contact_key(text: &str) -> Option<String> {
    let text = text.trim();
    if let Some((local, domain)) = text.split_once('@') {
        let local = local.trim();
        let domain = domain.trim();
        if local.is_empty() || !domain.contains('.') || domain.contains('@') {
            return None;
        }
        return Some(format!(
            "e:{}@{}",
            local.to_lowercase(),
            domain.to_lowercase()
        ));
    }
    if text.contains(|c: char| c.is_alphabetic()) {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        return None;
    }
    Some(format!("p:{}", &digits[digits.len() - 8..]))
}

/// A set of known phones and e-mails, cheap to clone (shared).
#[derive(Clone, Debug, Default)]
pub struct KnownIdentifiers {
    keys: Arc<HashSet<String>>,
}

impl KnownIdentifiers {
    pub fn new() -> KnownIdentifiers {
        KnownIdentifiers::default()
    }

    /// Adds an identifier; returns false when it is neither a phone nor an e-mail.
    pub fn insert(&mut self, identifier: &str) -> bool {
        match contact_key(identifier) {
            Some(key) => {
                Arc::make_mut(&mut self.keys).insert(key);
                true
            }
            None => false,
        }
    }

    pub fn contains(&self, identifier: &str) -> bool {
        !self.keys.is_empty() && contact_key(identifier).is_some_and(|k| self.keys.contains(&k))
    }

    /// Whether a key made by [`contact_key`] is known.
    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl<S: AsRef<str>> FromIterator<S> for KnownIdentifiers {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut known = KnownIdentifiers::new();
        for value in iter {
            known.insert(value.as_ref());
        }
        known
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_phone_written_three_ways_matches() {
        let known: KnownIdentifiers = ["+52 55 1234 5678", "Ana.Ruiz@Example.com"]
            .into_iter()
            .collect();
        assert!(known.contains("55-1234-5678"));
        assert!(known.contains("0052 5512345678"));
        assert!(known.contains("ana.ruiz@example.COM"));
        assert!(!known.contains("55-1234-5679"));
        assert!(!known.contains("ana.ruiz@example.org"));
        assert!(!known.contains("ref 1234"));
        assert_eq!(known.len(), 2);
    }

    #[test]
    fn what_is_not_a_contact_is_refused() {
        assert_eq!(contact_key("12345"), None);
        assert_eq!(contact_key("calle 5 #12345678"), None);
        assert_eq!(contact_key("@example.com"), None);
        assert_eq!(contact_key("ana@localhost"), None);
        let mut known = KnownIdentifiers::new();
        assert!(!known.insert("not a phone"));
        assert!(known.is_empty());
    }
}
