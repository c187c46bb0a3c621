//! Errors in a catalogue, each placed by line, rule (or typology) and field.

use std::fmt;

/// One error in a catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueError {
    /// 1-based line of the file; 0 when the error is about the file as a whole.
    pub line: usize,
    /// The rule or typology the error is in, when it is in one.
    pub rule: Option<String>,
    /// The field of that rule, typology or section.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}", self.line)?;
        } else {
            f.write_str("catalogue")?;
        }
        if let Some(rule) = &self.rule {
            write!(f, ", {rule}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every error found in a catalogue, in the order of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueErrors(pub Vec<CatalogueError>);

impl fmt::Display for CatalogueErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CatalogueErrors {}

/// The 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The `[[rule]]` or `[[typology]]` table a line is in, named as `rule NAME`, found by reading
/// the file's headers back from the line (for errors TOML itself reports, before any rule
/// exists as a value).
pub(crate) fn enclosing_table(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let upto = line.min(lines.len());
    let header = (0..upto)
        .rev()
        .find(|i| lines[*i].trim_start().starts_with('['))?;
    let kind = match lines[header].trim() {
        "[[rule]]" => "rule",
        "[[typology]]" => "typology",
        _ => return None,
    };
    let name = lines[header + 1..]
        .iter()
        .take_while(|l| !l.trim_start().starts_with('['))
        .find_map(|l| {
            let (key, value) = l.split_once('=')?;
            (key.trim() == "name").then(|| value.trim().trim_matches('"').to_string())
        });
    Some(match name {
        Some(n) => format!("{kind} {n}"),
        None => kind.to_string(),
    })
}
