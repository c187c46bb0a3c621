//! Sankey diagram of flows from origin through transit to destination.

use std::collections::HashSet;

use crate::palette::{categorical, HATCH_INK, TEXT};
use crate::svg::{fit, num, tooltip, Frame, Svg, FONT_SIZE};
use crate::{ChartError, Style, Value};

/// One node: a country in one role, so the same country as transit and as destination is two
/// nodes with two keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SankeyNode {
    /// Unique key written to `data-key`, e.g. `transit:MX`.
    pub key: String,
    pub label: String,
    /// Column the node is drawn in: 0 origin, 1 transit, 2 destination. Only the order matters;
    /// unused column numbers leave no gap.
    pub column: usize,
    /// Where clicking the node leads; kept only if it starts with `/` or `?`.
    pub href: Option<String>,
}

/// A flow between two nodes, given by their indices in the node slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SankeyLink {
    pub source: usize,
    pub target: usize,
    pub value: Value,
}

const MARGIN: f64 = 8.0;
const NODE_WIDTH: f64 = 14.0;
const PADDING: f64 = 10.0;
const MIN_NODE: f64 = 3.0;
/// Width of a suppressed link: visible, but the same for every suppressed link, so that no count
/// can be read from it.
const SUPPRESSED_WIDTH: f64 = 4.0;
/// Share of the height that counted flows keep when there are too many nodes to fit: the chart
/// grows rather than squeezing them to nothing.
const FLOW_SHARE: f64 = 0.4;

/// A Sankey diagram of `links` between `nodes`.
///
/// Nodes stay in the column their `column` names and in the order given within it; each is as
/// tall as the larger of the flows into and out of it. Links are bands whose width is
/// proportional to the count, except suppressed links, which are hatched and have one small fixed
/// width; missing links are not drawn. Because every link must go to a later column, the diagram
/// cannot contain a cycle.
///
/// # Errors
///
/// [`ChartError::NodeOutOfRange`] when a link names a node that does not exist,
/// [`ChartError::LinkNotForward`] when a link goes to the same or an earlier column, and
/// [`ChartError::DuplicateNodeKey`] when two nodes share a key.
pub fn sankey(
    nodes: &[SankeyNode],
    links: &[SankeyLink],
    style: &Style,
) -> Result<String, ChartError> {
    check(nodes, links)?;
    let mut frame = Frame::new(style);

    let mut columns: Vec<usize> = nodes.iter().map(|n| n.column).collect();
    columns.sort_unstable();
    columns.dedup();
    let place: Vec<usize> = nodes
        .iter()
        .map(|n| columns.partition_point(|&c| c < n.column))
        .collect();

    let mut flow = vec![NodeFlow::default(); nodes.len()];
    for link in links {
        match link.value {
            Value::Count(n) => {
                flow[link.source].out_count += n as f64;
                flow[link.source].out_total = flow[link.source].out_total.saturating_add(n);
                flow[link.target].in_count += n as f64;
                flow[link.target].in_total = flow[link.target].in_total.saturating_add(n);
            }
            Value::Suppressed => {
                flow[link.source].out_suppressed += 1;
                flow[link.target].in_suppressed += 1;
            }
            Value::Missing => {}
        }
    }

    let padding = {
        let most = (0..columns.len())
            .map(|c| place.iter().filter(|&&p| p == c).count())
            .max()
            .unwrap_or(0);
        if most > 1 {
            PADDING.min((frame.height - 2.0 * MARGIN) * 0.3 / (most - 1) as f64)
        } else {
            PADDING
        }
    };
    let column_height = |k: f64, column: usize| -> f64 {
        let members = place.iter().zip(&flow).filter(|(&p, _)| p == column);
        let mut total = 0.0;
        let mut count = 0usize;
        for (_, f) in members {
            total += f.height(k);
            count += 1;
        }
        total + padding * count.saturating_sub(1) as f64
    };
    let tallest = |k: f64| {
        (0..columns.len())
            .map(|c| column_height(k, c))
            .fold(0.0, f64::max)
    };

    let mut available = frame.height - 2.0 * MARGIN;
    let fixed = tallest(0.0);
    if fixed > available * (1.0 - FLOW_SHARE) {
        available = fixed / (1.0 - FLOW_SHARE);
        frame.height = available + 2.0 * MARGIN;
    }
    let scale = flow_scale(&flow, available, &tallest);

    let heights: Vec<f64> = flow.iter().map(|f| f.height(scale)).collect();
    let mut tops = vec![0.0; nodes.len()];
    for column in 0..columns.len() {
        let mut y = MARGIN + (available - column_height(scale, column)) / 2.0;
        for (i, _) in place.iter().enumerate().filter(|(_, &p)| p == column) {
            tops[i] = y;
            y += heights[i] + padding;
        }
    }
    let gap = if columns.len() > 1 {
        (frame.width - 2.0 * MARGIN - NODE_WIDTH) / (columns.len() - 1) as f64
    } else {
        0.0
    };
    let lefts: Vec<f64> = place
        .iter()
        .map(|&p| {
            if columns.len() > 1 {
                MARGIN + p as f64 * gap
            } else {
                (frame.width - NODE_WIDTH) / 2.0
            }
        })
        .collect();

    let bands = stack_links(links, &flow, &tops, &heights, scale);

    let mut svg = Svg::new();
    frame.open(&mut svg, "chart-sankey", style);

    svg.open("g", &[("class", "links")]);
    for (link, band) in links.iter().zip(&bands) {
        let Some(band) = band else { continue };
        let (source, target) = (&nodes[link.source], &nodes[link.target]);
        let x0 = lefts[link.source] + NODE_WIDTH;
        let x1 = lefts[link.target];
        let d = band_path(x0, band.source_top, x1, band.target_top, band.width);
        let suppressed = link.value == Value::Suppressed;
        let hatch = frame.hatch();
        let colour = categorical(place[link.source]);
        let mut attrs = vec![
            (
                "class",
                if suppressed {
                    "link suppressed"
                } else {
                    "link"
                },
            ),
            ("data-source", source.key.as_str()),
            ("data-target", target.key.as_str()),
            ("d", d.as_str()),
        ];
        if suppressed {
            attrs.extend([
                ("fill", hatch.as_str()),
                ("stroke", HATCH_INK),
                ("stroke-width", "0.5"),
            ]);
        } else {
            attrs.extend([("fill", colour), ("fill-opacity", "0.4")]);
        }
        svg.open("path", &attrs);
        svg.title(&tooltip(
            &format!("{} → {}", source.label, target.label),
            &link.value,
            style,
        ));
        svg.close();
    }
    svg.close();

    svg.open("g", &[("class", "nodes")]);
    let last = columns.len().saturating_sub(1);
    for (i, node) in nodes.iter().enumerate() {
        let f = &flow[i];
        svg.open("g", &[("class", "node")]);
        let linked = svg.open_link(node.href.as_deref());
        // The key goes on the rectangle rather than the group: clicking the group's centre could
        // land between the rectangle and its label, where no link is.
        svg.open(
            "rect",
            &[
                ("class", "mark"),
                ("data-key", &node.key),
                ("x", &num(lefts[i])),
                ("y", &num(tops[i])),
                ("width", &num(NODE_WIDTH)),
                ("height", &num(heights[i])),
                ("fill", categorical(place[i])),
            ],
        );
        // A total that includes suppressed links is unknown; printing the known part alone
        // would understate it.
        if f.in_suppressed == 0 && f.out_suppressed == 0 {
            let total = Value::Count(f.in_total.max(f.out_total));
            svg.title(&tooltip(&node.label, &total, style));
        } else {
            svg.title(&node.label);
        }
        svg.close();
        let (x, anchor) = if place[i] == last && last > 0 {
            (lefts[i] - 6.0, "end")
        } else {
            (lefts[i] + NODE_WIDTH + 6.0, "start")
        };
        let room = if last > 0 {
            gap - NODE_WIDTH - 12.0
        } else {
            frame.width / 2.0
        };
        svg.text(
            "text",
            &[
                ("class", "label"),
                ("x", &num(x)),
                ("y", &num(tops[i] + heights[i] / 2.0)),
                ("dy", "0.35em"),
                ("text-anchor", anchor),
                ("fill", TEXT),
                ("stroke", "#FFFFFF"),
                ("stroke-width", "3"),
                ("stroke-linejoin", "round"),
                ("paint-order", "stroke"),
            ],
            &fit(&node.label, room, FONT_SIZE),
        );
        if linked {
            svg.close();
        }
        svg.close();
    }
    svg.close();
    Ok(svg.finish())
}

fn check(nodes: &[SankeyNode], links: &[SankeyLink]) -> Result<(), ChartError> {
    let mut keys = HashSet::with_capacity(nodes.len());
    for node in nodes {
        if !keys.insert(node.key.as_str()) {
            return Err(ChartError::DuplicateNodeKey {
                key: node.key.clone(),
            });
        }
    }
    for (i, link) in links.iter().enumerate() {
        for index in [link.source, link.target] {
            if index >= nodes.len() {
                return Err(ChartError::NodeOutOfRange {
                    link: i,
                    index,
                    nodes: nodes.len(),
                });
            }
        }
        let (from, to) = (nodes[link.source].column, nodes[link.target].column);
        if from >= to {
            return Err(ChartError::LinkNotForward {
                link: i,
                from_column: from,
                to_column: to,
            });
        }
    }
    Ok(())
}

/// Flow through one node. Counts are kept as `f64` for layout and as saturating `u64` for the
/// tooltip, whose number must be exact.
#[derive(Debug, Clone, Default)]
struct NodeFlow {
    in_count: f64,
    out_count: f64,
    in_total: u64,
    out_total: u64,
    in_suppressed: usize,
    out_suppressed: usize,
}

impl NodeFlow {
    fn inflow(&self, scale: f64) -> f64 {
        self.in_count * scale + self.in_suppressed as f64 * SUPPRESSED_WIDTH
    }

    fn outflow(&self, scale: f64) -> f64 {
        self.out_count * scale + self.out_suppressed as f64 * SUPPRESSED_WIDTH
    }

    fn height(&self, scale: f64) -> f64 {
        self.inflow(scale).max(self.outflow(scale)).max(MIN_NODE)
    }
}

/// Units of height per counted person: the largest that lets the tallest column fit.
///
/// Column height grows monotonically with the scale, so bisection finds it; the fixed parts
/// (suppressed widths, minimum heights, padding) rule out a closed form.
fn flow_scale(flow: &[NodeFlow], available: f64, tallest: &dyn Fn(f64) -> f64) -> f64 {
    let largest = flow
        .iter()
        .map(|f| f.in_count.max(f.out_count))
        .fold(0.0, f64::max);
    if largest <= 0.0 {
        return 0.0;
    }
    let mut high = available / largest;
    if tallest(high) <= available {
        return high;
    }
    let mut low = 0.0;
    for _ in 0..60 {
        let middle = (low + high) / 2.0;
        if tallest(middle) <= available {
            low = middle;
        } else {
            high = middle;
        }
    }
    low
}

/// Where one link leaves its source and enters its target.
#[derive(Debug, Clone, PartialEq)]
struct Band {
    source_top: f64,
    target_top: f64,
    width: f64,
}

/// Stacks each node's links along its side, ordered by the position of the node at the other
/// end so that bands cross as little as the node order allows; a node's flows are centred on it
/// when the other side is larger.
fn stack_links(
    links: &[SankeyLink],
    flow: &[NodeFlow],
    tops: &[f64],
    heights: &[f64],
    scale: f64,
) -> Vec<Option<Band>> {
    let width = |value: &Value| match value {
        Value::Count(n) => Some(*n as f64 * scale),
        Value::Suppressed => Some(SUPPRESSED_WIDTH),
        Value::Missing => None,
    };
    let centre = |node: usize| tops[node] + heights[node] / 2.0;

    let mut order: Vec<usize> = (0..links.len())
        .filter(|&i| width(&links[i].value).is_some())
        .collect();
    let mut source_tops = vec![0.0; links.len()];
    let mut target_tops = vec![0.0; links.len()];

    order.sort_by(|&a, &b| centre(links[a].target).total_cmp(&centre(links[b].target)));
    let mut next: Vec<f64> = (0..flow.len())
        .map(|n| tops[n] + (heights[n] - flow[n].outflow(scale)) / 2.0)
        .collect();
    for &i in &order {
        let source = links[i].source;
        source_tops[i] = next[source];
        next[source] += width(&links[i].value).unwrap_or(0.0);
    }

    order.sort_by(|&a, &b| centre(links[a].source).total_cmp(&centre(links[b].source)));
    let mut next: Vec<f64> = (0..flow.len())
        .map(|n| tops[n] + (heights[n] - flow[n].inflow(scale)) / 2.0)
        .collect();
    for &i in &order {
        let target = links[i].target;
        target_tops[i] = next[target];
        next[target] += width(&links[i].value).unwrap_or(0.0);
    }

    links
        .iter()
        .enumerate()
        .map(|(i, link)| {
            width(&link.value).map(|width| Band {
                source_top: source_tops[i],
                target_top: target_tops[i],
                width,
            })
        })
        .collect()
}

/// A band of constant `width` from `(x0, y0)` to `(x1, y1)` (its top edge), both edges cubic
/// Béziers with horizontal tangents at the nodes.
fn band_path(x0: f64, y0: f64, x1: f64, y1: f64, width: f64) -> String {
    let xm = num((x0 + x1) / 2.0);
    let (x0, x1) = (num(x0), num(x1));
    let (b0, b1) = (num(y0 + width), num(y1 + width));
    let (y0, y1) = (num(y0), num(y1));
    format!("M{x0} {y0} C{xm} {y0} {xm} {y1} {x1} {y1} L{x1} {b1} C{xm} {b1} {xm} {b0} {x0} {b0} Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(in_count: f64, out_count: f64, suppressed: usize) -> NodeFlow {
        NodeFlow {
            in_count,
            out_count,
            in_suppressed: suppressed,
            ..NodeFlow::default()
        }
    }

    #[test]
    fn node_height_is_the_larger_side() {
        let f = flow(10.0, 30.0, 1);
        assert_eq!(f.height(2.0), 60.0);
        assert_eq!(
            flow(10.0, 0.0, 2).height(1.0),
            10.0 + 2.0 * SUPPRESSED_WIDTH
        );
        assert_eq!(NodeFlow::default().height(5.0), MIN_NODE);
    }

    #[test]
    fn scale_fills_but_never_overflows() {
        let flows = [flow(0.0, 100.0, 0), flow(100.0, 0.0, 0)];
        let tallest = |k: f64| 100.0 * k + 2.0;
        let k = flow_scale(&flows, 202.0, &tallest);
        assert!(tallest(k) <= 202.0);
        assert!(tallest(k) > 201.9, "{k}");
        assert_eq!(flow_scale(&[flow(0.0, 0.0, 3)], 100.0, &tallest), 0.0);
    }

    #[test]
    fn bands_are_closed_shapes() {
        let d = band_path(0.0, 10.0, 100.0, 40.0, 5.0);
        assert_eq!(d, "M0 10 C50 10 50 40 100 40 L100 45 C50 45 50 15 0 15 Z");
    }
}
