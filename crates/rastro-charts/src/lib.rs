//! Charts drawn as SVG on the server.
//!
//! The dashboard is server-rendered HTML with no JavaScript, so every chart is a string of SVG
//! markup built here from plain data the caller passes: counts, labels, links. Nothing is fetched
//! (no fonts, no images, no scripts), every piece of caller text is escaped, and links are kept
//! only when they stay on the same site, because labels come from case and news records that
//! anyone may have typed.
//!
//! Counts too small to publish arrive as [`Value::Suppressed`]: they are drawn hatched and
//! labelled with [`Style::suppressed_label`], never with a made-up number, so a chart cannot leak
//! what the statistics engine withheld. Numbers are always written by the caller's
//! [`Style::format`], which knows the reader's language (`1.234` in Spanish, `1,234` in English).
//!
//! Colours are colour-blind safe: Okabe–Ito for categories and seven steps of cividis for the
//! map (see [`OKABE_ITO`] and [`SEQUENTIAL`]).

mod bars;
mod choropleth;
mod escape;
mod legend;
mod lines;
mod palette;
mod sankey;
mod scale;
mod svg;

pub use bars::{bar_chart, Bar};
pub use choropleth::{choropleth, FlowLine, Region};
pub use legend::{legend, LegendItem, Swatch};
pub use lines::{line_chart, Line, XTick};
pub use palette::{MISSING_FILL, OKABE_ITO, SEQUENTIAL};
pub use sankey::{sankey, SankeyLink, SankeyNode};

use std::fmt;

/// One number on a chart, as the statistics engine released it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A count that may be published.
    Count(u64),
    /// A count withheld because it was too small (or too revealing) to publish: drawn hatched
    /// with the style's suppressed label.
    Suppressed,
    /// No data at all for this cell: drawn as a gap or in light grey.
    Missing,
}

/// What every chart needs besides its data.
///
/// `width` and `height` are the chart's size in SVG user units (the `viewBox`); the page can
/// scale it with CSS. Values that are not finite or too small fall back to a usable size rather
/// than producing an SVG no browser can draw.
#[derive(Clone, Copy)]
pub struct Style<'a> {
    /// Prefix of every `id` in the chart, so that several charts on one page do not share
    /// patterns or titles. Characters other than ASCII letters, digits, `-` and `_` are replaced,
    /// since ids are also referenced from `url(#…)`.
    pub id_prefix: &'a str,
    /// Accessible name of the chart, written into its `<title>`.
    pub title: &'a str,
    /// Text shown instead of a suppressed count, e.g. `<11`.
    pub suppressed_label: &'a str,
    /// Writes a count in the reader's language; used for values and axis labels alike.
    pub format: &'a dyn Fn(u64) -> String,
    pub width: f64,
    pub height: f64,
}

impl fmt::Debug for Style<'_> {
    // Hand-written because the formatter is a closure, which has no Debug of its own.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Style")
            .field("id_prefix", &self.id_prefix)
            .field("title", &self.title)
            .field("suppressed_label", &self.suppressed_label)
            .field("width", &self.width)
            .field("height", &self.height)
            .finish_non_exhaustive()
    }
}

/// Why a chart could not be drawn from the data given.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChartError {
    /// A Sankey link names a node index that does not exist.
    NodeOutOfRange {
        link: usize,
        index: usize,
        nodes: usize,
    },
    /// A Sankey link goes to the same or an earlier column; flows only move forward (origin,
    /// transit, destination), which is also what keeps the diagram free of cycles.
    LinkNotForward {
        link: usize,
        from_column: usize,
        to_column: usize,
    },
    /// Two Sankey nodes share a key, so `data-key` could not tell them apart.
    DuplicateNodeKey { key: String },
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::NodeOutOfRange { link, index, nodes } => write!(
                f,
                "link {link} refers to node {index}, but there are only {nodes} nodes"
            ),
            ChartError::LinkNotForward {
                link,
                from_column,
                to_column,
            } => write!(
                f,
                "link {link} goes from column {from_column} to column {to_column}; links must go to a later column"
            ),
            ChartError::DuplicateNodeKey { key } => {
                write!(f, "two nodes have the key {key:?}")
            }
        }
    }
}

impl std::error::Error for ChartError {}
