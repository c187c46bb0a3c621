//! Excel and OpenDocument spreadsheets: the first sheet that holds a table of fields, its header
//! row and the rows below as text cells.
//!
//! Excel workbooks (`.xlsx`, `.xlsm`, `.xlsb`) are streamed: a thread reads the chosen sheet cell
//! by cell and hands whole rows over a bounded channel, so a sheet of a million rows is held a few
//! hundred rows at a time (the workbook's table of shared strings is still loaded whole: the
//! format keeps every text there). Legacy `.xls` and OpenDocument files have no cell stream in the
//! reader and are read whole.

use std::collections::VecDeque;
use std::io::{Read, Seek};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;

use calamine::{open_workbook_auto, Data, DataRef, Reader, Sheets};
use rastro_model::{Date, Field, HeaderMatch};

use crate::columns::{names_a_field, MAX_ROWS_ABOVE_HEADER};

/// One row of text cells with its 1-based sheet row number.
pub type SheetRow = (u64, Vec<String>);

/// How many rows the reading thread may be ahead of the import: enough to keep both busy, few
/// enough that memory does not grow with the sheet.
const ROWS_IN_FLIGHT: usize = 256;

/// The chosen sheet's rows, in order. Rows without any cell are not delivered; row numbers still
/// count them.
pub struct SheetRows {
    ahead: VecDeque<SheetRow>,
    source: Source,
    error: Option<String>,
    /// How many rows the reading thread has handed over so far: what holds it to its bound.
    #[cfg_attr(not(test), allow(dead_code))]
    handed: Arc<AtomicUsize>,
}

enum Source {
    Whole(std::vec::IntoIter<SheetRow>),
    Streamed(Receiver<Message>),
    Ended,
}

enum Message {
    Chosen(Vec<String>),
    Row(SheetRow),
    /// The sheet's last row has been sent. A channel closed without it means the reading
    /// thread died mid-sheet, which must not pass for the end of the sheet.
    End,
    Failed(String),
}

impl SheetRows {
    #[cfg(test)]
    pub(crate) fn from_rows(rows: Vec<SheetRow>) -> SheetRows {
        SheetRows {
            ahead: VecDeque::new(),
            source: Source::Whole(rows.into_iter()),
            error: None,
            handed: Arc::default(),
        }
    }

    /// The next row, or `None` at the end of the sheet or when reading it failed
    /// ([`SheetRows::take_error`] tells which).
    pub fn next_row(&mut self) -> Option<SheetRow> {
        if let Some(row) = self.ahead.pop_front() {
            return Some(row);
        }
        let next = match &mut self.source {
            Source::Whole(rows) => rows.next(),
            Source::Streamed(channel) => match channel.recv() {
                Ok(Message::Row(row)) => Some(row),
                Ok(Message::Failed(message)) => {
                    self.error = Some(message);
                    None
                }
                Ok(Message::End) => None,
                Ok(Message::Chosen(_)) | Err(_) => {
                    self.error =
                        Some("the sheet's reader stopped before the end of the sheet".to_string());
                    None
                }
            },
            Source::Ended => None,
        };
        if next.is_none() {
            self.source = Source::Ended;
        }
        next
    }

    /// Looks at the first `n` rows without taking them.
    pub fn peek(&mut self, n: usize) -> &VecDeque<SheetRow> {
        while self.ahead.len() < n {
            let Some(row) = self.next_row_unbuffered() else {
                break;
            };
            self.ahead.push_back(row);
        }
        &self.ahead
    }

    fn next_row_unbuffered(&mut self) -> Option<SheetRow> {
        let ahead = std::mem::take(&mut self.ahead);
        let row = self.next_row();
        self.ahead = ahead;
        row
    }

    /// Why the sheet ended early, if it did.
    pub fn take_error(&mut self) -> Option<String> {
        self.error.take()
    }
}

/// Opens the first sheet whose top rows name a field (workbooks often open on instructions or a
/// cover), or the first sheet when none does, with warnings about it. Dates stored as Excel
/// serial numbers become ISO dates; whole numbers lose their ".0".
pub fn read(
    path: &Path,
    named: &[(String, HeaderMatch)],
) -> Result<(SheetRows, Vec<String>), String> {
    let workbook = open_workbook_auto(path).map_err(|e| e.to_string())?;
    let names = workbook.sheet_names().to_vec();
    if names.is_empty() {
        return Err("the workbook has no sheets".to_string());
    }
    match workbook {
        Sheets::Xlsx(_) | Sheets::Xlsb(_) => stream(workbook, names, named.to_vec()),
        Sheets::Xls(_) | Sheets::Ods(_) => read_whole(workbook, &names, named),
    }
}

fn read_whole<R: Read + Seek>(
    mut workbook: Sheets<R>,
    names: &[String],
    named: &[(String, HeaderMatch)],
) -> Result<(SheetRows, Vec<String>), String> {
    let mut chosen: Option<(usize, Vec<SheetRow>)> = None;
    for (index, name) in names.iter().enumerate() {
        let rows = whole_sheet(&mut workbook, name)?;
        if names_table(&rows, named) {
            chosen = Some((index, rows));
            break;
        }
        if chosen.is_none() {
            chosen = Some((index, rows));
        }
        if names.len() == 1 {
            break;
        }
    }
    let (index, rows) = chosen.ok_or("the workbook has no sheets")?;
    let rows = SheetRows {
        ahead: VecDeque::new(),
        source: Source::Whole(rows.into_iter()),
        error: None,
        handed: Arc::default(),
    };
    Ok((rows, choice_warnings(names, index)))
}

fn whole_sheet<R: Read + Seek>(
    workbook: &mut Sheets<R>,
    name: &str,
) -> Result<Vec<SheetRow>, String> {
    let range = workbook
        .worksheet_range(name)
        .map_err(|e| format!("sheet {name:?}: {e}"))?;
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    // Cells keep their sheet column, as the streamed sheets' do, so a column's number in a
    // message is the one the user sees.
    let before = first_column as usize;
    Ok(range
        .rows()
        .enumerate()
        .filter(|(_, cells)| cells.iter().any(|c| !matches!(c, Data::Empty)))
        .map(|(i, cells)| {
            let mut texts = vec![String::new(); before];
            texts.extend(cells.iter().map(cell_text));
            (u64::from(first_row) + i as u64 + 1, texts)
        })
        .collect())
}

fn names_table(top: &[SheetRow], named: &[(String, HeaderMatch)]) -> bool {
    top.iter()
        .take(MAX_ROWS_ABOVE_HEADER + 1)
        .any(|(_, cells)| names_a_field(cells, named))
}

fn choice_warnings(names: &[String], chosen: usize) -> Vec<String> {
    if names.len() < 2 {
        return Vec::new();
    }
    let which = if chosen == 0 {
        "the first"
    } else {
        "the first with a table of fields"
    };
    vec![format!(
        "only sheet {:?} ({which}) is read; the workbook has {} sheets",
        names[chosen],
        names.len()
    )]
}

/// Starts the reading thread and waits until it has chosen the sheet, so that a workbook that
/// cannot be read at all is refused here, before any row.
fn stream<R: Read + Seek + Send + 'static>(
    workbook: Sheets<R>,
    names: Vec<String>,
    named: Vec<(String, HeaderMatch)>,
) -> Result<(SheetRows, Vec<String>), String> {
    let (sender, receiver) = sync_channel(ROWS_IN_FLIGHT);
    let handed = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&handed);
    std::thread::Builder::new()
        .name("sheet-reader".to_string())
        .spawn(move || {
            let sender = Handing {
                sender,
                handed: counted,
            };
            if let Err(message) = stream_chosen(workbook, &names, &named, &sender) {
                // The import may have stopped listening; nothing is left to tell then.
                let _ = sender.send(Message::Failed(message));
            }
        })
        .map_err(|e| format!("cannot start reading the sheet: {e}"))?;
    match receiver.recv() {
        Ok(Message::Chosen(warnings)) => Ok((
            SheetRows {
                ahead: VecDeque::new(),
                source: Source::Streamed(receiver),
                error: None,
                handed,
            },
            warnings,
        )),
        Ok(Message::Failed(message)) => Err(message),
        Ok(Message::Row(_) | Message::End) | Err(_) => {
            Err("the sheet reader stopped before a sheet was chosen".to_string())
        }
    }
}

/// The reading thread's end of the channel, counting the rows it hands over.
struct Handing {
    sender: SyncSender<Message>,
    handed: Arc<AtomicUsize>,
}

impl Handing {
    fn send(&self, message: Message) -> Result<(), std::sync::mpsc::SendError<Message>> {
        let row = matches!(message, Message::Row(_));
        self.sender.send(message)?;
        if row {
            self.handed.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }
}

/// A sheet's cells in order: row, column (both from 0) and text.
type NextCell<'a> = Box<dyn FnMut() -> Result<Option<(u32, u32, String)>, String> + 'a>;

fn cells_of<'a, R: Read + Seek>(
    workbook: &'a mut Sheets<R>,
    name: &str,
) -> Result<NextCell<'a>, String> {
    let failed = |e: &dyn std::fmt::Display| format!("sheet {name:?}: {e}");
    match workbook {
        Sheets::Xlsx(book) => {
            let mut reader = book.worksheet_cells_reader(name).map_err(|e| failed(&e))?;
            Ok(texts_of(name, move || reader.next_cell()))
        }
        Sheets::Xlsb(book) => {
            let mut reader = book.worksheet_cells_reader(name).map_err(|e| failed(&e))?;
            Ok(texts_of(name, move || reader.next_cell()))
        }
        Sheets::Xls(_) | Sheets::Ods(_) => Err(failed(&"this format is read whole")),
    }
}

/// Either Excel format's cell reader as cells of text, its errors naming the sheet.
fn texts_of<'a, E: std::fmt::Display>(
    name: &str,
    mut next_cell: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, E> + 'a,
) -> NextCell<'a> {
    let name = name.to_string();
    Box::new(move || {
        next_cell()
            .map(|cell| cell.map(|c| cell_parts(c.get_position(), c.get_value())))
            .map_err(|e| format!("sheet {name:?}: {e}"))
    })
}

fn cell_parts((row, column): (u32, u32), value: &DataRef) -> (u32, u32, String) {
    (row, column, ref_text(value))
}

/// Gathers a sheet's cells into rows, a column's cell at its column's place.
struct RowsOf<'a> {
    cells: NextCell<'a>,
    pending: Option<(u32, u32, String)>,
    /// The reader has said the sheet is over; asked again, it would read past the end.
    ended: bool,
}

impl<'a> RowsOf<'a> {
    fn new(cells: NextCell<'a>) -> RowsOf<'a> {
        RowsOf {
            cells,
            pending: None,
            ended: false,
        }
    }

    fn next_cell(&mut self) -> Result<Option<(u32, u32, String)>, String> {
        if self.ended {
            return Ok(None);
        }
        let cell = (self.cells)()?;
        self.ended = cell.is_none();
        Ok(cell)
    }

    fn next_row(&mut self) -> Result<Option<SheetRow>, String> {
        let first = match self.pending.take() {
            Some(cell) => cell,
            None => match self.next_cell()? {
                Some(cell) => cell,
                None => return Ok(None),
            },
        };
        let row = first.0;
        let mut texts = Vec::new();
        let mut place = |(_, column, text): (u32, u32, String)| {
            let column = column as usize;
            if texts.len() <= column {
                texts.resize(column + 1, String::new());
            }
            texts[column] = text;
        };
        place(first);
        while let Some(cell) = self.next_cell()? {
            if cell.0 != row {
                self.pending = Some(cell);
                break;
            }
            place(cell);
        }
        Ok(Some((u64::from(row) + 1, texts)))
    }
}

/// Rows whose every cell is empty are left out, as the whole-sheet reading leaves them out.
fn next_filled(rows: &mut RowsOf) -> Result<Option<SheetRow>, String> {
    while let Some(row) = rows.next_row()? {
        if row.1.iter().any(|c| !c.is_empty()) {
            return Ok(Some(row));
        }
    }
    Ok(None)
}

fn stream_chosen<R: Read + Seek>(
    mut workbook: Sheets<R>,
    names: &[String],
    named: &[(String, HeaderMatch)],
    sender: &Handing,
) -> Result<(), String> {
    for (index, name) in names.iter().enumerate() {
        let mut rows = RowsOf::new(cells_of(&mut workbook, name)?);
        let mut top = Vec::new();
        while top.len() <= MAX_ROWS_ABOVE_HEADER {
            match next_filled(&mut rows)? {
                Some(row) => top.push(row),
                None => break,
            }
        }
        if names.len() == 1 || names_table(&top, named) {
            return send_rows(choice_warnings(names, index), top, &mut rows, sender);
        }
    }
    // No sheet names a field: the first is read from its start, and its header will be refused
    // with the first row's complaint.
    let mut rows = RowsOf::new(cells_of(&mut workbook, &names[0])?);
    send_rows(choice_warnings(names, 0), Vec::new(), &mut rows, sender)
}

fn send_rows(
    warnings: Vec<String>,
    top: Vec<SheetRow>,
    rows: &mut RowsOf,
    sender: &Handing,
) -> Result<(), String> {
    // A closed channel means the import stopped reading: nothing more to do.
    if sender.send(Message::Chosen(warnings)).is_err() {
        return Ok(());
    }
    for row in top {
        if sender.send(Message::Row(row)).is_err() {
            return Ok(());
        }
    }
    while let Some(row) = next_filled(rows)? {
        if sender.send(Message::Row(row)).is_err() {
            return Ok(());
        }
    }
    // As above: if the import has stopped listening, there is no one to tell.
    let _ = sender.send(Message::End);
    Ok(())
}

fn ref_text(cell: &DataRef) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::String(s) => s.clone(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => float_text(*f),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => serial_date_text(dt.as_f64()),
        DataRef::DateTimeIso(s) => iso_date_text(s),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#ERROR {e:?}"),
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => serial_date_text(dt.as_f64()),
        Data::DateTimeIso(s) => iso_date_text(s),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#ERROR {e:?}"),
    }
}

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

fn serial_date_text(serial: f64) -> String {
    match Date::from_excel_serial(serial) {
        Ok(date) => date.to_string(),
        Err(_) => serial.to_string(),
    }
}

fn iso_date_text(s: &str) -> String {
    s.split('T').next().unwrap_or(s).to_string()
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

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// Writes a one-sheet workbook (inline strings, stored entries) whose first row is `header`
    /// and whose data rows come from `row(i)`, each row starting at column `first_column`.
    fn workbook(
        dir: &Path,
        header: &[&str],
        rows: usize,
        first_column: u8,
        row: impl Fn(usize) -> Vec<String>,
    ) -> std::path::PathBuf {
        let path = dir.join("casos.xlsx");
        let file = std::fs::File::create(&path).unwrap();
        let mut zip = zip::ZipWriter::new(file);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let mut part = |name: &str, body: &str| {
            zip.start_file(name, stored).unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        };
        part(
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        );
        part(
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        );
        part(
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Casos" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        );
        part(
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        );
        let cell = |r: usize, c: usize, text: &str| {
            let column = char::from(b'A' + first_column + c as u8);
            format!(r#"<c r="{column}{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
        };
        let mut sheet = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        );
        let line = |r: usize, cells: &[String]| {
            let body: String = cells
                .iter()
                .enumerate()
                .filter(|(_, text)| !text.is_empty())
                .map(|(c, text)| cell(r, c, text))
                .collect();
            format!(r#"<row r="{r}">{body}</row>"#)
        };
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        sheet.push_str(&line(1, &header));
        for i in 0..rows {
            sheet.push_str(&line(i + 2, &row(i)));
        }
        sheet.push_str("</sheetData></worksheet>");
        part("xl/worksheets/sheet1.xml", &sheet);
        zip.finish().unwrap();
        path
    }

    #[test]
    fn a_workbook_is_read_a_few_hundred_rows_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let rows = 20 * ROWS_IN_FLIGHT;
        let path = workbook(dir.path(), &["Nombre", "Apellido"], rows, 0, |i| {
            vec![format!("Persona{i}"), "Rojas".to_string()]
        });
        let (mut sheet, warnings) = read(&path, &[]).unwrap();
        assert!(warnings.is_empty());
        assert!(
            matches!(sheet.source, Source::Streamed(_)),
            "an xlsx sheet is streamed"
        );
        // The reader fills the channel and then must wait: it is never a sheet ahead. (Slower,
        // on a loaded machine, it is only less far ahead.)
        std::thread::sleep(std::time::Duration::from_millis(300));
        let ahead = sheet.handed.load(Ordering::Relaxed);
        assert!(ahead <= ROWS_IN_FLIGHT + 1, "{ahead} rows read ahead");
        let mut read_rows = 0;
        while sheet.next_row().is_some() {
            read_rows += 1;
        }
        assert_eq!(
            read_rows,
            rows + 1,
            "every row arrives once, the header too"
        );
        assert!(sheet.take_error().is_none());
    }

    #[test]
    fn a_reader_that_dies_mid_sheet_is_no_end_of_the_sheet() {
        let (sender, receiver) = sync_channel(4);
        let mut sheet = SheetRows {
            ahead: VecDeque::new(),
            source: Source::Streamed(receiver),
            error: None,
            handed: Arc::default(),
        };
        sender
            .send(Message::Row((2, vec!["Ana".to_string()])))
            .unwrap();
        // The thread is gone (a panic in the workbook's reader) without saying the sheet ended.
        drop(sender);
        assert_eq!(sheet.next_row(), Some((2, vec!["Ana".to_string()])));
        assert_eq!(sheet.next_row(), None);
        let reason = sheet.take_error().expect("a cut sheet is reported");
        assert!(reason.contains("before the end"), "{reason}");
    }

    #[test]
    fn streamed_rows_keep_their_sheet_row_and_column() {
        let dir = tempfile::tempdir().unwrap();
        // The table starts at column C; row 3 is empty; a row ends early.
        let path = workbook(
            dir.path(),
            &["Nombre", "Apellido", "País"],
            3,
            2,
            |i| match i {
                0 => vec!["Ana".into(), "Rojas".into(), "Perú".into()],
                1 => vec![String::new(), String::new(), String::new()],
                _ => vec!["Luz".into()],
            },
        );
        let (mut sheet, _) = read(&path, &[]).unwrap();
        let mut rows = Vec::new();
        while let Some(row) = sheet.next_row() {
            rows.push(row);
        }
        let blank = String::new;
        assert_eq!(
            rows,
            [
                (
                    1,
                    vec![
                        blank(),
                        blank(),
                        "Nombre".into(),
                        "Apellido".into(),
                        "País".into()
                    ]
                ),
                (
                    2,
                    vec![
                        blank(),
                        blank(),
                        "Ana".into(),
                        "Rojas".into(),
                        "Perú".into()
                    ]
                ),
                (4, vec![blank(), blank(), "Luz".into()]),
            ]
        );
    }

    #[test]
    fn a_sheet_cut_short_ends_with_its_reason_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("roto.xlsx");
        let good = workbook(dir.path(), &["Nombre"], 50, 0, |i| vec![format!("P{i}")]);
        // The same workbook whose sheet stops in the middle of a row.
        let bytes = std::fs::read(&good).unwrap();
        let reader = std::io::Cursor::new(bytes);
        let mut archive = zip::ZipArchive::new(reader).unwrap();
        let file = std::fs::File::create(&path).unwrap();
        let mut out = zip::ZipWriter::new(file);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut body = String::new();
            std::io::Read::read_to_string(&mut entry, &mut body).unwrap();
            if name.ends_with("sheet1.xml") {
                body.truncate(body.find("P30").unwrap());
            }
            out.start_file(name, stored).unwrap();
            out.write_all(body.as_bytes()).unwrap();
        }
        out.finish().unwrap();
        let (mut sheet, _) = read(&path, &[]).unwrap();
        let mut read_rows = 0;
        while sheet.next_row().is_some() {
            read_rows += 1;
        }
        assert!(
            (25..=31).contains(&read_rows),
            "{read_rows} rows before the cut"
        );
        let reason = sheet.take_error().expect("the cut is reported");
        assert!(reason.contains("Casos"), "{reason}");
    }
}
