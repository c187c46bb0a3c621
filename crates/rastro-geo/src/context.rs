//! The context of a text: the countries and admin-1 regions its decided mentions establish, by
//! position, against which ambiguous names are decided.

use std::collections::BTreeMap;

use crate::countries::CountryCode;
use crate::gazetteer::{Candidate, Gazetteer, PlaceKind, Target};

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
    /// Coordinates of the decided places (the first [`MAX_POINTS`]).
    points: Vec<(f64, f64)>,
}

/// Enough decided places to locate a story; more would only slow the nearness test.
const MAX_POINTS: usize = 64;

/// Distance under which a candidate counts as near a decided place, in kilometres: about a
/// province or a metropolitan area.
const NEAR_KM: f64 = 150.0;

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
        if let Target::Place(i) = choice.candidate.target {
            let place = g.place(i);
            if let (Some(lat), Some(lon)) = (place.lat, place.lon) {
                if self.points.len() < MAX_POINTS && place.kind != PlaceKind::Country {
                    self.points.push((lat, lon));
                }
            }
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

    /// True when the place lies within [`NEAR_KM`] of a place the text has already named.
    pub(crate) fn is_near(&self, g: &Gazetteer, place: u32) -> bool {
        let p = g.place(place);
        let (Some(lat), Some(lon)) = (p.lat, p.lon) else {
            return false;
        };
        self.points
            .iter()
            .any(|&(a, b)| distance_km(lat, lon, a, b) <= NEAR_KM)
    }

    pub(crate) fn has_admin1(&self, g: &Gazetteer, place: u32) -> bool {
        let country = g.place(place).country;
        g.admin1_key(place)
            .is_some_and(|key| self.regions.iter().any(|(c, r)| *c == country && r == key))
    }
}

/// Equirectangular approximation of the great-circle distance: exact enough at the few hundred
/// kilometres that matter here, and cheap.
fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0;
    let mean_lat = ((lat1 + lat2) / 2.0).to_radians();
    let x = (lon2 - lon1).to_radians() * mean_lat.cos();
    let y = (lat2 - lat1).to_radians();
    (x * x + y * y).sqrt() * EARTH_RADIUS_KM
}

#[cfg(test)]
mod tests {
    use super::distance_km;

    #[test]
    fn distances_are_roughly_right() {
        // Lima to Callao is about 12 km; Bogotá to Medellín about 240 km.
        let d = distance_km(-12.046, -77.043, -12.057, -77.118);
        assert!((5.0..20.0).contains(&d), "{d}");
        let d = distance_km(4.610, -74.082, 6.252, -75.564);
        assert!((200.0..280.0).contains(&d), "{d}");
    }
}
