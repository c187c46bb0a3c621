//! Screening people against watchlists: fast, tolerant of Latin American names, explained.
//!
//! - Read watchlists and queries: [`read_csv`] (columns described there) and [`read_ftm`]
//!   (FollowTheMoney JSON lines). Bad rows are reported per row ([`RowIssue`]), never dropped.
//! - Build a [`Watchlist`]: compact entries, names analysed by `rastro-names`, and a blocking
//!   index (phonetic and variant keys of tokens, token pairs) so that a check looks at a few
//!   dozen candidates, not the whole list.
//! - Screen with a [`Searcher`] (one per thread), or a whole batch on every core with
//!   [`screen_batch`]: each [`Match`] has a calibrated score in [0, 1] and an [`Explanation`]
//!   listing the name alignment and the log-odds contribution of birth date, nationality, gender
//!   and document number.
//!
//! No SQL and no network: callers hand in readers and people, and get values back.

mod batch;
mod build;
mod date;
mod index;
mod issue;
mod keys;
mod parallel;
mod person;
mod rarity;
mod read_csv;
mod read_ftm;
mod score;
mod search;

pub use batch::{screen_batch, ScreenError};
pub use date::{compare_dates, parse_birth_date, years_apart, DateMatch, BIRTH_YEARS};
pub use index::{BuildError, Watchlist};
pub use issue::RowIssue;
pub use parallel::WorkerPanicked;
pub use person::{normalise_document, Gender, Person};
pub use rastro_text::{PartialDate, PartialDateError};
pub use read_csv::{read_csv, read_csv_each, ReadError, ReadOutcome, ReadSummary, Visit};
pub use read_ftm::{read_ftm, read_ftm_each, FtmOutcome, FtmSummary};
pub use score::{
    calibrate, combine, features, logistic, name_contribution, name_rarity, Attributes,
    Explanation, Feature, Features, NamePart, CALIBRATION, NAME_CENTRE, NAME_SLOPE,
};
pub use search::{Match, QueryError, Searcher, DEFAULT_THRESHOLD};

/// The score of a query person against one listed person, with its explanation, exactly as
/// screening would give it (without the candidate index). `None` when either has no name that
/// can be analysed. For calibration, tuning and record comparison.
pub fn score_people(query: &Person, listed: &Person) -> Option<Match> {
    let (list, _) = Watchlist::build(vec![listed.clone()]).ok()?;
    let mut searcher = list.searcher();
    searcher.score_all(query).ok()?.into_iter().next()
}

/// The score of two bare names (no other attributes), on the same scale as screening scores:
/// what `rastro match-pairs` writes. `schema` is a FollowTheMoney schema name: `Person` (or
/// none) compares person names; any other (`Company`, `Organization`, `Vessel`…) compares
/// organisation names. `None` when either name cannot be analysed.
pub fn name_pair_score(a: &str, b: &str, schema: Option<&str>) -> Option<f64> {
    let person =
        schema.is_none_or(|s| s.trim().is_empty() || s.trim().eq_ignore_ascii_case("person"));
    let analyse = if person {
        rastro_names::analyse
    } else {
        rastro_names::analyse_organisation
    };
    let x = analyse(a).ok()?;
    let y = analyse(b).ok()?;
    let agreement = rastro_names::compare_agreement(
        &rastro_names::PreparedName::new(&x),
        &rastro_names::PreparedName::new(&y),
    );
    let mut f = Features::default();
    // The reference frequencies are of people's names: an organisation's words are not rated.
    if person {
        let counts = rarity::ListCounts::default();
        let (mut rx, mut ry) = (Vec::new(), Vec::new());
        counts.word_rarities(&x, &mut rx);
        counts.word_rarities(&y, &mut ry);
        f.name_rarity = rarity::agreement_rarity(
            &agreement,
            |i| rx.get(i).copied().unwrap_or(0.0),
            rx.len(),
            |j| ry.get(j).copied().unwrap_or(0.0),
            ry.len(),
        )
        .map(name_rarity);
    }
    Some(combine(agreement.score, &f))
}
