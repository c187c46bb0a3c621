//! Line chart over time slots (months), with last year's lines dashed.

use crate::legend::{Layout, LegendItem, Swatch};
use crate::palette::{categorical, AXIS, GRID};
use crate::scale::{position, ticks};
use crate::svg::{fit, num, text_width, value_text, Frame, Svg, FONT_SIZE};
use crate::{Style, Value};

/// One series of a line chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Written to `data-key` on the series' group.
    pub key: String,
    pub label: String,
    /// One value per x slot; a series shorter than the axis simply ends early.
    pub points: Vec<Value>,
    /// Drawn dashed: the same period a year earlier.
    pub dashed: bool,
}

/// One slot of the x axis (a month, say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XTick {
    pub label: String,
    /// Where clicking anywhere in the slot leads; kept only if it starts with `/` or `?`.
    pub href: Option<String>,
}

const MAX_X_LABELS: usize = 12;
const MARGIN: f64 = 8.0;
const BOTTOM: f64 = 26.0;
const MIN_PLOT: f64 = 40.0;
const MARKER: f64 = 8.0;

/// A line chart of `lines` over the slots in `x`.
///
/// Suppressed and missing points break the line rather than being bridged, since a line through
/// them would suggest a value; a suppressed point gets a hatched marker on the baseline with the
/// suppressed label as its tooltip. At most twelve x labels are written, evenly spaced, but every
/// slot is a link of its own through an invisible rectangle covering its full height.
///
/// Colours pair lines: the k-th solid line and the k-th dashed line share a colour, so "this year"
/// and "a year earlier" of one series match whichever order the caller lists them in.
pub fn line_chart(x: &[XTick], lines: &[Line], style: &Style) -> String {
    let mut frame = Frame::new(style);
    let slots = lines
        .iter()
        .map(|l| l.points.len())
        .fold(x.len(), usize::max);
    let colours = line_colours(lines);
    let any_suppressed = lines.iter().any(|l| l.points.contains(&Value::Suppressed));

    let mut legend_items: Vec<LegendItem> = lines
        .iter()
        .zip(&colours)
        .map(|(line, colour)| LegendItem {
            label: line.label.clone(),
            swatch: Swatch::Line {
                colour: (*colour).to_owned(),
                dashed: line.dashed,
            },
        })
        .collect();
    if any_suppressed {
        legend_items.push(LegendItem {
            label: style.suppressed_label.to_owned(),
            swatch: Swatch::Suppressed,
        });
    }
    let legend = Layout::new("", &legend_items, frame.width - 2.0 * MARGIN);
    let top = MARGIN + legend.height + MARGIN;

    let max = lines
        .iter()
        .flat_map(|l| &l.points)
        .filter_map(|v| match v {
            Value::Count(n) => Some(*n),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let mut plot_height = frame.height - top - BOTTOM;
    if plot_height < MIN_PLOT {
        plot_height = MIN_PLOT;
        frame.height = top + plot_height + BOTTOM;
    }
    let tick_values = ticks(max, (plot_height / 50.0).clamp(2.0, 6.0) as usize);
    let top_tick = tick_values.last().copied().unwrap_or(1);
    let tick_labels: Vec<String> = tick_values.iter().map(|&t| (style.format)(t)).collect();
    let left = tick_labels
        .iter()
        .map(|t| text_width(t, FONT_SIZE))
        .fold(0.0, f64::max)
        + 2.0 * MARGIN;
    let plot_width = (frame.width - left - MARGIN).max(1.0);
    let bottom = top + plot_height;
    let slot_width = plot_width / slots.max(1) as f64;
    let x_of = |i: usize| left + (i as f64 + 0.5) * slot_width;
    let y_of = |n: u64| bottom - position(n, top_tick, plot_height);

    let mut svg = Svg::new();
    frame.open(&mut svg, "chart-lines", style);
    legend.draw(&mut svg, &frame, "", &legend_items, (MARGIN, MARGIN));

    svg.open("g", &[("class", "axis")]);
    for (&t, label) in tick_values.iter().zip(&tick_labels) {
        let y = num(y_of(t));
        svg.leaf(
            "line",
            &[
                ("x1", &num(left)),
                ("y1", &y),
                ("x2", &num(left + plot_width)),
                ("y2", &y),
                ("stroke", GRID),
            ],
        );
        svg.text(
            "text",
            &[
                ("x", &num(left - 6.0)),
                ("y", &y),
                ("dy", "0.35em"),
                ("text-anchor", "end"),
                ("fill", AXIS),
            ],
            label,
        );
    }
    svg.leaf(
        "line",
        &[
            ("x1", &num(left)),
            ("y1", &num(bottom)),
            ("x2", &num(left + plot_width)),
            ("y2", &num(bottom)),
            ("stroke", AXIS),
        ],
    );
    svg.close();

    // Slots go under the lines so the whole column, labels included, is one click target.
    svg.open("g", &[("class", "slots")]);
    for i in 0..slots {
        let tick = x.get(i);
        svg.open("g", &[("class", "slot"), ("data-slot", &i.to_string())]);
        svg.title(&slot_tooltip(tick, lines, i, style));
        let linked = svg.open_link(tick.and_then(|t| t.href.as_deref()));
        svg.leaf(
            "rect",
            &[
                ("x", &num(left + i as f64 * slot_width)),
                ("y", &num(top)),
                ("width", &num(slot_width)),
                ("height", &num(plot_height + BOTTOM)),
                ("fill", "#FFFFFF"),
                ("fill-opacity", "0"),
                ("pointer-events", "all"),
            ],
        );
        if linked {
            svg.close();
        }
        svg.close();
    }
    svg.close();

    svg.open("g", &[("class", "x-labels"), ("pointer-events", "none")]);
    let every = slots.div_ceil(MAX_X_LABELS).max(1);
    for (i, tick) in x.iter().enumerate().step_by(every) {
        svg.text(
            "text",
            &[
                ("x", &num(x_of(i))),
                ("y", &num(bottom + 16.0)),
                ("text-anchor", "middle"),
                ("fill", AXIS),
            ],
            &fit(&tick.label, slot_width * every as f64 - 4.0, FONT_SIZE),
        );
    }
    svg.close();

    let mut suppressed_here = vec![0usize; slots];
    for (line, colour) in lines.iter().zip(&colours) {
        svg.open("g", &[("class", "series"), ("data-key", &line.key)]);
        let d = path_data(&line.points, &x_of, &y_of);
        if !d.is_empty() {
            let mut attrs = vec![
                ("class", "line"),
                ("d", d.as_str()),
                ("fill", "none"),
                ("stroke", *colour),
                ("stroke-width", "2"),
                ("stroke-linejoin", "round"),
                ("pointer-events", "none"),
            ];
            if line.dashed {
                attrs.push(("stroke-dasharray", crate::palette::DASH));
            }
            svg.leaf("path", &attrs);
        }
        for (i, value) in line.points.iter().enumerate() {
            let tick = x.get(i);
            let tip = point_tooltip(line, tick, value, style);
            match value {
                Value::Count(n) => {
                    let linked = svg.open_link(tick.and_then(|t| t.href.as_deref()));
                    svg.open(
                        "circle",
                        &[
                            ("class", "point"),
                            ("cx", &num(x_of(i))),
                            ("cy", &num(y_of(*n))),
                            ("r", "3"),
                            ("fill", colour),
                        ],
                    );
                    svg.title(&tip);
                    svg.close();
                    if linked {
                        svg.close();
                    }
                }
                Value::Suppressed => {
                    // Markers of several lines suppressed in one slot stack instead of hiding
                    // each other.
                    let stack = suppressed_here.get(i).copied().unwrap_or(0);
                    if let Some(count) = suppressed_here.get_mut(i) {
                        *count += 1;
                    }
                    let y = bottom - MARKER - 1.0 - stack as f64 * (MARKER + 2.0);
                    let linked = svg.open_link(tick.and_then(|t| t.href.as_deref()));
                    svg.open(
                        "rect",
                        &[
                            ("class", "point suppressed"),
                            ("x", &num(x_of(i) - MARKER / 2.0)),
                            ("y", &num(y)),
                            ("width", &num(MARKER)),
                            ("height", &num(MARKER)),
                            ("fill", &frame.hatch()),
                            ("stroke", colour),
                        ],
                    );
                    svg.title(&tip);
                    svg.close();
                    if linked {
                        svg.close();
                    }
                }
                Value::Missing => {}
            }
        }
        svg.close();
    }
    svg.finish()
}

fn line_colours(lines: &[Line]) -> Vec<&'static str> {
    let mut solid = 0;
    let mut dashed = 0;
    lines
        .iter()
        .map(|line| {
            let counter = if line.dashed { &mut dashed } else { &mut solid };
            let colour = categorical(*counter);
            *counter += 1;
            colour
        })
        .collect()
}

/// Path data for the runs of counts in `points`; a run of a single count has no segment to draw
/// (its marker shows it).
fn path_data(points: &[Value], x_of: &dyn Fn(usize) -> f64, y_of: &dyn Fn(u64) -> f64) -> String {
    let mut d = String::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    for (i, value) in points.iter().enumerate() {
        match value {
            Value::Count(n) => run.push((x_of(i), y_of(*n))),
            Value::Suppressed | Value::Missing => flush_run(&mut run, &mut d),
        }
    }
    flush_run(&mut run, &mut d);
    d
}

fn flush_run(run: &mut Vec<(f64, f64)>, d: &mut String) {
    if run.len() >= 2 {
        for (j, (x, y)) in run.iter().enumerate() {
            if !d.is_empty() {
                d.push(' ');
            }
            d.push(if j == 0 { 'M' } else { 'L' });
            d.push_str(&num(*x));
            d.push(' ');
            d.push_str(&num(*y));
        }
    }
    run.clear();
}

fn point_tooltip(line: &Line, tick: Option<&XTick>, value: &Value, style: &Style) -> String {
    match tick {
        Some(tick) => format!(
            "{} · {}: {}",
            line.label,
            tick.label,
            value_text(value, style)
        ),
        None => format!("{}: {}", line.label, value_text(value, style)),
    }
}

/// The slot's label and every line's value there, one per row of the tooltip.
fn slot_tooltip(tick: Option<&XTick>, lines: &[Line], slot: usize, style: &Style) -> String {
    let mut out = tick.map(|t| t.label.clone()).unwrap_or_default();
    for line in lines {
        if let Some(value) = line.points.get(slot) {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&line.label);
            out.push_str(": ");
            out.push_str(&value_text(value, style));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_split_the_path() {
        let x_of = |i: usize| i as f64 * 10.0;
        let y_of = |n: u64| n as f64;
        let d = path_data(
            &[
                Value::Count(1),
                Value::Count(2),
                Value::Suppressed,
                Value::Count(4),
                Value::Count(5),
            ],
            &x_of,
            &y_of,
        );
        assert_eq!(d, "M0 1 L10 2 M30 4 L40 5");
        let lonely = path_data(
            &[Value::Count(1), Value::Missing, Value::Count(3)],
            &x_of,
            &y_of,
        );
        assert_eq!(lonely, "");
    }

    #[test]
    fn kth_dashed_line_takes_kth_solid_colour() {
        let line = |dashed| Line {
            key: String::new(),
            label: String::new(),
            points: Vec::new(),
            dashed,
        };
        let colours = line_colours(&[line(false), line(false), line(true), line(true)]);
        assert_eq!(colours[0], colours[2]);
        assert_eq!(colours[1], colours[3]);
        assert_ne!(colours[0], colours[1]);
    }
}
