//! Tables as CSV, cell for cell what the page shows: suppressed cells are written `<k`, never
//! their value, so a download cannot reveal more than the screen.
//!
//! Fields are guarded against formula injection: a spreadsheet runs a field starting with `=`,
//! `+`, `-` or `@` (or a tab or carriage return, which some strip first) as a formula, and keys
//! such as organisation names come from users. Such fields get a leading `'`.

use std::io::{self, Write};

use crate::cell::Cell;
use crate::counts::Counts;
use crate::crosstab::Crosstab;
use crate::flows::Flows;
use crate::privacy::Release;
use crate::series::TimeSeries;

/// The first column's label on margin rows.
const TOTAL: &str = "total";

fn field(raw: &str) -> String {
    let guarded = match raw.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{raw}"),
        _ => raw.to_string(),
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn record<S: AsRef<str>>(out: &mut impl Write, fields: &[S]) -> io::Result<()> {
    let line: Vec<String> = fields.iter().map(|f| field(f.as_ref())).collect();
    // CRLF, as RFC 4180 asks and spreadsheets expect.
    write!(out, "{}\r\n", line.join(","))
}

fn labels(cells: &[Cell], k: u64) -> impl Iterator<Item = String> + '_ {
    cells.iter().map(move |c| c.label(k))
}

/// `dimension,measure` then one row per key and a `total` row.
pub fn write_counts(mut out: impl Write, counts: &Counts) -> io::Result<()> {
    record(
        &mut out,
        &[counts.dimension.as_str(), counts.measure.as_str()],
    )?;
    for row in &counts.rows {
        record(&mut out, &[row.key.clone(), row.cell.label(counts.k)])?;
    }
    record(&mut out, &[TOTAL.to_string(), counts.total.label(counts.k)])
}

/// The header's first field names both dimensions (`rows \ columns`); margins are the last
/// column and the last row.
pub fn write_crosstab(mut out: impl Write, table: &Crosstab) -> io::Result<()> {
    let corner = format!("{} \\ {}", table.row_dimension, table.column_dimension);
    let header: Vec<String> = std::iter::once(corner)
        .chain(table.columns.iter().cloned())
        .chain(std::iter::once(TOTAL.to_string()))
        .collect();
    record(&mut out, &header)?;
    for (i, key) in table.rows.iter().enumerate() {
        let cells = table.cells.get(i).map(Vec::as_slice).unwrap_or(&[]);
        let total = table
            .row_totals
            .get(i)
            .copied()
            .unwrap_or_else(Cell::hidden);
        let line: Vec<String> = std::iter::once(key.clone())
            .chain(labels(cells, table.k))
            .chain(std::iter::once(total.label(table.k)))
            .collect();
        record(&mut out, &line)?;
    }
    let last: Vec<String> = std::iter::once(TOTAL.to_string())
        .chain(labels(&table.column_totals, table.k))
        .chain(std::iter::once(table.total.label(table.k)))
        .collect();
    record(&mut out, &last)
}

/// Long format, one row per series and month: `month,<dimension>,<measure>,previous_year`.
pub fn write_timeseries(mut out: impl Write, ts: &TimeSeries) -> io::Result<()> {
    let by = ts.dimension.as_deref().unwrap_or("series");
    record(
        &mut out,
        &["month", by, ts.measure.as_str(), "previous_year"],
    )?;
    for series in &ts.series {
        for (i, month) in ts.months.iter().enumerate() {
            let value = series.values.get(i).copied().unwrap_or_else(Cell::hidden);
            let before = series
                .previous_year
                .get(i)
                .copied()
                .unwrap_or_else(Cell::hidden);
            record(
                &mut out,
                &[
                    month.to_string(),
                    series.key.clone(),
                    value.label(ts.k),
                    before.label(ts.k),
                ],
            )?;
        }
    }
    Ok(())
}

/// One row per link: `source_stage,source,target_stage,target,<measure>`.
pub fn write_flows(mut out: impl Write, flows: &Flows) -> io::Result<()> {
    record(
        &mut out,
        &[
            "source_stage",
            "source",
            "target_stage",
            "target",
            flows.measure.as_str(),
        ],
    )?;
    let node = |i: usize| {
        flows
            .nodes
            .get(i)
            .map(|n| (n.stage.as_str().to_string(), n.country.clone()))
            .unwrap_or_default()
    };
    for link in &flows.links {
        let (source_stage, source) = node(link.source);
        let (target_stage, target) = node(link.target);
        record(
            &mut out,
            &[
                source_stage,
                source,
                target_stage,
                target,
                link.cell.label(flows.k),
            ],
        )?;
    }
    Ok(())
}

/// The dimensions, then `count` (noisy when the release has an epsilon).
pub fn write_release(mut out: impl Write, release: &Release) -> io::Result<()> {
    let header: Vec<&str> = release
        .dims
        .iter()
        .map(String::as_str)
        .chain(std::iter::once("count"))
        .collect();
    record(&mut out, &header)?;
    for row in &release.rows {
        let line: Vec<String> = row
            .keys
            .iter()
            .cloned()
            .chain(std::iter::once(row.cell.label(release.k)))
            .collect();
        record(&mut out, &line)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_guards_fields() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+1"), "'+1");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("<11"), "<11");
        assert_eq!(field(""), "");
    }
}
