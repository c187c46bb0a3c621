//! The gazetteer: every place Rastro can name, the names it is known by, and the matcher that
//! finds those names in text.
//!
//! Built (`build`) from the compiled-in tables: countries (with their en/es/pt names and
//! aliases), nationality words, ISO 3166-2 admin-1 regions, GeoNames cities and our
//! hand-written landmarks. Every name is folded (`rastro_text::text_key`) into a key; one
//! word matcher (`matcher`) holds all keys, and each key points at the candidates it may mean.
//! Choosing among candidates is `resolve`'s job. The crate's build script builds it once and
//! writes it in `prebuilt`'s form, which a process loads instead of building it again.

use serde::Serialize;

use crate::countries::CountryCode;
use crate::matcher::WordMatcher;
use crate::tables::{DataError, Policy};
use rastro_text::fasthash::FastMap;
use rastro_text::text_key;

/// What kind of place a [`Place`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    Country,
    /// A first-level administrative region (state, department, province, region).
    Admin1,
    City,
    /// A border crossing, route, region, mining area, airport or migrant station.
    Landmark,
}

/// One place of the gazetteer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Place {
    /// Canonical name: English for countries, the local name otherwise.
    pub name: String,
    pub kind: PlaceKind,
    pub country: CountryCode,
    /// The admin-1 region the place lies in (for an admin-1 region, its own name).
    pub admin1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Inhabitants for cities (GeoNames); 0 when unknown or not meaningful.
    pub population: u64,
}

impl Place {
    /// How much a reader would expect this place when its name is written without qualification:
    /// countries over landmarks over regions, and cities by population.
    pub(crate) fn prominence(&self) -> u64 {
        match self.kind {
            PlaceKind::Country => 1_000_000_000,
            PlaceKind::Landmark => 5_000_000,
            PlaceKind::Admin1 => 500_000,
            PlaceKind::City => self.population,
        }
    }
}

/// What a key may refer to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Target {
    Place(u32),
    /// A nationality word, or with the index of an admin-1 place, a regional demonym
    /// ("chiapanecos", "paulistas").
    Nationality(CountryCode, Option<u32>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Candidate {
    pub target: Target,
    /// Known only as a GeoNames alternate name, which is weaker evidence than the main name.
    pub alternate: bool,
    /// A nationality word that is also a language name.
    pub language_word: bool,
    /// Every name of this target under this key has an accent ("França"): an unaccented
    /// surface ("Franca", a Brazilian city) is another word.
    pub accented_only: bool,
    /// An English nationality word, which English capitalises ("Polish", not "polish").
    pub capitalised_only: bool,
}

#[derive(Debug, PartialEq)]
pub(crate) struct Entry {
    /// Where this key's candidates are in [`Gazetteer::candidates`].
    pub first_candidate: u32,
    pub candidate_count: u32,
    pub policy: Policy,
    /// The policy was written without accents ("Franca"): it governs unaccented text only, and
    /// "França" is matched as usual.
    pub policy_unaccented_only: bool,
    /// Written in capitals in the tables ("EE.UU.", "USA"): counts only in capitals in the text.
    pub abbreviation: bool,
}

/// The place table and its name matcher. Get it with [`gazetteer`].
pub struct Gazetteer {
    pub(crate) places: Vec<Place>,
    pub(crate) entries: Vec<Entry>,
    /// Every entry's candidates, one entry's after another.
    pub(crate) candidates: Vec<Candidate>,
    /// Every folded name with its entry (its runs of first words too, which have none).
    pub(crate) matcher: WordMatcher,
    /// Read for every nationality word an article names.
    pub(crate) country_places: FastMap<CountryCode, u32>,
    /// Folded admin-1 name of each place (same index as `places`), for context matching: its
    /// bytes in `admin1_key_text`, or `None`.
    pub(crate) admin1_keys: Vec<Option<(u32, u32)>>,
    pub(crate) admin1_key_text: String,
    pub(crate) errors: Vec<DataError>,
}

impl Gazetteer {
    /// Places known by `name` (any spelling; case, accents and punctuation are folded), optionally
    /// only those in `country`, most prominent first (countries, then landmarks, regions, and
    /// cities by population). Nationality words are not place names and find nothing here.
    pub fn lookup(&self, name: &str, country: Option<CountryCode>) -> Vec<&Place> {
        let Some(entry) = self.entry_for_key(&text_key(name)) else {
            return Vec::new();
        };
        let mut found: Vec<&Place> = self
            .candidates_of(entry)
            .iter()
            .filter_map(|c| match c.target {
                Target::Place(i) => self.places.get(i as usize),
                Target::Nationality(..) => None,
            })
            .filter(|p| country.is_none_or(|c| p.country == c))
            .collect();
        found.sort_by(|a, b| {
            b.prominence()
                .cmp(&a.prominence())
                .then(a.name.cmp(&b.name))
        });
        found
    }

    /// The country's own entry, for callers that hold a code and want its place record.
    pub fn country(&self, code: CountryCode) -> Option<&Place> {
        self.country_places
            .get(&code)
            .and_then(|&i| self.places.get(i as usize))
    }

    /// Every place in the table.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// How many distinct folded names the matcher searches for.
    pub fn name_count(&self) -> usize {
        self.entries.len()
    }

    /// Rows of the compiled-in tables that could not be read (empty in a correct build).
    pub fn data_errors(&self) -> &[DataError] {
        &self.errors
    }

    pub(crate) fn entry_for_key(&self, key: &str) -> Option<&Entry> {
        self.matcher
            .entry(key)
            .and_then(|i| self.entries.get(i as usize))
    }

    /// The places and nationalities `entry`'s key may mean.
    pub(crate) fn candidates_of(&self, entry: &Entry) -> &[Candidate] {
        let start = entry.first_candidate as usize;
        self.candidates
            .get(start..start + entry.candidate_count as usize)
            .unwrap_or(&[])
    }

    pub(crate) fn admin1_key(&self, index: u32) -> Option<&str> {
        let (start, len) = (*self.admin1_keys.get(index as usize)?)?;
        self.admin1_key_text
            .get(start as usize..start as usize + len as usize)
    }

    pub(crate) fn place(&self, index: u32) -> &Place {
        &self.places[index as usize]
    }

    pub(crate) fn country_place_index(&self, code: CountryCode) -> Option<u32> {
        self.country_places.get(&code).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::countries::countries;
    use crate::gazetteer;

    #[test]
    fn vendored_tables_load_without_errors() {
        let g = gazetteer();
        assert_eq!(g.data_errors(), &[] as &[DataError]);
        let kinds = |k: PlaceKind| g.places().iter().filter(|p| p.kind == k).count();
        assert!(kinds(PlaceKind::Country) >= 249);
        assert!(kinds(PlaceKind::Admin1) >= 500);
        assert!(kinds(PlaceKind::City) >= 10_000);
        assert!(kinds(PlaceKind::Landmark) >= 40);
    }

    #[test]
    fn lookup_folds_and_ranks_by_prominence() {
        let g = gazetteer();
        let co = countries().resolve("CO").unwrap();
        let bogota = g.lookup("BOGOTA", None);
        assert_eq!(bogota[0].name, "Bogotá");
        assert_eq!(bogota[0].country, co);
        let santiago = g.lookup("Santiago", None);
        assert!(santiago.len() > 3);
        assert_eq!(santiago[0].country.as_str(), "CL");
        let in_mx = g.lookup("santiago", countries().resolve("MX"));
        assert!(in_mx.iter().all(|p| p.country.as_str() == "MX"));
        assert!(g.lookup("Atlantis", None).is_empty());
        let ipiales = g.lookup("Ipiales", None);
        assert_eq!(ipiales[0].admin1.as_deref(), Some("Nariño"));
        assert!(ipiales[0].lat.is_some());
    }
}
