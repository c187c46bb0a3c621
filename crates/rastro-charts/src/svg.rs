//! Writing SVG markup: one writer that escapes every attribute and text, and the frame every
//! chart shares (root element, title, hatch pattern).

use crate::escape::{id_prefix, push_escaped, safe_href};
use crate::palette::HATCH_INK;
use crate::{Style, Value};

/// Builds markup through methods that escape every value and close every element they open,
/// so a chart cannot come out malformed whatever its labels contain.
pub(crate) struct Svg {
    out: String,
    open: Vec<&'static str>,
}

impl Svg {
    pub(crate) fn new() -> Svg {
        Svg {
            out: String::with_capacity(4096),
            open: Vec::new(),
        }
    }

    fn start_tag(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            push_escaped(&mut self.out, value);
            self.out.push('"');
        }
    }

    /// Opens `tag`; it stays open until a matching [`Svg::close`].
    pub(crate) fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) {
        self.start_tag(tag, attrs);
        self.out.push('>');
        self.open.push(tag);
    }

    pub(crate) fn close(&mut self) {
        if let Some(tag) = self.open.pop() {
            self.out.push_str("</");
            self.out.push_str(tag);
            self.out.push('>');
        }
    }

    /// An element with no content, such as `<rect …/>`.
    pub(crate) fn leaf(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) {
        self.start_tag(tag, attrs);
        self.out.push_str("/>");
    }

    /// An element holding only text, such as `<text …>label</text>`.
    pub(crate) fn text(&mut self, tag: &'static str, attrs: &[(&'static str, &str)], text: &str) {
        self.start_tag(tag, attrs);
        self.out.push('>');
        push_escaped(&mut self.out, text);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// A tooltip for the element currently open.
    pub(crate) fn title(&mut self, text: &str) {
        self.text("title", &[], text);
    }

    /// Opens a link if `href` is safe to follow and returns whether it did, so the caller knows
    /// whether to close it.
    pub(crate) fn open_link(&mut self, href: Option<&str>) -> bool {
        match safe_href(href) {
            Some(href) => {
                self.open("a", &[("href", href)]);
                true
            }
            None => false,
        }
    }

    pub(crate) fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out
    }
}

/// A number for an attribute: two decimals at most, and never `NaN` or `inf`, which would make
/// browsers drop the whole element.
pub(crate) fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".to_owned();
    }
    let rounded = (x * 100.0).round() / 100.0;
    if rounded == 0.0 {
        // Avoids "-0".
        return "0".to_owned();
    }
    let mut s = format!("{rounded:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    s
}

/// Estimated width of `text` at `font_size`.
///
/// Fonts are the reader's own (`system-ui`), so the exact width is unknowable on the server;
/// 0.6 em per character is slightly generous for Latin scripts, which is the safe side for
/// margins.
pub(crate) fn text_width(text: &str, font_size: f64) -> f64 {
    text.chars().count() as f64 * font_size * 0.6
}

/// `text` cut to about `width` at `font_size`, with an ellipsis when cut; the full text stays in
/// the mark's tooltip.
pub(crate) fn fit(text: &str, width: f64, font_size: f64) -> String {
    let max_chars = (width / (font_size * 0.6)).floor().max(1.0) as usize;
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    out.push('…');
    out
}

pub(crate) const FONT_SIZE: f64 = 12.0;
const SMALLEST_SIDE: f64 = 60.0;
const LARGEST_SIDE: f64 = 20_000.0;

/// Size and id prefix of one chart, cleaned from its [`Style`].
pub(crate) struct Frame {
    pub(crate) width: f64,
    pub(crate) height: f64,
    prefix: String,
}

impl Frame {
    pub(crate) fn new(style: &Style) -> Frame {
        Frame {
            width: side(style.width, 640.0),
            height: side(style.height, 360.0),
            prefix: id_prefix(style.id_prefix),
        }
    }

    /// The chart's id for `name`, unique on a page as long as the prefixes are.
    pub(crate) fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.prefix)
    }

    /// `url(#…)` reference to the hatch that marks suppressed values.
    pub(crate) fn hatch(&self) -> String {
        format!("url(#{})", self.id("hatch"))
    }

    /// Opens the root element and writes the title and the shared patterns; `class` names the
    /// kind of chart for the page's CSS.
    pub(crate) fn open(&self, svg: &mut Svg, class: &str, style: &Style) {
        let title_id = self.id("title");
        let view_box = format!("0 0 {} {}", num(self.width), num(self.height));
        svg.open(
            "svg",
            &[
                ("xmlns", "http://www.w3.org/2000/svg"),
                ("viewBox", &view_box),
                ("width", &num(self.width)),
                ("height", &num(self.height)),
                ("role", "img"),
                ("aria-labelledby", &title_id),
                ("class", &format!("chart {class}")),
                ("font-family", "system-ui, sans-serif"),
                ("font-size", &num(FONT_SIZE)),
            ],
        );
        svg.text("title", &[("id", &title_id)], style.title);
        svg.open("defs", &[]);
        hatch_pattern(svg, &self.id("hatch"), 1.0);
        svg.close();
    }
}

fn side(value: f64, fallback: f64) -> f64 {
    if value.is_finite() && value > 0.0 {
        value.clamp(SMALLEST_SIDE, LARGEST_SIDE)
    } else {
        fallback
    }
}

/// Diagonal lines on white, `scale` times the usual size (the map draws in its own units).
pub(crate) fn hatch_pattern(svg: &mut Svg, id: &str, scale: f64) {
    let size = num(6.0 * scale);
    svg.open(
        "pattern",
        &[
            ("id", id),
            ("patternUnits", "userSpaceOnUse"),
            ("width", &size),
            ("height", &size),
            ("patternTransform", "rotate(45)"),
        ],
    );
    svg.leaf(
        "rect",
        &[("width", &size), ("height", &size), ("fill", "#FFFFFF")],
    );
    svg.leaf(
        "line",
        &[
            ("x1", &num(3.0 * scale)),
            ("y1", "0"),
            ("x2", &num(3.0 * scale)),
            ("y2", &size),
            ("stroke", HATCH_INK),
            ("stroke-width", &num(2.0 * scale)),
        ],
    );
    svg.close();
}

/// How `value` is written: the caller's number format, the suppressed label, or a dash for no
/// data (a dash needs no translation).
pub(crate) fn value_text(value: &Value, style: &Style) -> String {
    match value {
        Value::Count(n) => (style.format)(*n),
        Value::Suppressed => style.suppressed_label.to_owned(),
        Value::Missing => "—".to_owned(),
    }
}

/// Tooltip text `label: value`.
pub(crate) fn tooltip(label: &str, value: &Value, style: &Style) -> String {
    format!("{label}: {}", value_text(value, style))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_finite() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(2.345_6), "2.35");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(-12.25), "-12.25");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(f64::INFINITY), "0");
        assert_eq!(num(100.0), "100");
    }

    #[test]
    fn writer_escapes_and_balances() {
        let mut svg = Svg::new();
        svg.open("g", &[("data-key", "a\"b")]);
        svg.open("g", &[]);
        svg.text("text", &[], "<b>");
        assert!(!svg.open_link(Some("javascript:x")));
        assert!(svg.open_link(Some("/x?a=1&b=2")));
        let out = svg.finish();
        assert_eq!(
            out,
            "<g data-key=\"a&quot;b\"><g><text>&lt;b&gt;</text><a href=\"/x?a=1&amp;b=2\"></a></g></g>"
        );
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(fit("Perú", 100.0, 12.0), "Perú");
        let cut = fit("República Bolivariana de Venezuela", 60.0, 12.0);
        assert!(cut.ends_with('…'));
        assert!(text_width(&cut, 12.0) <= 60.0 + 0.01);
    }

    #[test]
    fn unusable_sizes_fall_back() {
        assert_eq!(side(f64::NAN, 640.0), 640.0);
        assert_eq!(side(-3.0, 640.0), 640.0);
        assert_eq!(side(10.0, 640.0), SMALLEST_SIDE);
        assert_eq!(side(1e12, 640.0), LARGEST_SIDE);
    }
}
