//! Excel and OpenDocument spreadsheets: the first sheet, row 1 as field names, cells as text.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use rastro_model::{Date, Field, HeaderMatch};

/// Rows of text cells, each with its 1-based sheet row number.
pub type SheetRows = Vec<(u64, Vec<String>)>;

/// Reads the first sheet, with warnings about it. Dates stored as Excel serial numbers become ISO
/// dates; whole numbers lose their ".0".
pub fn read(path: &Path) -> Result<(SheetRows, Vec<String>), String> {
    let mut workbook = open_workbook_auto(path).map_err(|e| e.to_string())?;
    let names = workbook.sheet_names().to_vec();
    let first = names.first().ok_or("the workbook has no sheets")?;
    let mut warnings = Vec::new();
    if names.len() > 1 {
        warnings.push(format!(
            "only the first sheet ({first:?}) is read; the workbook has {} sheets",
            names.len()
        ));
    }
    let range = workbook
        .worksheet_range(first)
        .map_err(|e| format!("sheet {first:?}: {e}"))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let width = range.width();
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut texts: Vec<String> = cells.iter().map(cell_text).collect();
            texts.resize(width, String::new());
            (u64::from(first_row) + i as u64 + 1, texts)
        })
        .collect();
    Ok((rows, warnings))
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
