//! Reviewers' decisions, turned into the index pairs the engines cluster with: the one place
//! they are applied, for persons and news events alike.

use std::collections::HashMap;

use rastro_store::Decision;

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
