//! The context of a text: the countries and admin-1 regions its decided mentions establish, by
//! position, against which ambiguous names are decided.

use std::collections::BTreeMap;

use crate::countries::CountryCode;
use crate::gazetteer::{Candidate, Gazetteer, Target};

/// The decided meaning of a hit.
#[derive(Clone, Copy)]
pub(crate) struct Choice {
    pub candidate: Candidate,
    pub country: CountryCode,
}

/// Countries and admin-1 regions established by the decided mentions of a text.
#[derive(Default)]
pub(crate) struct Context {
    /// Decided mentions by byte position: (country, weight).
    by_position: BTreeMap<usize, (CountryCode, u32)>,
    /// Per country, the summed weight of all its mentions, and of its place mentions only.
    totals: Vec<(CountryCode, u32, u32)>,
    regions: Vec<(CountryCode, String)>,
}

impl Context {
    pub(crate) fn add(&mut self, g: &Gazetteer, choice: Choice, at: usize) {
        // A place named outright says more about where the story is than a nationality does.
        let weight = match choice.candidate.target {
            Target::Nationality(..) => 1,
            Target::Place(_) => 2,
        };
        self.by_position.insert(at, (choice.country, weight));
        let place_weight = if weight > 1 { weight } else { 0 };
        match self.totals.iter_mut().find(|t| t.0 == choice.country) {
            Some(t) => {
                t.1 += weight;
                t.2 += place_weight;
            }
            None => self.totals.push((choice.country, weight, place_weight)),
        }
        let region_place = match choice.candidate.target {
            Target::Place(i) | Target::Nationality(_, Some(i)) => Some(i),
            Target::Nationality(_, None) => None,
        };
        if let Some(i) = region_place {
            if let Some(key) = g.admin1_key(i) {
                if !self
                    .regions
                    .iter()
                    .any(|(c, r)| *c == choice.country && r == key)
                {
                    self.regions.push((choice.country, key.to_string()));
                }
            }
        }
    }

    /// How strongly the text around `at` supports `code`: mentions in the same paragraph (400
    /// bytes) count four times, within a page (1,500 bytes) twice, further away once, so that a
    /// long text about several countries decides each name by its neighbourhood. Only the
    /// neighbourhood is scanned, so a text with many names stays linear.
    pub(crate) fn country_score(&self, code: CountryCode, at: usize, places_only: bool) -> u32 {
        let Some(&(_, all, places)) = self.totals.iter().find(|t| t.0 == code) else {
            return 0;
        };
        let mut score = if places_only { places } else { all };
        let near = at.saturating_sub(1500)..at.saturating_add(1501);
        for (&pos, &(c, weight)) in self.by_position.range(near) {
            if c != code || (places_only && weight < 2) {
                continue;
            }
            // Already counted once in the totals; add the proximity bonus.
            score += if pos.abs_diff(at) <= 400 {
                3 * weight
            } else {
                weight
            };
        }
        score
    }

    pub(crate) fn has_admin1(&self, g: &Gazetteer, place: u32) -> bool {
        let country = g.place(place).country;
        g.admin1_key(place)
            .is_some_and(|key| self.regions.iter().any(|(c, r)| *c == country && r == key))
    }
}
