//! The order the engine holds records in. Comparing a pair reads a dozen values of each record
//! from columns of millions; in input order each read is a cache miss, and at ten million records
//! those misses are most of the run. Records sorted by birth date sit next to the records they
//! share a block with under every rule that holds the date (and near them under rules that hold
//! its year and month), so a block's values arrive in few cache lines.

use rayon::prelude::*;

use crate::config::{FieldKind, LinkConfig};
use crate::date;
use crate::table::Records;

/// Below this many records every value fits in the cache and reordering would only cost.
const SMALL: usize = 200_000;

/// The records in the order to hold them (`order[row]` is the record), or `None` to keep the
/// input order: small runs, or no date to sort by. In linkage of two files each file keeps its
/// place, so the split stays where it was.
pub fn order(config: &LinkConfig, records: &Records) -> Option<Vec<u32>> {
    if records.len() < SMALL {
        return None;
    }
    let comparison = config
        .comparisons
        .iter()
        .find(|c| c.kind == FieldKind::Date)?;
    let column = records.table.column(&comparison.column)?;
    let split = records.split.unwrap_or(0);
    let mut keyed: Vec<(bool, u32, u32)> = (0..records.len())
        .into_par_iter()
        .map(|i| {
            let day = date::parse(column.get(i), comparison.date_order).map_or(u32::MAX, |d| {
                u32::from(d.year) << 16 | u32::from(d.month) << 8 | u32::from(d.day)
            });
            (i >= split && records.split.is_some(), day, i as u32)
        })
        .collect();
    keyed.par_sort_unstable();
    Some(keyed.into_iter().map(|(_, _, i)| i).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Table;

    fn records(n: usize) -> Table {
        let columns: Vec<String> = vec!["dob".into()];
        let mut table = Table::new("t", &columns);
        for i in 0..n {
            let date = format!("{:02}/{:02}/{}", 1 + i % 28, 1 + i % 12, 1950 + i % 60);
            table.push_row(&i.to_string(), &[&date]);
        }
        table
    }

    const CONFIG: &str = r#"
id = "id"
[[comparison]]
name = "dob"
column = "dob"
kind = "date"
levels = ["exact"]
"#;

    #[test]
    fn large_runs_are_ordered_by_date_and_files_keep_their_side() {
        let config = LinkConfig::from_toml(CONFIG, "t").unwrap();
        let n = SMALL + 10;
        let left = records(n / 2);
        let right = records(n - n / 2);
        let linked = Records::link(left, right).unwrap();
        let order = order(&config, &linked).unwrap();
        let split = n / 2;
        assert!(order[..split].iter().all(|&i| (i as usize) < split));
        assert!(order[split..].iter().all(|&i| (i as usize) >= split));
        let column = linked.table.column("dob").unwrap();
        let year = |i: u32| {
            date::parse(column.get(i as usize), Default::default())
                .unwrap()
                .year
        };
        assert!(order[..split].windows(2).all(|w| year(w[0]) <= year(w[1])));
        let mut seen = order.clone();
        seen.sort_unstable();
        assert!(seen.iter().enumerate().all(|(i, &r)| r as usize == i));
        assert!(super::order(&config, &Records::dedupe(records(10))).is_none());
    }
}
