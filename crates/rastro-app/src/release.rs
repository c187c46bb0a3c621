//! A publishable table: counts by one or two dimensions with small cells suppressed, and, when
//! asked, differentially private counts whose privacy budget is spent in the store's ledger
//! first — a release the budget cannot pay for is refused before anything is computed.

use rastro_stats::{Dimension, Engine, Filter, NoiseSource, Release};
use rastro_store::BudgetRequest;

use crate::counting;
use crate::session::Session;
use crate::{AppError, Result};

/// What to release.
pub struct ReleaseRequest<'a> {
    pub dims: &'a [Dimension],
    pub filter: &'a Filter,
    pub k: u64,
    /// With it, noisy counts; without, exact ones.
    pub epsilon: Option<f64>,
    /// The dataset's name in the ledger, and its whole budget.
    pub dataset: &'a str,
    pub budget: f64,
}

/// The operating system's randomness as the engine's noise.
struct OsNoise {
    failed: Option<String>,
}

impl NoiseSource for OsNoise {
    fn uniform(&mut self) -> f64 {
        match rastro_vault::random_unit() {
            Ok(u) => u,
            Err(e) => {
                // Noise that is not random is no protection: remembered, and the release fails.
                self.failed = Some(e.to_string());
                0.5
            }
        }
    }
}

pub fn release(session: &Session, request: &ReleaseRequest<'_>) -> Result<Release> {
    release_under(session, request, None)
}

/// A release made at most once under `key` (a job's id): asked again with the same key — the
/// job retried after its worker died — the budget its first attempt spent pays for it and
/// nothing is spent twice; the ledger's release carries the key as its id.
pub fn release_once(session: &Session, request: &ReleaseRequest<'_>, key: &str) -> Result<Release> {
    release_under(session, request, Some(key))
}

fn release_under(
    session: &Session,
    request: &ReleaseRequest<'_>,
    key: Option<&str>,
) -> Result<Release> {
    if let Some(epsilon) = request.epsilon {
        let dims: Vec<&str> = request.dims.iter().map(|d| d.as_str()).collect();
        let budget = BudgetRequest {
            dataset: request.dataset,
            epsilon,
            total: request.budget,
            dimensions: &dims.join(","),
        };
        let scope = session.scope();
        match key {
            Some(key) => scope.spend_privacy_budget_once(&budget, key)?,
            None => scope.spend_privacy_budget(&budget)?,
        };
    }
    let picklists = request
        .dims
        .iter()
        .any(|d| matches!(d, rastro_stats::Dimension::Attribute(_)));
    let counted = counting::read(session, picklists)?;
    let hits = match request.filter.q() {
        Some(q) => Some(crate::figures::text_hits(session, q)?),
        None => None,
    };
    let mut noise = OsNoise { failed: None };
    let release = rastro_stats::release(
        &Engine::new(request.k),
        &counted,
        request.filter,
        hits.as_ref(),
        request.dims,
        request.epsilon,
        &mut noise,
    )?;
    match noise.failed {
        Some(e) => Err(AppError::Refused(format!(
            "no randomness for the noise: {e}"
        ))),
        None => Ok(release),
    }
}

/// What the dataset's budget has paid for so far.
pub fn spent(session: &Session, dataset: &str) -> Result<Vec<rastro_store::PrivacyRelease>> {
    Ok(session.scope().privacy_releases(dataset)?)
}
