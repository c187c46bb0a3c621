//! Statistics over case and news records with small cells suppressed.
//!
//! Rastro publishes numbers about trafficking victims. A count of 3 Venezuelan women exploited in
//! one Peruvian town in March can identify them, and so can a total of 40 next to shown cells
//! adding up to 37. This crate is where every count is made, and it never returns a count below
//! the threshold `k` (11 by default): pages, the API and CSV downloads all read `Cell`s that are
//! either a safe number or `suppressed` with no value inside. Putting the rule here rather than in
//! each caller means a new page cannot forget it, and the screen and the download cannot
//! disagree.
//!
//! The pieces:
//!
//! - `Record` (record.rs): the flat, name-free record the store hands over; the engine keeps no
//!   data of its own and does no I/O.
//! - `Filter` (filter.rs): one URL grammar for pages and API. The engine does not search text:
//!   for `q` the caller passes the ids its search matched.
//! - `Dimension` (dims.rs): breakdowns; a record without a value counts as `unknown`, so the rows
//!   of a single-valued breakdown add up to the total.
//! - `Measure` (units.rs): a case counts once; news reports of one event count once per cell.
//! - `Engine` (counts.rs, crosstab.rs, series.rs, flows.rs): the tables.
//! - suppress.rs: primary (hide 0 < v < k) and complementary (no line with a known total has
//!   exactly one hidden cell), applied to every table before it leaves the engine.
//! - `release` (privacy.rs) and `Budget` (budget.rs): Laplace-noised counts for repeated queries.
//! - csv_out.rs: the same tables as CSV, `<k` where suppressed.
//!
//! What suppression covers: within one table, no shown count is below k (zeros excepted: they
//! reveal no one), and no row, column or margin line with a known total has a single hidden
//! cell. Time series and flows publish no totals, but their lines are checked against the totals
//! other calls publish (a country's flow total is a row of `counts`). What it cannot cover is a
//! reader differencing many overlapping queries (the same table with and without one
//! organisation, say); that is what the noisy `release` and its budget are for.
//!
//! ```
//! use rastro_stats::{Dimension, Engine, Filter, Measure, Record, PAGE_KEYS};
//!
//! let form = |i: usize| match i {
//!     0..25 => "sexual",
//!     25..39 => "labour",
//!     _ => "begging",
//! };
//! let records: Vec<Record> = (0..44)
//!     .map(|i| Record {
//!         id: format!("c{i}"),
//!         forms: vec![form(i).to_string()],
//!         ..Record::default()
//!     })
//!     .collect();
//! // Pages share one query string; the engine skips the keys that are the page's own.
//! let filter = Filter::parse_pairs_except([("view", "table"), ("from", "")], &PAGE_KEYS)?;
//! let counts = Engine::default().counts(&records, &filter, None, Dimension::Form, Measure::Records);
//! let shown: Vec<(&str, String)> = counts
//!     .rows
//!     .iter()
//!     .map(|r| (r.key.as_str(), r.cell.label(counts.k)))
//!     .collect();
//! // begging (5) is below k. Alone it could be read off the total, so the smallest other row
//! // (labour, 14) is hidden with it; hidden rows come last, in key order.
//! assert_eq!(shown, [("sexual", "25".into()), ("begging", "<11".into()), ("labour", "<11".into())]);
//! assert_eq!(counts.total.value, Some(44));
//! # Ok::<(), rastro_stats::StatsError>(())
//! ```

mod attribute;
mod budget;
mod cell;
mod counts;
mod crosstab;
pub mod csv_out;
mod dims;
mod engine;
mod error;
mod filter;
mod flows;
mod privacy;
mod record;
mod series;
mod suppress;
mod tabulate;
mod units;

pub use attribute::Attribute;
pub use budget::Budget;
pub use cell::Cell;
pub use counts::{Counts, Row};
pub use crosstab::Crosstab;
pub use dims::{Dimension, UNKNOWN};
pub use engine::{Engine, DEFAULT_K};
pub use error::StatsError;
pub use filter::{Chip, Filter, FILTER_KEYS, PAGE_KEYS};
pub use flows::{FlowLink, FlowNode, Flows, OTHER};
pub use privacy::{
    laplace, release, sensitivity, NoiseSource, Release, ReleaseRow, SeededNoise,
    MAX_VALUES_PER_DIM,
};
pub use record::{Record, Records, Source, Stage, YearMonth};
pub use series::{Series, TimeSeries, ALL_SERIES, MAX_SERIES_MONTHS};
pub use units::Measure;
