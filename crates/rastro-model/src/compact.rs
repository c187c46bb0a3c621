//! The compact stored form of a record: every field's flat value in [`Field::ALL`] order,
//! separated by the ASCII unit separator, several values of one field by the record separator,
//! trailing empty fields left out, behind a version tag. Less than half the size of the JSON
//! form, which matters when a hub stores millions of records, and cheap to write on the hot path
//! of imports. The separators cannot occur in values: validation refuses control characters.

use std::borrow::Cow;

use crate::case::CaseRecord;
use crate::fields::{Field, FlatValue, MULTI_SEPARATOR};

const VERSION: &str = "htcds2:";
const FIELD_SEPARATOR: char = '\u{1f}';
const VALUE_SEPARATOR: char = '\u{1e}';

impl CaseRecord {
    /// The record in compact form; equal records give equal text, so it also serves as the
    /// canonical text that record keys hash.
    pub fn to_compact(&self) -> String {
        let mut out = String::with_capacity(384);
        out.push_str(VERSION);
        let mut pending_separators = 0usize;
        for (i, &field) in Field::ALL.iter().enumerate() {
            if i > 0 {
                pending_separators += 1;
            }
            let Some(value) = self.get(field) else {
                continue;
            };
            out.extend(std::iter::repeat_n(FIELD_SEPARATOR, pending_separators));
            pending_separators = 0;
            match value {
                FlatValue::One(s) => out.push_str(&s),
                FlatValue::Many(items) => {
                    for (j, item) in items.iter().enumerate() {
                        if j > 0 {
                            out.push(VALUE_SEPARATOR);
                        }
                        out.push_str(item);
                    }
                }
            }
        }
        out
    }

    /// Reads the compact form back.
    pub fn from_compact(text: &str) -> Result<CaseRecord, String> {
        let body = text
            .strip_prefix(VERSION)
            .ok_or_else(|| "not a compact HTCDS 2.0 record".to_string())?;
        let mut record = CaseRecord::default();
        if body.is_empty() {
            return Ok(record);
        }
        for (i, cell) in body.split(FIELD_SEPARATOR).enumerate() {
            let field = *Field::ALL.get(i).ok_or_else(|| {
                format!("{} fields, more than the {} known", i + 1, Field::ALL.len())
            })?;
            if cell.is_empty() {
                continue;
            }
            let parts: Vec<&str> = cell.split(VALUE_SEPARATOR).collect();
            record
                .set_parts(field, &parts)
                .map_err(|e| format!("{}: {e}", field.name()))?;
        }
        Ok(record)
    }
}

/// The cells of a record, in [`Field::ALL`] order, read straight from the compact forms of its
/// parts (the descriptive part and, when opened, the personal part; each field is filled in at
/// most one of them), several values of a field joined by `;` as in a CSV cell: exactly what
/// [`FlatValue::to_cell`] gives for the record, without building it. An export of a million
/// records writes these instead of decoding and re-encoding every field.
///
/// [`FlatValue::to_cell`]: crate::FlatValue::to_cell
pub fn compact_cells<'a>(parts: &[&'a str], cells: &mut Vec<Cow<'a, str>>) -> Result<(), String> {
    cells.clear();
    cells.resize(Field::ALL.len(), Cow::Borrowed(""));
    for part in parts {
        let body = part
            .strip_prefix(VERSION)
            .ok_or_else(|| "not a compact HTCDS 2.0 record".to_string())?;
        if body.is_empty() {
            continue;
        }
        for (i, cell) in body.split(FIELD_SEPARATOR).enumerate() {
            let slot = cells.get_mut(i).ok_or_else(|| {
                format!("{} fields, more than the {} known", i + 1, Field::ALL.len())
            })?;
            if cell.is_empty() {
                continue;
            }
            *slot = if cell.contains(VALUE_SEPARATOR) {
                Cow::Owned(cell.replace(VALUE_SEPARATOR, MULTI_SEPARATOR.encode_utf8(&mut [0; 4])))
            } else {
                Cow::Borrowed(cell)
            };
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_form_round_trips_and_is_small() {
        let mut r = CaseRecord::default();
        r.set(Field::PrsFirstName, "María José").unwrap();
        r.set(Field::PrsCitizenship, "VE;CO").unwrap();
        r.set(Field::HteType, "Recruitment;Transit;Exploitation")
            .unwrap();
        r.set(Field::HteCity, "Caracas;;Lima").unwrap();
        r.set(Field::CcoCaseComment, "línea 1\nlínea 2; con punto y coma")
            .unwrap();
        let text = r.to_compact();
        assert_eq!(CaseRecord::from_compact(&text).unwrap(), r);
        assert!(text.len() < serde_json::Value::Object(r.to_json()).to_string().len());
        assert_eq!(CaseRecord::default().to_compact(), "htcds2:");
        assert_eq!(
            CaseRecord::from_compact("htcds2:").unwrap(),
            CaseRecord::default()
        );
        assert!(CaseRecord::from_compact("{\"prs_FirstName\":\"Ana\"}").is_err());
    }

    #[test]
    fn cells_read_from_compact_parts_equal_the_typed_records_cells() {
        let mut whole = CaseRecord::default();
        whole.set(Field::PrsFirstName, "María José").unwrap();
        whole.set(Field::PrsCitizenship, "VE;CO").unwrap();
        whole
            .set(
                Field::VicTypeOfExploitation,
                "SexualExploitation;ForcedLabour",
            )
            .unwrap();
        whole
            .set(Field::HteType, "Recruitment;Exploitation")
            .unwrap();
        whole.set(Field::HteCity, "Caracas;Lima").unwrap();
        whole.set(Field::HteDate, "2023-01-02;").unwrap();
        whole
            .set(Field::CcoCaseComment, "dijo \"no\", y se fue")
            .unwrap();
        let (open, personal) = whole.split_personal();
        let (open, personal) = (open.to_compact(), personal.to_compact());
        let mut cells = Vec::new();
        compact_cells(&[&open, &personal], &mut cells).unwrap();
        let expected: Vec<String> = Field::ALL
            .iter()
            .map(|&f| whole.get(f).map(|v| v.to_cell()).unwrap_or_default())
            .collect();
        assert_eq!(cells, expected);
        assert!(compact_cells(&["{}"], &mut cells).is_err());
        compact_cells(&["htcds2:"], &mut cells).unwrap();
        assert!(cells.iter().all(|c| c.is_empty()));
    }
}
