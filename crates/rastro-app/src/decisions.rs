//! Reviewers' decisions, turned into the index pairs the engines cluster with: the one place
//! they are applied, for persons and news events alike.

use std::collections::HashMap;

use rastro_store::{Decision, StoreError};

use crate::session::Session;
use crate::{AppError, Result};

/// Decisions as pairs of row indices; decisions about records not in the run are left out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DecisionPairs {
    pub same: Vec<(u32, u32)>,
    pub different: Vec<(u32, u32)>,
}

impl DecisionPairs {
    pub fn applied(&self) -> usize {
        self.same.len() + self.different.len()
    }
}

pub(crate) fn index_pairs(decisions: &[Decision], row_of: &HashMap<&str, u32>) -> DecisionPairs {
    let mut pairs = DecisionPairs::default();
    for d in decisions {
        if let (Some(&a), Some(&b)) = (row_of.get(d.left.as_str()), row_of.get(d.right.as_str())) {
            if d.same {
                pairs.same.push((a, b));
            } else {
                pairs.different.push((a, b));
            }
        }
    }
    pairs
}

/// A decision to record: two stored ids, same or different, by whom and why.
#[derive(Debug, Clone)]
pub struct NewDecision<'a> {
    pub left: &'a str,
    pub right: &'a str,
    pub same: bool,
    pub reviewer: &'a str,
    pub note: Option<&'a str>,
}

/// What a decision is about, for the words of a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum About {
    Records,
    Articles,
}

/// Records a decision through `store` (the scope's method for persons or for events); a pair the
/// organisation does not see is refused in words that name what was asked for.
pub(crate) fn record(
    session: &Session,
    decision: &NewDecision<'_>,
    about: About,
    store: impl FnOnce(&rastro_store::Scope<'_>, &NewDecision<'_>) -> rastro_store::Result<()>,
) -> Result<()> {
    match store(&session.scope(), decision) {
        Err(StoreError::NotFound) => Err(AppError::Refused(format!(
            "no two different {} {} and {} visible to {:?}",
            match about {
                About::Records => "records",
                About::Articles => "articles",
            },
            decision.left,
            decision.right,
            session.organisation().name
        ))),
        other => Ok(other?),
    }
}
