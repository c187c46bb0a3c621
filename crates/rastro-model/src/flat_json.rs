//! The record as a JSON object keyed by HTCDS field names: the form of JSON lines files and of the
//! store's record column. Multi-valued fields are arrays.

use std::fmt::Write as _;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::case::CaseRecord;
use crate::fields::{Field, FlatValue};

impl CaseRecord {
    /// The record as `{"prs_FirstName": "…", "prs_Citizenship": ["VE", "CO"], …}`, empty fields
    /// left out (keys sorted, so the text is canonical).
    pub fn to_json(&self) -> Map<String, Value> {
        let mut map = Map::new();
        for &field in Field::ALL {
            match self.get(field) {
                Some(FlatValue::One(s)) => {
                    map.insert(field.name().to_string(), Value::String(s));
                }
                Some(FlatValue::Many(v)) => {
                    map.insert(
                        field.name().to_string(),
                        Value::Array(v.into_iter().map(Value::String).collect()),
                    );
                }
                None => {}
            }
        }
        map
    }

    /// The same object as [`CaseRecord::to_json`], as canonical JSON text (keys sorted, no spaces),
    /// written directly: this is on the hot path of every import, and is what stable record keys
    /// hash and the store keeps.
    pub fn to_json_string(&self) -> String {
        let mut out = String::with_capacity(512);
        out.push('{');
        let mut first = true;
        for &field in fields_by_name() {
            let Some(value) = self.get(field) else {
                continue;
            };
            if !first {
                out.push(',');
            }
            first = false;
            push_json_str(&mut out, field.name());
            out.push(':');
            match value {
                FlatValue::One(s) => push_json_str(&mut out, &s),
                FlatValue::Many(items) => {
                    out.push('[');
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        push_json_str(&mut out, item);
                    }
                    out.push(']');
                }
            }
        }
        out.push('}');
        out
    }

    /// Reads a record written by [`CaseRecord::to_json`]. Unknown keys and invalid values are
    /// errors: this is for data Rastro wrote itself; files from outside go through the importer,
    /// which reports problems row by row.
    pub fn from_json(map: &Map<String, Value>) -> Result<CaseRecord, String> {
        let mut record = CaseRecord::default();
        for (key, value) in map {
            let field = Field::ALL
                .iter()
                .copied()
                .find(|f| f.name() == key)
                .ok_or_else(|| format!("unknown field {key}"))?;
            let parts: Vec<String> = match value {
                Value::String(s) => vec![s.clone()],
                Value::Array(items) => items
                    .iter()
                    .map(|i| {
                        i.as_str()
                            .map(str::to_string)
                            .ok_or_else(|| format!("{key}: not text"))
                    })
                    .collect::<Result<_, _>>()?,
                other => vec![other.to_string()],
            };
            let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
            record
                .set_parts(field, &refs)
                .map_err(|e| format!("{key}: {e}"))?;
        }
        Ok(record)
    }
}

/// Every field, ordered by name as JSON objects order their keys.
fn fields_by_name() -> &'static [Field] {
    static SORTED: OnceLock<Vec<Field>> = OnceLock::new();
    SORTED.get_or_init(|| {
        let mut all = Field::ALL.to_vec();
        all.sort_by_key(|f| f.name());
        all
    })
}

/// Writes a JSON string literal exactly as serde_json does.
fn push_json_str(out: &mut String, text: &str) {
    out.push('"');
    // Almost every value needs no escaping: copy it whole.
    if !text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(text);
        out.push('"');
        return;
    }
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0C}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_json_text_equals_serde_json() {
        let mut r = CaseRecord::default();
        r.set(Field::PrsFirstName, "Ana \"la\" \\ Rosa").unwrap();
        r.set(Field::CcoCaseComment, "line1\nline2\ttab").unwrap();
        r.set(Field::PrsCitizenship, "VE;CO").unwrap();
        r.set(Field::HteType, "Recruitment;Exploitation").unwrap();
        r.set(Field::HteCity, ";Lima").unwrap();
        let expected = Value::Object(r.to_json()).to_string();
        assert_eq!(r.to_json_string(), expected);
        assert_eq!(CaseRecord::default().to_json_string(), "{}");
    }
}
