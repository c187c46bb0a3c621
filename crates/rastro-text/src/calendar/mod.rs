//! Dates as the sources write them, and the calendar they must fit.
//!
//! Case files, watchlists, news and linkage configurations all carry dates: whole (`30/07/2023`),
//! partial (`1980-05`, a birth year), spelled out ("el 29 de septiembre"). Every engine used to
//! read them its own way, and one of them gave February 28 days in every year. Here is the one
//! calendar they all use:
//!
//! - [`month_number`], [`month_names`], [`weekday_names`], [`is_calendar_word`]: the calendar
//!   words of Spanish, Portuguese and English, folded as [`crate::fold_key`] folds them.
//! - [`is_leap_year`], [`days_in_month`], [`days_from_civil`], [`civil_from_days`]: Gregorian
//!   arithmetic, proleptic, with day numbers counted from 1970-01-01.
//! - [`PartialDate`]: a year, a year and month, or a full date, always a real one.
//! - [`split_numeric_date`]: the fields of a date written in numbers (`YYYYMMDD`, `Y-M-D`,
//!   `D/M/Y` or `M/D/Y`), before any check: strict readers and lenient ones share the splitting
//!   and differ only in what they then accept.
//! - [`split_written_date`]: the fields of a date written with its month as a word
//!   (`15-mar-1990`, `15 de marzo de 1990`, `March 15, 1990`).

mod civil;
mod numeric;
mod partial;
mod words;
mod written;

pub use civil::{civil_from_days, days_from_civil, days_in_month, is_leap_year};
pub use numeric::{split_numeric_date, DateLayout, DateOrder, NumericDate};
pub use partial::{PartialDate, PartialDateError};
pub use words::{is_calendar_word, month_names, month_number, weekday_names};
pub use written::{split_written_date, WrittenDate};
