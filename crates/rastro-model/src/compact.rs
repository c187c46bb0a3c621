//! The compact stored form of a record: every field's flat value in [`Field::ALL`] order,
//! separated by the ASCII unit separator, several values of one field by the record separator,
//! trailing empty fields left out, behind a version tag. Less than half the size of the JSON
//! form, which matters when a hub stores millions of records, and cheap to write on the hot path
//! of imports. The separators cannot occur in values: validation refuses control characters.

use std::borrow::Cow;

use crate::case::CaseRecord;
use crate::fields::{Field, MULTI_SEPARATOR};

const VERSION: &str = "htcds2:";
const FIELD_SEPARATOR: char = '\u{1f}';
const VALUE_SEPARATOR: char = '\u{1e}';

impl CaseRecord {
    /// The record in compact form; equal records give equal text, so it also serves as the
    /// canonical text that record keys hash.
    pub fn to_compact(&self) -> String {
        let mut out = String::with_capacity(384);
        out.push_str(VERSION);
        let mut writer = CompactWriter::new(&mut out);
        for &field in Field::ALL.iter() {
            writer.field(self, field);
        }
        out
    }

    /// The compact forms of the record's two parts, as [`CaseRecord::split_personal`] would
    /// give them: its descriptive part, and its personal part (`None` when it has no personal
    /// field), without building either part. Written by [`CaseRecord::to_compact_forms`], the
    /// one pass that knows how a field goes into its part; the whole text it also writes is a
    /// few hundred bytes, and imports, which write many records, take both from it.
    pub fn to_compact_parts(&self) -> (String, Option<String>) {
        let (_, parts) = self.to_compact_forms();
        (parts.open, parts.personal)
    }

    /// [`CaseRecord::to_compact`] and [`CaseRecord::to_compact_parts`] at once, each field's
    /// value written once and copied into its part: an import keys each record from its whole
    /// text and stores its parts, and writing the record out was the costliest step of both.
    pub fn to_compact_forms(&self) -> (String, CompactParts) {
        let mut whole = String::with_capacity(384);
        let mut open = String::with_capacity(384);
        let mut personal = String::with_capacity(128);
        whole.push_str(VERSION);
        open.push_str(VERSION);
        personal.push_str(VERSION);
        let mut whole_writer = CompactWriter::new(&mut whole);
        let mut open_writer = CompactWriter::new(&mut open);
        let mut personal_writer = CompactWriter::new(&mut personal);
        let mut any_personal = false;
        for &field in Field::ALL.iter() {
            let value = whole_writer.value(self, field);
            let value = value.map(|range| &whole_writer.out[range]);
            if field.is_personal() {
                any_personal |= personal_writer.copy(value, true);
                open_writer.skip();
            } else {
                open_writer.copy(value, false);
                personal_writer.skip();
            }
        }
        let parts = CompactParts {
            open,
            personal: any_personal.then_some(personal),
        };
        (whole, parts)
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

/// The compact forms of a record's descriptive and personal parts, as
/// [`CaseRecord::to_compact_parts`] gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompactParts {
    pub open: String,
    /// `None` when the record has no personal field.
    pub personal: Option<String>,
}

/// Writes fields one after another in compact form, each behind as many field separators as
/// fields came before it since the last one written, so that trailing empty fields are left out.
struct CompactWriter<'a> {
    out: &'a mut String,
    pending_separators: usize,
    started: bool,
}

impl<'a> CompactWriter<'a> {
    fn new(out: &'a mut String) -> CompactWriter<'a> {
        CompactWriter {
            out,
            pending_separators: 0,
            started: false,
        }
    }

    /// Moves past a field that is not written.
    fn skip(&mut self) {
        if self.started {
            self.pending_separators += 1;
        }
        self.started = true;
    }

    /// Writes `field` of `record` when it has a value; whether it had one.
    fn field(&mut self, record: &CaseRecord, field: Field) -> bool {
        self.skip();
        let before = self.out.len();
        push_separators(self.out, self.pending_separators);
        let written = record.put(field, self.out, VALUE_SEPARATOR);
        if written {
            self.pending_separators = 0;
        } else {
            self.out.truncate(before);
        }
        written
    }

    /// Writes `field` of `record` when it has a value; where the value lies in the output.
    fn value(&mut self, record: &CaseRecord, field: Field) -> Option<std::ops::Range<usize>> {
        let end_before = self.out.len();
        let start = end_before + self.pending_separators + usize::from(self.started);
        let written = self.field(record, field);
        written.then_some(start..self.out.len())
    }

    /// Writes a value another writer wrote (`None`: the field had none), as [`Self::field`]
    /// would have; whether it was written.
    fn copy(&mut self, value: Option<&str>, skip_empty: bool) -> bool {
        self.skip();
        let written = value.is_some_and(|v| !(skip_empty && v.is_empty()));
        if let Some(value) = value.filter(|_| written) {
            push_separators(self.out, self.pending_separators);
            self.out.push_str(value);
            self.pending_separators = 0;
        }
        written
    }
}

/// Appends `n` field separators; a slice of them at a time, since char by char it was a tenth of
/// the time spent writing a record.
fn push_separators(out: &mut String, mut n: usize) {
    const RUN: &str = "\u{1f}\u{1f}\u{1f}\u{1f}\u{1f}\u{1f}\u{1f}\u{1f}\u{1f}\u{1f}\u{1f}\u{1f}\u{1f}\u{1f}\u{1f}\u{1f}";
    while n > 0 {
        let take = n.min(RUN.len());
        out.push_str(&RUN[..take]);
        n -= take;
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
    fn separators_are_pushed_in_any_number() {
        for n in [0, 1, 15, 16, 17, 40] {
            let mut out = String::new();
            push_separators(&mut out, n);
            assert_eq!(out, FIELD_SEPARATOR.to_string().repeat(n));
        }
    }

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
