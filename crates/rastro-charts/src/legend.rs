//! Legends: a row of swatches with labels that wraps to the width it is given.

use crate::escape::is_hex_colour;
use crate::palette::{AXIS, MISSING_FILL, TEXT};
use crate::svg::{fit, num, text_width, Frame, Svg, FONT_SIZE};
use crate::Style;

/// What a legend entry shows next to its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Swatch {
    /// A filled square; the colour must be `#rgb` or `#rrggbb`, anything else is drawn grey.
    Fill(String),
    /// A short stroke, dashed or solid, as drawn by the line chart.
    Line { colour: String, dashed: bool },
    /// The hatch of suppressed values.
    Suppressed,
    /// The fill of regions without data.
    Missing,
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegendItem {
    pub label: String,
    pub swatch: Swatch,
}

const ROW: f64 = 18.0;
const BOX: f64 = 12.0;
const STROKE_SWATCH: f64 = 20.0;
const GAP: f64 = 5.0;
const SPACING: f64 = 16.0;

/// A legend as an SVG `<g>` fragment whose top-left corner is `origin`, wrapping entries to
/// `max_width`.
///
/// Meant for the charts of this crate, which place it themselves; a [`Swatch::Suppressed`] entry
/// refers to the hatch pattern that a chart drawn with the same `style.id_prefix` defines.
pub fn legend(
    title: &str,
    items: &[LegendItem],
    origin: (f64, f64),
    max_width: f64,
    style: &Style,
) -> String {
    let frame = Frame::new(style);
    let mut svg = Svg::new();
    let placed = Layout::new(title, items, max_width);
    placed.draw(&mut svg, &frame, title, items, origin);
    svg.finish()
}

/// Where each entry goes, computed before drawing so a chart can leave room for the legend.
pub(crate) struct Layout {
    positions: Vec<(f64, f64)>,
    label_width: f64,
    pub(crate) height: f64,
}

impl Layout {
    pub(crate) fn new(title: &str, items: &[LegendItem], max_width: f64) -> Layout {
        let max_width = if max_width.is_finite() {
            max_width.max(BOX * 4.0)
        } else {
            BOX * 4.0
        };
        let mut y = if title.is_empty() { 0.0 } else { ROW };
        let mut x = 0.0;
        let mut positions = Vec::with_capacity(items.len());
        // A label is never wider than one entry per row allows, so no entry overflows alone.
        let label_width = max_width - STROKE_SWATCH - GAP;
        for item in items {
            let width = entry_width(item, label_width);
            if x > 0.0 && x + width > max_width {
                x = 0.0;
                y += ROW;
            }
            positions.push((x, y));
            x += width + SPACING;
        }
        let height = if items.is_empty() { y } else { y + ROW };
        Layout {
            positions,
            label_width,
            height,
        }
    }

    pub(crate) fn draw(
        &self,
        svg: &mut Svg,
        frame: &Frame,
        title: &str,
        items: &[LegendItem],
        origin: (f64, f64),
    ) {
        let (ox, oy) = origin;
        svg.open(
            "g",
            &[
                ("class", "legend"),
                ("transform", &format!("translate({} {})", num(ox), num(oy))),
            ],
        );
        if !title.is_empty() {
            svg.text(
                "text",
                &[
                    ("x", "0"),
                    ("y", &num(ROW / 2.0)),
                    ("dy", "0.35em"),
                    ("font-weight", "600"),
                    ("fill", TEXT),
                ],
                title,
            );
        }
        for (item, &(x, y)) in items.iter().zip(&self.positions) {
            let middle = y + ROW / 2.0;
            let swatch_width = swatch(svg, frame, &item.swatch, x, middle);
            svg.text(
                "text",
                &[
                    ("x", &num(x + swatch_width + GAP)),
                    ("y", &num(middle)),
                    ("dy", "0.35em"),
                    ("fill", TEXT),
                ],
                &fit(&item.label, self.label_width, FONT_SIZE),
            );
        }
        svg.close();
    }
}

fn swatch_width(swatch: &Swatch) -> f64 {
    match swatch {
        Swatch::Line { .. } => STROKE_SWATCH,
        _ => BOX,
    }
}

fn entry_width(item: &LegendItem, label_width: f64) -> f64 {
    swatch_width(&item.swatch) + GAP + text_width(&item.label, FONT_SIZE).min(label_width)
}

/// Draws the swatch centred vertically on `middle` and returns its width.
fn swatch(svg: &mut Svg, frame: &Frame, swatch: &Swatch, x: f64, middle: f64) -> f64 {
    let top = num(middle - BOX / 2.0);
    let square = |svg: &mut Svg, fill: &str| {
        svg.leaf(
            "rect",
            &[
                ("x", &num(x)),
                ("y", &top),
                ("width", &num(BOX)),
                ("height", &num(BOX)),
                ("fill", fill),
                ("stroke", AXIS),
                ("stroke-width", "0.5"),
            ],
        );
    };
    match swatch {
        Swatch::Fill(colour) => square(svg, checked(colour)),
        Swatch::Suppressed => square(svg, &frame.hatch()),
        Swatch::Missing => square(svg, MISSING_FILL),
        Swatch::Line { colour, dashed } => {
            let mut attrs = vec![
                ("x1", num(x)),
                ("y1", num(middle)),
                ("x2", num(x + STROKE_SWATCH)),
                ("y2", num(middle)),
                ("stroke", checked(colour).to_owned()),
                ("stroke-width", "2.5".to_owned()),
            ];
            if *dashed {
                attrs.push(("stroke-dasharray", crate::palette::DASH.to_owned()));
            }
            let attrs: Vec<(&'static str, &str)> =
                attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            svg.leaf("line", &attrs);
        }
    }
    swatch_width(swatch)
}

fn checked(colour: &str) -> &str {
    if is_hex_colour(colour) {
        colour
    } else {
        AXIS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(label: &str) -> LegendItem {
        LegendItem {
            label: label.to_owned(),
            swatch: Swatch::Fill("#0072B2".to_owned()),
        }
    }

    #[test]
    fn entries_wrap_to_the_width() {
        let items: Vec<LegendItem> = (0..6).map(|i| item(&format!("entry {i}"))).collect();
        let wide = Layout::new("", &items, 2000.0);
        assert_eq!(wide.height, ROW);
        let narrow = Layout::new("Casos", &items, 150.0);
        assert!(narrow.height >= ROW * 4.0, "{}", narrow.height);
        for &(x, _) in &narrow.positions {
            assert!(x < 150.0);
        }
    }

    #[test]
    fn foreign_colours_are_not_written() {
        let style = Style {
            id_prefix: "l",
            title: "",
            suppressed_label: "<11",
            format: &|n| n.to_string(),
            width: 300.0,
            height: 100.0,
        };
        let items = [LegendItem {
            label: "x".to_owned(),
            swatch: Swatch::Fill("url(https://evil.example/a.svg#p)".to_owned()),
        }];
        let out = legend("", &items, (0.0, 0.0), 300.0, &style);
        assert!(!out.contains("evil"), "{out}");
        assert!(out.contains(AXIS));
    }
}
