//! A watchlist entry's stored form, whatever database holds it: its multi-valued fields as JSON
//! arrays of text, written from a [`WatchlistEntry`] and read back into one (a row that does
//! not decode is reported as corrupt, with its id). A backend only moves the column values.

use crate::api::watchlists::WatchlistEntry;
use crate::{Result, StoreError};

/// The JSON text of one multi-valued field.
fn json_list(values: &[String]) -> String {
    // Serialising a list of strings cannot fail; an empty array is the honest fallback.
    serde_json::to_string(values).unwrap_or_else(|_| "[]".to_string())
}

/// The multi-valued fields of an entry as stored, named as their columns.
pub(crate) struct EntryTexts {
    pub names: String,
    pub birth_dates: String,
    pub nationalities: String,
    pub documents: String,
    pub topics: String,
}

impl EntryTexts {
    /// The texts of an entry about to be stored. An id or gender holding a NUL character is
    /// refused with its row on every backend, as PostgreSQL cannot store one in text (the
    /// JSON arrays escape theirs).
    pub fn of(entry: &WatchlistEntry) -> Result<EntryTexts> {
        let nul = |v: &str| v.contains('\0');
        if nul(&entry.source_id) || entry.gender.as_deref().is_some_and(nul) {
            return Err(StoreError::Source(format!(
                "row {}: the id or gender holds a NUL character",
                entry.source_row
            )));
        }
        Ok(EntryTexts {
            names: json_list(&entry.names),
            birth_dates: json_list(&entry.birth_dates),
            nationalities: json_list(&entry.nationalities),
            documents: json_list(&entry.documents),
            topics: json_list(&entry.topics),
        })
    }
}

/// An entry's columns as read ([`crate::sql::watchlists::entries`]).
pub(crate) struct EntryRow {
    pub id: String,
    pub source_id: String,
    pub source_row: i64,
    pub texts: EntryTexts,
    pub gender: Option<String>,
}

impl EntryRow {
    pub fn into_entry(self) -> Result<WatchlistEntry> {
        let id = self.id;
        let list = |text: &str| -> Result<Vec<String>> {
            serde_json::from_str(text).map_err(|e| StoreError::Corrupt {
                id: id.clone(),
                reason: e.to_string(),
            })
        };
        Ok(WatchlistEntry {
            source_id: self.source_id,
            source_row: self.source_row.max(0) as u64,
            names: list(&self.texts.names)?,
            birth_dates: list(&self.texts.birth_dates)?,
            gender: self.gender,
            nationalities: list(&self.texts.nationalities)?,
            documents: list(&self.texts.documents)?,
            topics: list(&self.texts.topics)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_comes_back_as_it_went_in_and_a_damaged_one_is_named() {
        let entry = WatchlistEntry {
            source_id: "Q1".into(),
            source_row: 7,
            names: vec!["María \"Majo\" García".into(), "Majo".into()],
            birth_dates: vec!["1980-02".into()],
            gender: Some("female".into()),
            nationalities: vec!["CO".into()],
            documents: vec![],
            topics: vec!["sanction".into()],
        };
        let row = |texts| EntryRow {
            id: "e1".into(),
            source_id: entry.source_id.clone(),
            source_row: 7,
            texts,
            gender: entry.gender.clone(),
        };
        assert_eq!(
            row(EntryTexts::of(&entry).unwrap()).into_entry().unwrap(),
            entry
        );
        let mut damaged = EntryTexts::of(&entry).unwrap();
        damaged.topics = "[\"cut".into();
        match row(damaged).into_entry() {
            Err(StoreError::Corrupt { id, .. }) => assert_eq!(id, "e1"),
            other => panic!("a damaged entry read as {other:?}"),
        }
    }

    #[test]
    fn a_nul_in_an_id_is_refused_with_its_row_and_one_in_a_name_is_kept() {
        let mut entry = WatchlistEntry {
            source_id: "Q\x001".into(),
            source_row: 12,
            names: vec!["Ana\0Ruiz".into()],
            ..WatchlistEntry::default()
        };
        match EntryTexts::of(&entry) {
            Err(StoreError::Source(why)) => assert!(why.starts_with("row 12:"), "{why}"),
            other => panic!("stored an id with a NUL: {:?}", other.map(|t| t.names)),
        }
        entry.source_id = "Q1".into();
        let texts = EntryTexts::of(&entry).unwrap();
        assert!(!texts.names.contains('\0'), "{}", texts.names);
    }
}
