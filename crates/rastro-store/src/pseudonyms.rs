//! What stands in for a person's identifiers where they may not be read: keyed pseudonyms, the
//! same across organisations (one platform key), so that records of one person held by two
//! organisations can be linked without either name leaving its owner; and the values of the
//! owner's own equality lookups (blind indexes, under the owner's index key).
//!
//! Names are compared token by token after the name fold, so "María José" and "MARIA JOSE"
//! give the same pseudonyms, and a missing second surname still leaves the first to match.

use rastro_model::CaseRecord;
use rastro_vault::{KeyedMac, SecretKey};
use serde::{Deserialize, Serialize};

/// Keyed pseudonyms of a case's person. Each is a stable code without the key; equal values give
/// equal codes whichever organisation holds them. Stored with one-letter keys: every case has a
/// copy, and bytes written are what an import spends most on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pseudonyms {
    /// One per given-name token, in order.
    #[serde(rename = "g", default, skip_serializing_if = "Vec::is_empty")]
    pub given: Vec<String>,
    /// One per surname token, in order.
    #[serde(rename = "s", default, skip_serializing_if = "Vec::is_empty")]
    pub surname: Vec<String>,
    #[serde(rename = "b", default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    #[serde(rename = "i", default, skip_serializing_if = "Option::is_none")]
    pub identity_number: Option<String>,
}

impl Pseudonyms {
    #[cfg(test)]
    pub(crate) fn of(record: &CaseRecord, key: &SecretKey) -> Pseudonyms {
        key.with_keyed(|keyed| Pseudonyms::of_with(record, keyed))
    }

    /// [`Pseudonyms::of`] under a key's state made for a batch.
    pub(crate) fn of_with(record: &CaseRecord, key: &KeyedMac) -> Pseudonyms {
        let person = &record.person;
        let tokens = |parts: &[&Option<String>]| -> Vec<String> {
            parts
                .iter()
                .filter_map(|p| p.as_deref())
                .flat_map(name_tokens)
                .collect()
        };
        let given = tokens(&[&person.first_name, &person.middle_name]);
        let surname = tokens(&[&person.second_name]);
        let birth_date = person.birthdate.as_ref().map(|d| d.to_string());
        let identity_number = person
            .identity_number
            .as_deref()
            .map(document)
            .filter(|d| !d.is_empty());
        let mut values: Vec<(&str, &str)> = Vec::with_capacity(given.len() + surname.len() + 2);
        values.extend(given.iter().chain(&surname).map(|t| ("N", t.as_str())));
        values.extend(birth_date.as_deref().map(|d| ("D", d)));
        values.extend(identity_number.as_deref().map(|d| ("I", d)));
        let mut made = key.pseudonyms(&values).into_iter();
        Pseudonyms {
            given: made.by_ref().take(given.len()).collect(),
            surname: made.by_ref().take(surname.len()).collect(),
            birth_date: birth_date.and_then(|_| made.next()),
            identity_number: identity_number.and_then(|_| made.next()),
        }
    }

    /// The name's pseudonyms in a fixed order, to compare names whatever their token order.
    pub(crate) fn name_key(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self
            .given
            .iter()
            .chain(&self.surname)
            .map(String::as_str)
            .collect();
        all.sort_unstable();
        all
    }

    /// What [`Pseudonyms::name_key`] is for a name as someone types it.
    pub(crate) fn name_query(text: &str, key: &SecretKey) -> Vec<String> {
        let mut all: Vec<String> = name_tokens(text)
            .iter()
            .map(|t| key.pseudonym("N", t))
            .collect();
        all.sort_unstable();
        all
    }

    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub(crate) fn from_json(text: Option<&str>) -> Pseudonyms {
        text.and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default()
    }
}

/// An equality lookup an organisation may run over its own cases without the values being
/// readable in the database: an identity number through its keyed blind index, a name through
/// its keyed pseudonyms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// The identity document's number (case, spaces and punctuation ignored).
    IdentityNumber,
    /// Every given name and surname, in any order, after the name fold.
    Name,
}

impl Lookup {
    pub const ALL: [Lookup; 2] = [Lookup::IdentityNumber, Lookup::Name];

    pub fn as_str(self) -> &'static str {
        match self {
            Lookup::IdentityNumber => "identity_number",
            Lookup::Name => "name",
        }
    }

    /// The normalised value to index or look up; `None` when it has nothing to compare.
    pub(crate) fn normalise(self, text: &str) -> Option<String> {
        let value = match self {
            Lookup::IdentityNumber => document(text),
            Lookup::Name => {
                let mut tokens = name_tokens(text);
                tokens.sort();
                tokens.join(" ")
            }
        };
        (!value.is_empty()).then_some(value)
    }

    /// The record's value for this lookup.
    pub(crate) fn of(self, record: &CaseRecord) -> Option<String> {
        let person = &record.person;
        match self {
            Lookup::IdentityNumber => person
                .identity_number
                .as_deref()
                .and_then(|d| self.normalise(d)),
            Lookup::Name => {
                let whole: Vec<&str> =
                    [&person.first_name, &person.middle_name, &person.second_name]
                        .into_iter()
                        .filter_map(|p| p.as_deref())
                        .collect();
                self.normalise(&whole.join(" "))
            }
        }
    }

    /// The blind-index value of a normalised value.
    pub(crate) fn mac(self, key: &SecretKey, normalised: &str) -> Vec<u8> {
        key.with_keyed(|keyed| self.mac_with(keyed, normalised))
    }

    /// [`Lookup::mac`] under a key's state made for a batch.
    pub(crate) fn mac_with(self, key: &KeyedMac, normalised: &str) -> Vec<u8> {
        key.mac(format!("{}\n{normalised}", self.as_str()).as_bytes())[..16].to_vec()
    }
}

fn name_tokens(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .map(rastro_text::fold_name)
        .filter(|t| !t.is_empty())
        .collect()
}

/// A document number as issuers print it in varying ways: letters and digits only, uppercase.
fn document(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rastro_model::Field;

    fn record(first: &str, second: &str, id: &str) -> CaseRecord {
        let mut r = CaseRecord::default();
        r.set(Field::PrsFirstName, first).unwrap();
        r.set(Field::PrsSecondName, second).unwrap();
        r.set(Field::PrsIdentityNumber, id).unwrap();
        r.set(Field::PrsBirthdate, "1990-02-03").unwrap();
        r
    }

    #[test]
    fn each_pseudonym_made_together_is_the_one_its_value_has_alone() {
        let key = rastro_vault::DataKey::generate().unwrap().derive("test");
        for (first, second, id, birth) in [
            ("María José", "Quispe Mamani", "AB-12.345", ""),
            ("Ana", "", "", "1990-02-03"),
            ("", "Paz", "x1", "1990-02-03"),
            ("Luz", "Rojas", "", ""),
        ] {
            let mut r = CaseRecord::default();
            r.set(Field::PrsFirstName, first).unwrap();
            r.set(Field::PrsSecondName, second).unwrap();
            r.set(Field::PrsIdentityNumber, id).unwrap();
            r.set(Field::PrsBirthdate, birth).unwrap();
            let alone = |prefix: &str, values: Vec<String>| -> Vec<String> {
                values.iter().map(|v| key.pseudonym(prefix, v)).collect()
            };
            let expected = Pseudonyms {
                given: alone("N", name_tokens(first)),
                surname: alone("N", name_tokens(second)),
                birth_date: (!birth.is_empty()).then(|| key.pseudonym("D", birth)),
                identity_number: (!id.is_empty()).then(|| key.pseudonym("I", &document(id))),
            };
            assert_eq!(
                Pseudonyms::of(&r, &key),
                expected,
                "{first} {second} {id} {birth}"
            );
        }
    }

    #[test]
    fn spellings_of_one_person_share_pseudonyms_and_lookups() {
        let key = rastro_vault::DataKey::generate().unwrap().derive("test");
        let a = Pseudonyms::of(&record("María José", "Quispe", "AB-12.345"), &key);
        let b = Pseudonyms::of(&record("MARIA JOSE", "quispe", "ab12345"), &key);
        assert_eq!(a, b);
        assert_eq!(a.given.len(), 2);
        let text = a.to_json();
        assert!(!text.to_lowercase().contains("maria") && !text.contains("12345"));
        assert_eq!(Pseudonyms::from_json(Some(&text)), a);
        assert_eq!(
            Lookup::Name.of(&record("José María", "Quispe", "")),
            Lookup::Name.normalise("quispe jose maria")
        );
        let other = rastro_vault::DataKey::generate().unwrap().derive("test");
        assert_ne!(Pseudonyms::of(&record("Ana", "Paz", "1"), &other).given, {
            Pseudonyms::of(&record("Ana", "Paz", "1"), &key).given
        });
    }
}
