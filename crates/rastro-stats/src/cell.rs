//! The one shape every number leaves the engine in: shown, or suppressed with no value at all.

use std::cmp::Ordering;

use serde::Serialize;

/// A published count. `value` is `None` exactly when `suppressed`, so a caller cannot print a
/// hidden number by mistake: there is none to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Cell {
    pub value: Option<u64>,
    pub suppressed: bool,
}

impl Cell {
    pub fn shown(value: u64) -> Cell {
        Cell {
            value: Some(value),
            suppressed: false,
        }
    }

    pub fn hidden() -> Cell {
        Cell {
            value: None,
            suppressed: true,
        }
    }

    pub(crate) fn new(value: u64, hidden: bool) -> Cell {
        if hidden {
            Cell::hidden()
        } else {
            Cell::shown(value)
        }
    }

    /// What a table or CSV shows: the number, or `<k` when suppressed.
    pub fn label(&self, k: u64) -> String {
        match (self.suppressed, self.value) {
            (true, _) | (false, None) => format!("<{k}"),
            (false, Some(v)) => v.to_string(),
        }
    }
}

/// The order rows are listed in: largest shown first, ties by key, then suppressed rows by key.
/// Sorting suppressed rows by their true values would tell their relative sizes, so they are not.
pub(crate) fn display_order(keys: &[String], values: &[u64], hidden: &[bool]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| match (hidden[a], hidden[b]) {
        (false, false) => values[b]
            .cmp(&values[a])
            .then_with(|| keys[a].cmp(&keys[b])),
        (true, true) => keys[a].cmp(&keys[b]),
        (false, true) => Ordering::Less,
        (true, false) => Ordering::Greater,
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_never_show_a_hidden_number() {
        assert_eq!(Cell::shown(12).label(11), "12");
        assert_eq!(Cell::hidden().label(11), "<11");
        assert_eq!(Cell::new(3, true), Cell::hidden());
        assert_eq!(Cell::new(3, true).value, None);
    }

    #[test]
    fn hidden_rows_go_last_in_key_order() {
        let keys: Vec<String> = ["b", "a", "c", "d", "e"].map(String::from).to_vec();
        let values = [20, 20, 5, 40, 900];
        let hidden = [false, false, true, false, true];
        assert_eq!(display_order(&keys, &values, &hidden), [3, 1, 0, 2, 4]);
    }
}
