//! Statistics tables drawn: each becomes a chart whose marks link to the view filtered by what
//! they show, and a table with the same numbers, in the user's language.

use rastro_charts::{Bar, Line, SankeyLink, SankeyNode, Style, XTick};
use rastro_stats::{Counts, Crosstab, Dimension, Filter, Flows, Stage, TimeSeries};

use crate::html::{esc, link, table};
use crate::i18n::{number, t, Lang};
use crate::views::{cell_td, chart_value, dim_label, stage_label, value_label, View};

/// How many rows a bar chart shows; the table lists them all.
const MAX_BARS: usize = 15;
/// How many series a line chart draws.
const MAX_LINES: usize = 6;

/// The link to download a table of `kind` with `filter` and the given settings.
pub fn csv_link(kind: &str, filter: &Filter, settings: &[(&str, &str)]) -> String {
    let mut pairs = filter.to_pairs();
    pairs.extend(
        settings
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_string(), v.to_string())),
    );
    link(&format!("/export/{kind}.csv"), &pairs)
}

fn style<'a>(
    id: &'a str,
    title: &'a str,
    suppressed: &'a str,
    format: &'a dyn Fn(u64) -> String,
    height: f64,
) -> Style<'a> {
    Style {
        id_prefix: id,
        title,
        suppressed_label: suppressed,
        format,
        width: 640.0,
        height,
    }
}

/// A bar chart of one-way counts and its table; bars link to `path` filtered by their value.
pub fn counts(
    lang: Lang,
    view: &View,
    path: &str,
    id: &str,
    title: &str,
    counts: &Counts,
    dim: Dimension,
) -> (String, String) {
    let k = counts.k;
    let suppressed = format!("<{k}");
    let format = move |n: u64| number(lang, n);
    let bars: Vec<Bar> = counts
        .rows
        .iter()
        .take(MAX_BARS)
        .map(|row| Bar {
            key: row.key.clone(),
            label: value_label(lang, dim, &row.key),
            value: chart_value(&row.cell),
            href: view.drill(path, dim, &row.key),
        })
        .collect();
    let height = 40.0 + 26.0 * bars.len().max(1) as f64;
    let chart = rastro_charts::bar_chart(&bars, &style(id, title, &suppressed, &format, height));
    let mut rows: Vec<Vec<String>> = counts
        .rows
        .iter()
        .map(|row| {
            vec![
                esc(&value_label(lang, dim, &row.key)),
                cell_td(lang, &row.cell, k),
            ]
        })
        .collect();
    rows.push(vec![
        format!("<strong>{}</strong>", esc(t(lang, "total"))),
        cell_td(lang, &counts.total, k),
    ]);
    let headers = [
        dim_label(lang, dim).to_string(),
        t(lang, "count").to_string(),
    ];
    (chart, table(&format!("{id}-table"), &headers, &rows))
}

/// A line chart of a monthly series (with the same months a year earlier, dashed) and its table.
pub fn series(
    lang: Lang,
    view: &View,
    path: &str,
    id: &str,
    title: &str,
    series: &TimeSeries,
    dim: Option<Dimension>,
) -> (String, String) {
    let k = series.k;
    let suppressed = format!("<{k}");
    let format = move |n: u64| number(lang, n);
    let ticks: Vec<XTick> = series
        .months
        .iter()
        .map(|m| XTick {
            label: crate::i18n::month_tick(lang, m.year, m.month),
            href: view.drill(path, Dimension::Month, &m.to_string()),
        })
        .collect();
    let label_of = |key: &str| match dim {
        Some(d) => value_label(lang, d, key),
        None => t(lang, "total").to_string(),
    };
    let mut lines = Vec::new();
    for s in series.series.iter().take(MAX_LINES) {
        lines.push(Line {
            key: s.key.clone(),
            label: label_of(&s.key),
            points: s.values.iter().map(chart_value).collect(),
            dashed: false,
        });
    }
    if dim.is_none() {
        if let Some(s) = series.series.first() {
            lines.push(Line {
                key: format!("{}-previous", s.key),
                label: format!("{} ({})", label_of(&s.key), t(lang, "trends.previous")),
                points: s.previous_year.iter().map(chart_value).collect(),
                dashed: true,
            });
        }
    }
    let chart = rastro_charts::line_chart(
        &ticks,
        &lines,
        &style(id, title, &suppressed, &format, 320.0),
    );
    let mut headers = vec![t(lang, "dim.month").to_string()];
    for s in &series.series {
        headers.push(label_of(&s.key));
        headers.push(format!(
            "{} ({})",
            label_of(&s.key),
            t(lang, "trends.previous")
        ));
    }
    let rows: Vec<Vec<String>> = series
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut row = vec![esc(&crate::i18n::month(lang, m.year, m.month))];
            for s in &series.series {
                row.push(
                    s.values
                        .get(i)
                        .map_or_else(String::new, |c| cell_td(lang, c, k)),
                );
                row.push(
                    s.previous_year
                        .get(i)
                        .map_or_else(String::new, |c| cell_td(lang, c, k)),
                );
            }
            row
        })
        .collect();
    (chart, table(&format!("{id}-table"), &headers, &rows))
}

/// A two-way table; each cell links to the view filtered by both values.
pub fn crosstab(
    lang: Lang,
    view: &View,
    path: &str,
    id: &str,
    ct: &Crosstab,
    rows_dim: Dimension,
    cols_dim: Dimension,
) -> String {
    let k = ct.k;
    let mut headers = vec![format!(
        "{} \\ {}",
        dim_label(lang, rows_dim),
        dim_label(lang, cols_dim)
    )];
    headers.extend(ct.columns.iter().map(|c| value_label(lang, cols_dim, c)));
    headers.push(t(lang, "total").to_string());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (r, key) in ct.rows.iter().enumerate() {
        let mut row = vec![match view.drill(path, rows_dim, key) {
            Some(href) => format!(
                "<a href=\"{}\">{}</a>",
                esc(&href),
                esc(&value_label(lang, rows_dim, key))
            ),
            None => esc(&value_label(lang, rows_dim, key)),
        }];
        for c in 0..ct.columns.len() {
            row.push(
                ct.cells
                    .get(r)
                    .and_then(|cells| cells.get(c))
                    .map_or_else(String::new, |cell| cell_td(lang, cell, k)),
            );
        }
        row.push(
            ct.row_totals
                .get(r)
                .map_or_else(String::new, |c| cell_td(lang, c, k)),
        );
        rows.push(row);
    }
    let mut totals = vec![format!("<strong>{}</strong>", esc(t(lang, "total")))];
    totals.extend(ct.column_totals.iter().map(|c| cell_td(lang, c, k)));
    totals.push(cell_td(lang, &ct.total, k));
    rows.push(totals);
    table(id, &headers, &rows)
}

/// The Sankey diagram of routes and its table of links. Nodes are keyed by stage and country,
/// so a country that is both transit and destination is two nodes.
pub fn flows(
    lang: Lang,
    view: &View,
    path: &str,
    id: &str,
    title: &str,
    flows: &Flows,
) -> (String, String) {
    let k = flows.k;
    let suppressed = format!("<{k}");
    let format = move |n: u64| number(lang, n);
    let column = |stage: Stage| match stage {
        Stage::Origin => 0,
        Stage::Transit => 1,
        Stage::Destination | Stage::Exploitation => 2,
    };
    let node_label = |n: &rastro_stats::FlowNode| {
        if n.country == rastro_stats::OTHER {
            t(lang, "routes.other").to_string()
        } else {
            crate::views::country_name(lang, &n.country)
        }
    };
    let nodes: Vec<SankeyNode> = flows
        .nodes
        .iter()
        .map(|n| SankeyNode {
            key: format!("{}:{}", n.stage.as_str(), n.country),
            label: node_label(n),
            column: column(n.stage),
            href: view.drill(path, Dimension::Country(n.stage), &n.country),
        })
        .collect();
    let links: Vec<SankeyLink> = flows
        .links
        .iter()
        .map(|l| SankeyLink {
            source: l.source,
            target: l.target,
            value: chart_value(&l.cell),
        })
        .collect();
    let height = 120.0 + 28.0 * nodes.len().clamp(4, 40) as f64;
    let chart = match rastro_charts::sankey(
        &nodes,
        &links,
        &style(id, title, &suppressed, &format, height),
    ) {
        Ok(svg) => svg,
        Err(e) => {
            tracing::error!("routes could not be drawn: {e:?}");
            String::new()
        }
    };
    let headers = [
        t(lang, "stage.origin").to_string(),
        t(lang, "stage.destination").to_string(),
        t(lang, "count").to_string(),
    ];
    let rows: Vec<Vec<String>> = flows
        .links
        .iter()
        .filter_map(|l| {
            let from = flows.nodes.get(l.source)?;
            let to = flows.nodes.get(l.target)?;
            Some(vec![
                esc(&format!(
                    "{} ({})",
                    node_label(from),
                    stage_label(lang, from.stage)
                )),
                esc(&format!(
                    "{} ({})",
                    node_label(to),
                    stage_label(lang, to.stage)
                )),
                cell_td(lang, &l.cell, k),
            ])
        })
        .collect();
    (chart, table(&format!("{id}-table"), &headers, &rows))
}
