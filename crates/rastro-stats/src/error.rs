//! The one error type of the crate: every message names the input that was wrong, so a web page
//! can show it to the person who typed the URL.

use thiserror::Error;

/// Everything a caller can get wrong. Counting itself never fails: a bad value is refused while
/// parsing, before any record is read.
/// The names `Dimension::parse` accepts, for error messages (a test in `dims` holds the list
/// to the parser).
pub(crate) const DIMENSION_NAMES: &str = "form, country.origin, country.transit, \
    country.destination, country.exploitation, citizenship, sex, age_band, year, month, source, \
    outlet, org, lang, vic_MethodOfRecruitment, vic_RecruitmentWebsitesAndApps, \
    vic_MethodsOfControl, vic_TypeOfSexExploitation, vic_ForcedLabourIndustry, \
    vic_ExploitationWebsitesAndApps, vic_Vulnerabilities, vic_RelationshipToTrafficker, \
    vic_TraffickingStatus, vic_TraffickingStatusDecisionMakingOrg, per_RoleInProcess, cas_Status, \
    cas_ReasonForIncomingReferral, cas_ReasonForOutgoingReferral, spl_Type";

#[derive(Debug, Clone, PartialEq, Error)]
pub enum StatsError {
    #[error("filter {key}={value:?} is not valid: {reason}")]
    BadFilter {
        key: String,
        value: String,
        reason: String,
    },
    #[error("{value:?} is not a month: {reason}")]
    BadMonth { value: String, reason: String },
    #[error("{value:?} is not a dimension; expected one of {}", DIMENSION_NAMES)]
    BadDimension { value: String },
    #[error("{value:?} is not a measure; expected records or victims")]
    BadMeasure { value: String },
    #[error("a release takes one or two dimensions, not {count}")]
    BadDimensionCount { count: usize },
    #[error("epsilon must be a finite number greater than 0, not {epsilon}")]
    BadEpsilon { epsilon: f64 },
    #[error("a privacy budget must be a finite number of at least 0, not {total}")]
    BadBudget { total: f64 },
    #[error("privacy budget spent: {spent} of {total} already used, {asked} more asked")]
    BudgetSpent { total: f64, spent: f64, asked: f64 },
}
