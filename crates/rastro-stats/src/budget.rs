//! The privacy budget: how much epsilon a dataset may spend over all its releases. Differential
//! privacy composes by addition, so the budget is a plain sum that refuses to overflow.

use serde::{Deserialize, Serialize};

use crate::error::StatsError;

/// Slack for floating-point sums, so ten charges of 0.1 fit a budget of 1.0.
const SLACK: f64 = 1e-9;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    pub total: f64,
    pub spent: f64,
}

impl Budget {
    pub fn new(total: f64) -> Result<Budget, StatsError> {
        if total.is_finite() && total >= 0.0 {
            Ok(Budget { total, spent: 0.0 })
        } else {
            Err(StatsError::BadBudget { total })
        }
    }

    pub fn remaining(&self) -> f64 {
        (self.total - self.spent).max(0.0)
    }

    /// Spends `epsilon`, or refuses and spends nothing when it would exceed the total. Charge
    /// before computing the release, so a failure cannot leave an unpaid answer behind.
    pub fn charge(&mut self, epsilon: f64) -> Result<(), StatsError> {
        if !(epsilon.is_finite() && epsilon > 0.0) {
            return Err(StatsError::BadEpsilon { epsilon });
        }
        // The fields are public, so `spent` or `total` may be NaN or infinite; only a finite
        // sum within the total passes.
        let after = self.spent + epsilon;
        let fits = after.is_finite() && self.total.is_finite() && after <= self.total + SLACK;
        if !fits {
            return Err(StatsError::BudgetSpent {
                total: self.total,
                spent: self.spent,
                asked: epsilon,
            });
        }
        self.spent += epsilon;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_once_the_total_would_be_exceeded() {
        let mut b = Budget::new(1.0).unwrap();
        for _ in 0..10 {
            b.charge(0.1).unwrap();
        }
        assert!(b.remaining() < 1e-6);
        let err = b.charge(0.1).unwrap_err();
        match err {
            StatsError::BudgetSpent { total, asked, .. } => {
                assert_eq!(total, 1.0);
                assert_eq!(asked, 0.1);
            }
            other => panic!("{other:?}"),
        }
        // A refusal spends nothing.
        assert!((b.spent - 1.0).abs() < 1e-6);
    }

    #[test]
    fn refuses_a_charge_that_overshoots_even_once() {
        let mut b = Budget::new(0.5).unwrap();
        assert!(b.charge(0.6).is_err());
        assert_eq!(b.spent, 0.0);
        b.charge(0.5).unwrap();
    }

    #[test]
    fn epsilon_must_be_positive_and_finite() {
        let mut b = Budget::new(10.0).unwrap();
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(
                matches!(b.charge(bad), Err(StatsError::BadEpsilon { .. })),
                "{bad}"
            );
        }
        assert_eq!(b.spent, 0.0);
        assert!(Budget::new(f64::NAN).is_err());
        assert!(Budget::new(-1.0).is_err());
        let mut broken = Budget {
            total: 1.0,
            spent: f64::NAN,
        };
        assert!(broken.charge(0.1).is_err());
    }
}
