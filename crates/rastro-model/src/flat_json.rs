//! The record as a JSON object keyed by HTCDS field names: the form of JSON lines files and of the
//! store's record column. Multi-valued fields are arrays.

use serde_json::{Map, Value};

use crate::case::CaseRecord;
use crate::fields::{Field, FlatValue};

impl CaseRecord {
    /// The record as `{"prs_FirstName": "…", "prs_Citizenship": ["VE", "CO"], …}`, empty fields
    /// left out.
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
