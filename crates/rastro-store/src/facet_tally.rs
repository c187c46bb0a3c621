//! Counts and cross-tabulations of cases by facet, made from each visible case's facet values
//! text (`cases.facet_values`) as a backend reads them one by one. Since migration 0025 that text
//! is the only place a case's facets are kept, so both backends count here, the same way.

use std::collections::HashMap;

use crate::api::cases::{Facet, UNKNOWN};
use crate::facets::facet_values_of;

/// The distinct values of `facet` in a case's facet values text, or [`UNKNOWN`] alone when the
/// case says nothing about it (so that totals still add up to the cases).
fn values_in(text: &str, facet: Facet) -> Vec<&str> {
    let mut values: Vec<&str> = facet_values_of(text)
        .filter(|(code, _)| *code == facet.code())
        .map(|(_, value)| value)
        .collect();
    if values.is_empty() {
        values.push(UNKNOWN);
    }
    values.sort_unstable();
    values.dedup();
    values
}

fn bump(counts: &mut HashMap<String, u64>, value: &str) {
    match counts.get_mut(value) {
        Some(n) => *n += 1,
        None => {
            counts.insert(value.to_string(), 1);
        }
    }
}

/// How many cases have each value of one facet.
pub(crate) struct FacetCounts {
    facet: Facet,
    counts: HashMap<String, u64>,
}

impl FacetCounts {
    pub fn new(facet: Facet) -> FacetCounts {
        FacetCounts {
            facet,
            counts: HashMap::new(),
        }
    }

    /// Counts one case, given its facet values text: once under each of its values.
    pub fn add(&mut self, text: &str) {
        for value in values_in(text, self.facet) {
            bump(&mut self.counts, value);
        }
    }

    /// The values with their counts, most first, then by value.
    pub fn finish(self) -> Vec<(String, u64)> {
        let mut out: Vec<(String, u64)> = self.counts.into_iter().collect();
        out.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }
}

/// How many cases have each pair of a value of one facet (rows) and one of another (columns).
pub(crate) struct Crosstab {
    rows: Facet,
    columns: Facet,
    cells: HashMap<(String, String), u64>,
}

impl Crosstab {
    pub fn new(rows: Facet, columns: Facet) -> Crosstab {
        Crosstab {
            rows,
            columns,
            cells: HashMap::new(),
        }
    }

    /// Counts one case under every pair of its row and column values.
    pub fn add(&mut self, text: &str) {
        let columns = values_in(text, self.columns);
        for row in values_in(text, self.rows) {
            for column in &columns {
                *self
                    .cells
                    .entry((row.to_string(), column.to_string()))
                    .or_insert(0) += 1;
            }
        }
    }

    /// The cells, ordered by row value and then column value.
    pub fn finish(self) -> Vec<(String, String, u64)> {
        let mut out: Vec<(String, String, u64)> = self
            .cells
            .into_iter()
            .map(|((row, column), n)| (row, column, n))
            .collect();
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facets::facet_values_text;

    fn text(pairs: &[(Facet, &str)]) -> String {
        let owned: Vec<(Facet, String)> = pairs.iter().map(|(f, v)| (*f, v.to_string())).collect();
        facet_values_text(&owned)
    }

    #[test]
    fn each_value_counts_a_case_once_and_a_case_without_one_counts_as_unknown() {
        let mut counts = FacetCounts::new(Facet::Citizenship);
        counts.add(&text(&[
            (Facet::Citizenship, "VE"),
            (Facet::Citizenship, "CO"),
            (Facet::Gender, "Female"),
        ]));
        counts.add(&text(&[(Facet::Citizenship, "VE")]));
        counts.add(&text(&[(Facet::Gender, "Male")]));
        counts.add("");
        assert_eq!(
            counts.finish(),
            vec![
                ("VE".to_string(), 2),
                (UNKNOWN.to_string(), 2),
                ("CO".to_string(), 1)
            ]
        );
    }

    #[test]
    fn a_facet_whose_name_another_begins_with_is_not_taken_for_it() {
        // "exploitation" begins "exploitation_country"'s name.
        let mut counts = FacetCounts::new(Facet::Exploitation);
        counts.add(&text(&[(Facet::ExploitationCountry, "PE")]));
        assert_eq!(counts.finish(), vec![(UNKNOWN.to_string(), 1)]);
    }

    #[test]
    fn a_crosstab_counts_every_pair_of_a_cases_values() {
        let mut table = Crosstab::new(Facet::ExploitationCountry, Facet::Exploitation);
        table.add(&text(&[
            (Facet::Exploitation, "ForcedLabour"),
            (Facet::Exploitation, "SexualExploitation"),
            (Facet::ExploitationCountry, "PE"),
        ]));
        table.add(&text(&[(Facet::Exploitation, "ForcedLabour")]));
        let cell = |r: &str, c: &str, n: u64| (r.to_string(), c.to_string(), n);
        assert_eq!(
            table.finish(),
            vec![
                cell("PE", "ForcedLabour", 1),
                cell("PE", "SexualExploitation", 1),
                cell(UNKNOWN, "ForcedLabour", 1),
            ]
        );
    }
}
