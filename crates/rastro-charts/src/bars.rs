//! Horizontal bar chart: one row per category, labels on the left, values at the end of the bar.

use crate::palette::{categorical, AXIS, GRID, TEXT};
use crate::scale::{position, ticks};
use crate::svg::{fit, num, text_width, tooltip, value_text, Frame, Svg, FONT_SIZE};
use crate::{Style, Value};

/// One row of a bar chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// Written to `data-key`, e.g. a country code.
    pub key: String,
    pub label: String,
    pub value: Value,
    /// Where clicking the row leads (a filter of the page); kept only if it starts with `/` or `?`.
    pub href: Option<String>,
}

const TOP: f64 = 8.0;
const AXIS_BAND: f64 = 22.0;
const MIN_ROW: f64 = 16.0;
const MAX_THICKNESS: f64 = 30.0;
/// Length of a suppressed bar: long enough to show its hatch, short enough that nobody reads a
/// count into it.
pub(crate) const SUPPRESSED_LENGTH: f64 = 8.0;

/// A horizontal bar chart of `bars`, in the order given.
///
/// The height is `style.height` unless the rows would be thinner than 16 units, in which case the
/// chart grows so every label stays legible.
pub fn bar_chart(bars: &[Bar], style: &Style) -> String {
    let mut frame = Frame::new(style);
    let value_texts: Vec<String> = bars.iter().map(|b| value_text(&b.value, style)).collect();
    let max = bars
        .iter()
        .filter_map(|b| match b.value {
            Value::Count(n) => Some(n),
            _ => None,
        })
        .max()
        .unwrap_or(0);

    let widest_value = value_texts
        .iter()
        .map(|t| text_width(t, FONT_SIZE))
        .fold(0.0, f64::max);
    let right = (widest_value + 10.0).max(16.0);
    let widest_label = bars
        .iter()
        .map(|b| text_width(&b.label, FONT_SIZE))
        .fold(0.0, f64::max);
    let mut left = (widest_label + 12.0).clamp(24.0, frame.width * 0.4);
    if frame.width - left - right < 40.0 {
        left = (frame.width - right - 40.0).max(8.0);
    }
    let plot_width = (frame.width - left - right).max(1.0);

    let rows = bars.len().max(1) as f64;
    let mut row = (frame.height - TOP - AXIS_BAND) / rows;
    if row < MIN_ROW {
        row = MIN_ROW;
        frame.height = TOP + AXIS_BAND + row * rows;
    }
    let thickness = (row * 0.72).min(MAX_THICKNESS);
    let plot_bottom = TOP + row * bars.len() as f64;

    let tick_values = ticks(max, (plot_width / 90.0).clamp(2.0, 8.0) as usize);
    let top_tick = tick_values.last().copied().unwrap_or(1);
    let x_of = |n: u64| left + position(n, top_tick, plot_width);

    let mut svg = Svg::new();
    frame.open(&mut svg, "chart-bars", style);

    svg.open("g", &[("class", "axis")]);
    for &t in &tick_values {
        let x = num(x_of(t));
        svg.leaf(
            "line",
            &[
                ("x1", &x),
                ("y1", &num(TOP)),
                ("x2", &x),
                ("y2", &num(plot_bottom)),
                ("stroke", GRID),
            ],
        );
        svg.text(
            "text",
            &[
                ("x", &x),
                ("y", &num(plot_bottom + 15.0)),
                ("text-anchor", "middle"),
                ("fill", AXIS),
            ],
            &(style.format)(t),
        );
    }
    svg.close();

    let colour = categorical(0);
    for (i, (bar, shown)) in bars.iter().zip(&value_texts).enumerate() {
        let row_top = TOP + row * i as f64;
        let middle = num(row_top + row / 2.0);
        let bar_top = num(row_top + (row - thickness) / 2.0);
        let suppressed = bar.value == Value::Suppressed;
        let class = if suppressed { "bar suppressed" } else { "bar" };
        svg.open("g", &[("class", class), ("data-key", &bar.key)]);
        svg.title(&tooltip(&bar.label, &bar.value, style));
        let linked = svg.open_link(bar.href.as_deref());
        // The whole row answers clicks, not only the bar, which may be a few units long.
        svg.leaf(
            "rect",
            &[
                ("class", "hit"),
                ("x", "0"),
                ("y", &num(row_top)),
                ("width", &num(frame.width)),
                ("height", &num(row)),
                ("fill", "#FFFFFF"),
                ("fill-opacity", "0"),
                ("pointer-events", "all"),
            ],
        );
        let bar_end = match bar.value {
            Value::Count(n) => {
                let length = x_of(n) - left;
                if length > 0.0 {
                    svg.leaf(
                        "rect",
                        &[
                            ("class", "mark"),
                            ("x", &num(left)),
                            ("y", &bar_top),
                            ("width", &num(length)),
                            ("height", &num(thickness)),
                            ("fill", colour),
                        ],
                    );
                }
                left + length
            }
            Value::Suppressed => {
                svg.leaf(
                    "rect",
                    &[
                        ("class", "mark"),
                        ("x", &num(left)),
                        ("y", &bar_top),
                        ("width", &num(SUPPRESSED_LENGTH)),
                        ("height", &num(thickness)),
                        ("fill", &frame.hatch()),
                        ("stroke", colour),
                        ("stroke-width", "1"),
                    ],
                );
                left + SUPPRESSED_LENGTH
            }
            Value::Missing => left,
        };
        svg.text(
            "text",
            &[
                ("class", "label"),
                ("x", &num(left - 6.0)),
                ("y", &middle),
                ("dy", "0.35em"),
                ("text-anchor", "end"),
                ("fill", TEXT),
            ],
            &fit(&bar.label, left - 10.0, FONT_SIZE),
        );
        svg.text(
            "text",
            &[
                ("class", "value"),
                ("x", &num(bar_end + 4.0)),
                ("y", &middle),
                ("dy", "0.35em"),
                ("fill", TEXT),
            ],
            shown,
        );
        if linked {
            svg.close();
        }
        svg.close();
    }

    svg.leaf(
        "line",
        &[
            ("class", "baseline"),
            ("x1", &num(left)),
            ("y1", &num(TOP)),
            ("x2", &num(left)),
            ("y2", &num(plot_bottom)),
            ("stroke", AXIS),
        ],
    );
    svg.finish()
}
