//! Excel and OpenDocument spreadsheets: the first sheet that holds a table of fields, its header
//! row and the rows below as text cells.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use rastro_model::{Date, Field, HeaderMatch};

use crate::columns::{names_a_field, MAX_ROWS_ABOVE_HEADER};

/// Rows of text cells, each with its 1-based sheet row number.
pub type SheetRows = Vec<(u64, Vec<String>)>;

/// Reads the first sheet whose top rows name a field (workbooks often open on instructions or a
/// cover), or the first sheet when none does, with warnings about it. Dates stored as Excel
/// serial numbers become ISO dates; whole numbers lose their ".0".
pub fn read(
    path: &Path,
    named: &[(String, HeaderMatch)],
) -> Result<(SheetRows, Vec<String>), String> {
    let mut workbook = open_workbook_auto(path).map_err(|e| e.to_string())?;
    let names = workbook.sheet_names().to_vec();
    let first = names.first().ok_or("the workbook has no sheets")?.clone();
    let mut chosen: Option<(String, SheetRows)> = None;
    for name in &names {
        let rows = sheet_rows(&mut workbook, name)?;
        let has_table = rows
            .iter()
            .take(MAX_ROWS_ABOVE_HEADER + 1)
            .any(|(_, cells)| names_a_field(cells, named));
        if has_table {
            chosen = Some((name.clone(), rows));
            break;
        }
        if chosen.is_none() {
            chosen = Some((name.clone(), rows));
        }
        if names.len() == 1 {
            break;
        }
    }
    let (name, rows) = chosen.ok_or("the workbook has no sheets")?;
    let mut warnings = Vec::new();
    if names.len() > 1 {
        let which = if name == first {
            "the first"
        } else {
            "the first with a table of fields"
        };
        warnings.push(format!(
            "only sheet {name:?} ({which}) is read; the workbook has {} sheets",
            names.len()
        ));
    }
    Ok((rows, warnings))
}

fn sheet_rows(
    workbook: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
    name: &str,
) -> Result<SheetRows, String> {
    let range = workbook
        .worksheet_range(name)
        .map_err(|e| format!("sheet {name:?}: {e}"))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let width = range.width();
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut texts: Vec<String> = cells.iter().map(cell_text).collect();
            texts.resize(width, String::new());
            (u64::from(first_row) + i as u64 + 1, texts)
        })
        .collect())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match Date::from_excel_serial(dt.as_f64()) {
            Ok(date) => date.to_string(),
            Err(_) => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#ERROR {e:?}"),
    }
}

/// Whether a row is a row of field labels ("First Name", "Birthdate", …) rather than data, as the
/// HTCDS template's second row is. Data rows hardly ever consist of field names.
pub fn is_label_row(cells: &[String]) -> bool {
    let filled: Vec<&String> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    if filled.len() < 3 {
        return false;
    }
    let labels = filled
        .iter()
        .filter(|c| {
            let cell = c.trim();
            matches!(
                Field::from_header(cell),
                HeaderMatch::Field(_) | HeaderMatch::Ambiguous(_)
            ) || LABEL_WORDS.iter().any(|w| cell.eq_ignore_ascii_case(w))
        })
        .count();
    labels * 2 >= filled.len()
}

/// Labels of the template whose wording differs from the field name.
const LABEL_WORDS: &[&str] = &[
    "Mailing State/Province",
    "Mailing Zip/Postal Code",
    "Type of Sex Exploitation",
    "Trafficking Status Decision Making Organization",
    "Consent",
];
