//! Per-row problems found while reading watchlists and queries.

use std::fmt;

/// A problem with one row (CSV data row or JSON line) of an input file.
///
/// A *rejected* row could not be used at all (no usable name); otherwise only the named field
/// was ignored and the rest of the row was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowIssue {
    /// 1-based data row (CSV: header not counted) or line (JSON lines).
    pub row: u64,
    /// The field at fault, when one is.
    pub field: Option<String>,
    /// The offending value (shortened when long).
    pub value: String,
    pub reason: String,
    pub rejected: bool,
}

impl RowIssue {
    pub(crate) fn field(row: u64, field: &str, value: &str, reason: impl fmt::Display) -> Self {
        RowIssue {
            row,
            field: Some(field.to_string()),
            value: shorten(value),
            reason: reason.to_string(),
            rejected: false,
        }
    }

    pub(crate) fn rejected(
        row: u64,
        field: Option<&str>,
        value: &str,
        reason: impl fmt::Display,
    ) -> Self {
        RowIssue {
            row,
            field: field.map(str::to_string),
            value: shorten(value),
            reason: reason.to_string(),
            rejected: true,
        }
    }
}

fn shorten(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        let head: String = value.chars().take(MAX).collect();
        format!("{head}… ({} characters)", value.chars().count())
    }
}

impl fmt::Display for RowIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}", self.row)?;
        if let Some(field) = &self.field {
            write!(f, ", field {field}")?;
        }
        if !self.value.is_empty() {
            write!(f, ", value {:?}", self.value)?;
        }
        write!(f, ": {}", self.reason)?;
        if self.rejected {
            write!(f, " (row rejected)")?;
        } else if self.field.is_some() {
            write!(f, " (field ignored)")?;
        }
        Ok(())
    }
}
