//! How strong an edge is, and what it costs to walk.
//!
//! An edge's strength is in (0, 1]: how much it says that its two ends belong together. It is
//! the product of two factors:
//!
//! - the kind's base strength: holding an account or using a phone ties a party to it firmly; a
//!   place or being named in the same incident, less so;
//! - for an edge from a holder to an identifier value, the value's rarity
//!   `1 / (1 + ln h)`, where `h` is the number of distinct holders the actor can see. A phone
//!   two people share gives each edge 0.59 and their connection through it (both edges) 0.35; a
//!   phone shared by 500 gives 0.14 and 0.02. This is inverse document frequency on a local count,
//!   as FollowTheMoney's graph and Aleph's cross-referencing treat common values: the more
//!   parties hold a value, the less holding it says. Links to values that are not holdings (a
//!   transaction's accounts) keep the base strength, since a busy account identifies its holder
//!   no less.
//!
//! Walking an edge costs `1 - ln(strength)`: one for a firm edge, so that paths are still
//! counted in hops, and more for weak ones, so that the cheapest path is the product-strongest
//! among paths of similar length.

use crate::kind::EdgeKind;

/// The base strength of an edge of this kind.
pub fn base_strength(kind: EdgeKind) -> f32 {
    match kind {
        EdgeKind::HoldsAccount
        | EdgeKind::UsesPhone
        | EdgeKind::UsesEmail
        | EdgeKind::HasDocument => 1.0,
        EdgeKind::MemberOf | EdgeKind::Paid | EdgeKind::PaidFrom | EdgeKind::PaidTo => 0.9,
        EdgeKind::Associate => 0.9,
        EdgeKind::NamedInCase | EdgeKind::FlaggedInAlert => 0.8,
        EdgeKind::ReportedInIncident => 0.6,
        EdgeKind::LocatedIn | EdgeKind::Related => 0.5,
    }
}

/// The rarity factor of a value held by `holders` distinct parties.
pub fn rarity(holders: u32) -> f32 {
    let holders = holders.max(1) as f32;
    1.0 / (1.0 + holders.ln())
}

/// What walking an edge of this strength costs (at least 1).
pub fn cost(strength: f32) -> f64 {
    let strength = f64::from(strength).clamp(f64::MIN_POSITIVE, 1.0);
    1.0 - strength.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_values_weigh_more() {
        assert_eq!(rarity(1), 1.0);
        assert!(rarity(2) > rarity(3));
        assert!(rarity(500) < 0.15);
        assert!((rarity(2) - 0.5906).abs() < 1e-3);
    }

    #[test]
    fn costs_start_at_one() {
        assert_eq!(cost(1.0), 1.0);
        assert!(cost(0.5) > 1.0);
        assert!(cost(0.0).is_finite());
    }
}
