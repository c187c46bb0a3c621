//! JSON lines: one object per line, keys named like CSV columns, values text or numbers.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::fields::{build, find_field, Cell, Interner, FIELD_COUNT};
use super::{Problem, Row};

pub(crate) struct JsonlRows {
    input: Box<dyn BufRead + Send>,
    buffer: Vec<u8>,
    line: u64,
    row: u64,
    interner: Interner,
    done: bool,
}

impl JsonlRows {
    pub(crate) fn new(input: Box<dyn BufRead + Send>) -> JsonlRows {
        JsonlRows {
            input,
            buffer: Vec::new(),
            line: 0,
            row: 0,
            interner: Interner::default(),
            done: false,
        }
    }

    pub(crate) fn next(&mut self) -> Option<Row> {
        while !self.done {
            self.buffer.clear();
            match self.input.read_until(b'\n', &mut self.buffer) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    if self.buffer.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    self.row += 1;
                    return Some(self.judge());
                }
                Err(e) => {
                    self.done = true;
                    self.row += 1;
                    return Some(
                        self.whole_row_problem(String::new(), format!("reading stopped here: {e}")),
                    );
                }
            }
        }
        None
    }

    fn whole_row_problem(&self, value: String, message: String) -> Row {
        Row {
            row: self.row,
            line: self.line,
            outcome: Err(vec![Problem {
                row: self.row,
                line: self.line,
                column: String::new(),
                value,
                message,
            }]),
        }
    }

    fn judge(&mut self) -> Row {
        let utf8 = std::str::from_utf8(&self.buffer).is_ok();
        let text = String::from_utf8_lossy(&self.buffer).into_owned();
        let object: Map<String, Value> = match serde_json::from_str(text.trim()) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                return self
                    .whole_row_problem(shorten(&text), "the line is not a JSON object".into())
            }
            Err(e) if utf8 => {
                return self.whole_row_problem(shorten(&text), format!("not JSON: {e}"))
            }
            Err(_) => {
                return self.whole_row_problem(
                    shorten(&text),
                    "not valid UTF-8: save the file as UTF-8".into(),
                )
            }
        };
        let mut cells: [Option<Cell>; FIELD_COUNT] = Default::default();
        let mut problems = Vec::new();
        for (key, value) in object {
            let Some(field) = find_field(&key) else {
                continue;
            };
            let text = match value {
                Value::Null => continue,
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                other => {
                    problems.push(Problem {
                        row: self.row,
                        line: self.line,
                        column: key,
                        value: shorten(&other.to_string()),
                        message: "expected text or a number".into(),
                    });
                    continue;
                }
            };
            if let Some(first) = &cells[field as usize] {
                problems.push(Problem {
                    row: self.row,
                    line: self.line,
                    column: key.clone(),
                    value: text,
                    message: format!("{:?} and {key:?} both hold {}", first.column, field.name()),
                });
                continue;
            }
            // Bytes that were not UTF-8 became U+FFFD in the lossy text: the value that holds
            // one is the value that was broken.
            let broken = !utf8 && text.contains('\u{FFFD}');
            cells[field as usize] = Some(Cell {
                column: key,
                text,
                utf8: !broken,
            });
        }
        let outcome = match build(&cells, self.row, self.line, &mut self.interner) {
            Ok(t) if problems.is_empty() => Ok(t),
            Ok(_) => Err(problems),
            Err(mut more) => {
                problems.append(&mut more);
                Err(problems)
            }
        };
        Row {
            row: self.row,
            line: self.line,
            outcome,
        }
    }
}

fn shorten(text: &str) -> String {
    let text = text.trim();
    if text.len() <= 200 {
        return text.to_string();
    }
    let cut = (0..=200)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    format!("{}…", &text[..cut])
}
