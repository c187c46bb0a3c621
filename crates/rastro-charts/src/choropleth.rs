//! Map of regions coloured by count, with flows drawn over it as curved arrows.

use crate::legend::{Layout, LegendItem, Swatch};
use crate::palette::{categorical, sequential, MISSING_FILL};
use crate::scale::Bins;
use crate::svg::{hatch_pattern, num, tooltip, value_text, Frame, Svg};
use crate::{Style, Value};

/// One region of the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// ISO 3166-1 alpha-2 code, written to `data-key`.
    pub key: String,
    pub name: String,
    /// SVG path data, already projected into the map's `view_box`.
    pub path: String,
    pub value: Value,
    /// Where clicking the region leads; kept only if it starts with `/` or `?`.
    pub href: Option<String>,
}

/// A flow between two points of the map, such as the route from an origin to a destination.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowLine {
    /// Start, in the map's `view_box` units.
    pub from: (f64, f64),
    /// End, in the map's `view_box` units.
    pub to: (f64, f64),
    pub value: Value,
    pub label: String,
}

const MAX_BINS: usize = 7;
const MARGIN: f64 = 8.0;
/// Widest and narrowest flow stroke, in chart units (not map units).
const FLOW_MAX: f64 = 9.0;
const FLOW_MIN: f64 = 1.5;
const SUPPRESSED_FLOW: f64 = 1.5;
/// How far a flow bends sideways, as a share of its length; enough that flows in opposite
/// directions between two countries do not cover each other.
const BEND: f64 = 0.2;
const FLOW_GREY: &str = "#8C8C8C";

/// A choropleth of `regions` with `flows` drawn over it and a legend underneath.
///
/// `view_box` is the width and height of the coordinate space the paths and flows were projected
/// into (origin at 0,0); the map is scaled to fit the chart, keeping its proportions. Counts are
/// coloured in up to seven quantile bins over the counts shown, so the skew of case counts does
/// not wash out every small country; the legend gives each bin's range through `style.format`.
/// Regions without data are light grey and suppressed ones hatched, each with its own legend
/// entry when present.
///
/// Flow widths grow with the square root of the count, so that area rather than width tracks
/// the number; suppressed flows are thin dashed grey lines, and missing ones are not drawn.
pub fn choropleth(
    regions: &[Region],
    flows: &[FlowLine],
    view_box: (f64, f64),
    legend_title: &str,
    style: &Style,
) -> String {
    let frame = Frame::new(style);
    let counts: Vec<u64> = regions.iter().filter_map(|r| count(&r.value)).collect();
    let bins = Bins::quantile(&counts, MAX_BINS);

    let mut items: Vec<LegendItem> = bins
        .ranges
        .iter()
        .enumerate()
        .map(|(i, &(low, high))| LegendItem {
            label: if low == high {
                (style.format)(low)
            } else {
                format!("{}–{}", (style.format)(low), (style.format)(high))
            },
            swatch: Swatch::Fill(sequential(i, bins.len()).to_owned()),
        })
        .collect();
    if regions.iter().any(|r| r.value == Value::Suppressed) {
        items.push(LegendItem {
            label: style.suppressed_label.to_owned(),
            swatch: Swatch::Suppressed,
        });
    }
    if regions.iter().any(|r| r.value == Value::Missing) {
        items.push(LegendItem {
            label: value_text(&Value::Missing, style),
            swatch: Swatch::Missing,
        });
    }
    let legend = Layout::new(legend_title, &items, frame.width - 2.0 * MARGIN);

    let map_width = frame.width - 2.0 * MARGIN;
    let map_height = (frame.height - legend.height - 3.0 * MARGIN).max(1.0);
    let (vw, vh) = view_box;
    let (vw, vh) = if vw.is_finite() && vh.is_finite() && vw > 0.0 && vh > 0.0 {
        (vw, vh)
    } else {
        (map_width, map_height)
    };
    let scale = (map_width / vw).min(map_height / vh);
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let dx = MARGIN + (map_width - vw * scale) / 2.0;
    let dy = MARGIN + (map_height - vh * scale) / 2.0;
    // Strokes and patterns inside the map are in map units; dividing by the scale keeps them the
    // same size on screen whatever the projection's units.
    let unit = 1.0 / scale;

    let mut svg = Svg::new();
    frame.open(&mut svg, "chart-map", style);
    let map_hatch = frame.id("hatch-map");
    let arrow = frame.id("arrow");
    let arrow_suppressed = frame.id("arrow-suppressed");
    svg.open("defs", &[]);
    hatch_pattern(&mut svg, &map_hatch, unit);
    arrowhead(&mut svg, &arrow, categorical(3));
    arrowhead(&mut svg, &arrow_suppressed, FLOW_GREY);
    svg.close();

    svg.open(
        "g",
        &[
            ("class", "map"),
            (
                "transform",
                &format!(
                    "translate({} {}) scale({})",
                    num(dx),
                    num(dy),
                    num_fine(scale)
                ),
            ),
        ],
    );
    svg.open("g", &[("class", "regions")]);
    let border = num_fine(0.75 * unit);
    let map_hatch_url = format!("url(#{map_hatch})");
    for region in regions {
        let fill = match region.value {
            Value::Count(n) => sequential(bins.index(n), bins.len()),
            Value::Suppressed => map_hatch_url.as_str(),
            Value::Missing => MISSING_FILL,
        };
        let linked = svg.open_link(region.href.as_deref());
        svg.open(
            "path",
            &[
                ("class", "region"),
                ("data-key", &region.key),
                ("d", &region.path),
                ("fill", fill),
                ("stroke", "#FFFFFF"),
                ("stroke-width", &border),
                ("stroke-linejoin", "round"),
            ],
        );
        svg.title(&tooltip(&region.name, &region.value, style));
        svg.close();
        if linked {
            svg.close();
        }
    }
    svg.close();

    draw_flows(&mut svg, flows, unit, &arrow, &arrow_suppressed, style);
    svg.close();

    legend.draw(
        &mut svg,
        &frame,
        legend_title,
        &items,
        (MARGIN, frame.height - legend.height - MARGIN),
    );
    svg.finish()
}

fn count(value: &Value) -> Option<u64> {
    match value {
        Value::Count(n) => Some(*n),
        _ => None,
    }
}

/// Like [`num`] but with more decimals, for map units that may be tiny (degrees, say).
fn num_fine(x: f64) -> String {
    if !x.is_finite() {
        return "0".to_owned();
    }
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

fn arrowhead(svg: &mut Svg, id: &str, colour: &str) {
    // Sized in stroke widths, so a wide flow gets a proportionally wide head.
    svg.open(
        "marker",
        &[
            ("id", id),
            ("viewBox", "0 0 10 10"),
            ("refX", "6"),
            ("refY", "5"),
            ("markerWidth", "3.5"),
            ("markerHeight", "3.5"),
            ("orient", "auto"),
            ("markerUnits", "strokeWidth"),
        ],
    );
    svg.leaf("path", &[("d", "M0 0 L10 5 L0 10 Z"), ("fill", colour)]);
    svg.close();
}

struct Flow<'a> {
    flow: &'a FlowLine,
    /// Stroke width in chart units.
    width: f64,
}

fn draw_flows(
    svg: &mut Svg,
    flows: &[FlowLine],
    unit: f64,
    arrow: &str,
    arrow_suppressed: &str,
    style: &Style,
) {
    let max = flows
        .iter()
        .filter_map(|f| count(&f.value))
        .max()
        .unwrap_or(0);
    let mut drawn: Vec<Flow> = flows
        .iter()
        .filter_map(|flow| {
            let width = match flow.value {
                Value::Count(0) | Value::Missing => return None,
                Value::Count(n) => (FLOW_MAX * (n as f64 / max.max(1) as f64).sqrt()).max(FLOW_MIN),
                Value::Suppressed => SUPPRESSED_FLOW,
            };
            Some(Flow { flow, width })
        })
        .collect();
    // Wide flows first, so narrow ones stay visible on top of them.
    drawn.sort_by(|a, b| b.width.total_cmp(&a.width));

    let flow_colour = categorical(3);
    svg.open("g", &[("class", "flows")]);
    for Flow { flow, width } in drawn {
        let Some(d) = curve(flow.from, flow.to) else {
            continue;
        };
        let suppressed = flow.value == Value::Suppressed;
        let marker = format!(
            "url(#{})",
            if suppressed { arrow_suppressed } else { arrow }
        );
        let stroke_width = num_fine(width * unit);
        let dash = format!("{} {}", num_fine(4.0 * unit), num_fine(3.0 * unit));
        let mut attrs = vec![
            (
                "class",
                if suppressed {
                    "flow suppressed"
                } else {
                    "flow"
                },
            ),
            ("d", d.as_str()),
            ("fill", "none"),
            ("stroke", if suppressed { FLOW_GREY } else { flow_colour }),
            ("stroke-width", stroke_width.as_str()),
            ("stroke-linecap", "round"),
            ("stroke-opacity", "0.85"),
            ("marker-end", marker.as_str()),
        ];
        if suppressed {
            attrs.push(("stroke-dasharray", dash.as_str()));
        }
        svg.open("path", &attrs);
        svg.title(&tooltip(&flow.label, &flow.value, style));
        svg.close();
    }
    svg.close();
}

/// A quadratic Bézier from `from` to `to`, bent to the left of the direction of travel; `None`
/// when the ends are not finite or coincide, since no direction can be drawn then.
fn curve(from: (f64, f64), to: (f64, f64)) -> Option<String> {
    let (x0, y0) = from;
    let (x1, y1) = to;
    if ![x0, y0, x1, y1].iter().all(|v| v.is_finite()) {
        return None;
    }
    let (dx, dy) = (x1 - x0, y1 - y0);
    let length = dx.hypot(dy);
    if length == 0.0 || !length.is_finite() {
        return None;
    }
    let cx = (x0 + x1) / 2.0 + dy * BEND;
    let cy = (y0 + y1) / 2.0 - dx * BEND;
    Some(format!(
        "M{} {} Q{} {} {} {}",
        num_fine(x0),
        num_fine(y0),
        num_fine(cx),
        num_fine(cy),
        num_fine(x1),
        num_fine(y1)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curves_bend_and_refuse_degenerate_flows() {
        assert_eq!(
            curve((0.0, 0.0), (10.0, 0.0)).as_deref(),
            Some("M0 0 Q5 -2 10 0")
        );
        assert_eq!(curve((1.0, 1.0), (1.0, 1.0)), None);
        assert_eq!(curve((f64::NAN, 1.0), (1.0, 2.0)), None);
    }

    #[test]
    fn fine_numbers_keep_small_map_units() {
        assert_eq!(num_fine(0.0125), "0.0125");
        assert_eq!(num_fine(3.0), "3");
        assert_eq!(num_fine(-0.0000001), "0");
        assert_eq!(num_fine(f64::NAN), "0");
    }
}
