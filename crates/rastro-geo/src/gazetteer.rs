//! The gazetteer: every place Rastro can name, the names it is known by, and the automaton that
//! finds those names in text.
//!
//! Built once per process from the compiled-in tables: countries (with their en/es/pt names and
//! aliases), nationality words, ISO 3166-2 admin-1 regions, GeoNames cities and our hand-written
//! landmarks. Every name is folded (`textfold::name_key`) into a key; one Aho-Corasick automaton
//! holds all keys, and each key points at the candidates it may mean. Choosing among candidates is
//! `resolve`'s job.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Serialize;

use crate::countries::{countries, CountryCode};
use crate::tables::{self, DataError, Policy};
use crate::textfold::name_key;

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
#[derive(Clone, Copy, Debug)]
pub(crate) enum Target {
    Place(u32),
    /// A nationality word, or with the index of an admin-1 place, a regional demonym
    /// ("chiapanecos", "paulistas").
    Nationality(CountryCode, Option<u32>),
}

#[derive(Clone, Copy, Debug)]
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

#[derive(Debug)]
pub(crate) struct Entry {
    pub candidates: Vec<Candidate>,
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
    keys: HashMap<String, u32>,
    /// `None` only when the automaton could not be built (reported in `errors`).
    pub(crate) automaton: Option<AhoCorasick>,
    country_places: HashMap<CountryCode, u32>,
    /// Folded admin-1 name of each place (same index as `places`), for context matching.
    admin1_keys: Vec<Option<Box<str>>>,
    errors: Vec<DataError>,
}

/// The process-wide gazetteer, built on first use from the compiled-in tables.
pub fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(Gazetteer::build)
}

struct Builder {
    places: Vec<Place>,
    entries: Vec<Entry>,
    keys: HashMap<String, u32>,
    errors: Vec<DataError>,
}

impl Builder {
    fn entry(&mut self, key: String) -> Option<&mut Entry> {
        if key.is_empty() {
            return None;
        }
        let next = self.entries.len() as u32;
        let index = *self.keys.entry(key).or_insert(next);
        if index == next {
            self.entries.push(Entry {
                candidates: Vec::new(),
                policy: Policy::Normal,
                policy_unaccented_only: false,
                abbreviation: false,
            });
        }
        self.entries.get_mut(index as usize)
    }

    fn add_name(&mut self, name: &str, candidate: Candidate) {
        let key = name_key(name);
        // One- and two-letter keys are codes and words ("us", "a"); only an abbreviation written
        // in capitals in the tables ("U.S.", "EE.UU.") may be that short.
        let letters = name.chars().filter(|c| c.is_alphabetic()).count();
        let abbreviation = letters >= 2 && !name.chars().any(char::is_lowercase) && letters <= 5;
        if key.len() < 3 && !abbreviation {
            return;
        }
        let Some(entry) = self.entry(key) else {
            return;
        };
        if abbreviation {
            entry.abbreviation = true;
        }
        let mut candidate = candidate;
        candidate.accented_only = !name.is_ascii();
        match entry
            .candidates
            .iter_mut()
            .find(|c| same_target(c.target, candidate.target))
        {
            // Known under this key both with and without accents (or capitals): either counts.
            Some(existing) => {
                existing.accented_only &= candidate.accented_only;
                existing.capitalised_only &= candidate.capitalised_only;
            }
            None => entry.candidates.push(candidate),
        }
    }

    fn add_place(&mut self, place: Place) -> u32 {
        self.places.push(place);
        (self.places.len() - 1) as u32
    }
}

fn same_target(a: Target, b: Target) -> bool {
    match (a, b) {
        (Target::Place(x), Target::Place(y)) => x == y,
        (Target::Nationality(x, rx), Target::Nationality(y, ry)) => x == y && rx == ry,
        _ => false,
    }
}

fn place_candidate(index: u32, alternate: bool) -> Candidate {
    Candidate {
        target: Target::Place(index),
        alternate,
        language_word: false,
        accented_only: false,
        capitalised_only: false,
    }
}

impl Gazetteer {
    fn build() -> Gazetteer {
        let mut b = Builder {
            places: Vec::with_capacity(20_000),
            entries: Vec::with_capacity(80_000),
            keys: HashMap::with_capacity(80_000),
            errors: Vec::new(),
        };
        let mut country_places = HashMap::new();
        for country in countries().iter() {
            let index = b.add_place(Place {
                name: country.common_name().to_string(),
                kind: PlaceKind::Country,
                country: country.code,
                admin1: None,
                lat: None,
                lon: None,
                population: 0,
            });
            country_places.insert(country.code, index);
            for name in country.all_names() {
                for variant in country_name_variants(name) {
                    b.add_name(&variant, place_candidate(index, false));
                }
            }
        }

        let cities = tables::cities(&mut b.errors);
        let centroids = admin1_centroids(&cities);
        let mut subdivision_index: HashMap<&str, u32> = HashMap::new();
        for row in tables::subdivisions(&mut b.errors) {
            let name = row.names[0];
            let (lat, lon) = centroids
                .get(&(row.country, name_key(name)))
                .map_or((None, None), |&(lat, lon)| (Some(lat), Some(lon)));
            let index = b.add_place(Place {
                name: name.to_string(),
                kind: PlaceKind::Admin1,
                country: row.country,
                admin1: Some(name.to_string()),
                lat,
                lon,
                population: 0,
            });
            subdivision_index.insert(row.code, index);
            for variant in &row.names {
                b.add_name(variant, place_candidate(index, false));
            }
        }
        for (line, code, alias) in tables::admin1_aliases() {
            match subdivision_index.get(code) {
                Some(&index) => b.add_name(alias, place_candidate(index, false)),
                None => b.errors.push(DataError {
                    file: "data/admin1_aliases.tsv",
                    line,
                    message: format!("unknown subdivision {code:?}"),
                }),
            }
        }

        for row in tables::demonyms(&mut b.errors) {
            let region = match row.region {
                None => None,
                Some(code) => match subdivision_index.get(code) {
                    Some(&index) => Some(index),
                    None => {
                        b.errors.push(DataError {
                            file: "data/demonyms.tsv",
                            line: row.line,
                            message: format!("unknown subdivision {code:?}"),
                        });
                        continue;
                    }
                },
            };
            for form in &row.forms {
                b.add_name(
                    form,
                    Candidate {
                        target: Target::Nationality(row.country, region),
                        alternate: false,
                        language_word: row.language_word,
                        accented_only: false,
                        capitalised_only: row.english,
                    },
                );
            }
        }

        for city in &cities {
            let index = b.add_place(Place {
                name: city.name.to_string(),
                kind: PlaceKind::City,
                country: city.country,
                admin1: (!city.admin1.is_empty()).then(|| city.admin1.to_string()),
                lat: Some(city.lat),
                lon: Some(city.lon),
                population: city.population,
            });
            b.add_name(city.name, place_candidate(index, false));
            // English writes both "St. Louis" and "Saint Louis".
            if let Some(rest) = city.name.strip_prefix("Saint ") {
                b.add_name(&format!("St. {rest}"), place_candidate(index, false));
            } else if let Some(rest) = city.name.strip_prefix("St. ") {
                b.add_name(&format!("Saint {rest}"), place_candidate(index, false));
            }
            // One-word alternate names are mostly spellings that folding already covers or
            // other languages' forms that are words here ("Esse" for Essen, "Pastas" for Pasto);
            // the useful exonyms are in `city_exonyms.tsv`. Multi-word ones ("Santiago de
            // Chile", "Ciudad de Panama") are kept.
            for alternate in city.alternates.iter().filter(|a| name_key(a).contains(' ')) {
                b.add_name(alternate, place_candidate(index, true));
            }
        }

        for (line, country, name, exonyms) in tables::city_exonyms(&mut b.errors) {
            // The most populous city of that name in that country (places are in table order,
            // cities of a country by falling population).
            let found = b
                .places
                .iter()
                .position(|p| p.kind == PlaceKind::City && p.country == country && p.name == name);
            match found {
                Some(index) => {
                    for exonym in exonyms {
                        b.add_name(exonym, place_candidate(index as u32, false));
                    }
                }
                None => b.errors.push(DataError {
                    file: "data/city_exonyms.tsv",
                    line,
                    message: format!("no city {name:?} in {country}"),
                }),
            }
        }

        for row in tables::landmarks(&mut b.errors) {
            let index = b.add_place(Place {
                name: row.names[0].to_string(),
                kind: PlaceKind::Landmark,
                country: row.country,
                admin1: (!row.admin1.is_empty()).then(|| row.admin1.to_string()),
                lat: Some(row.lat),
                lon: Some(row.lon),
                population: 0,
            });
            for name in &row.names {
                b.add_name(name, place_candidate(index, false));
            }
        }

        for (policy, name) in tables::place_words(&mut b.errors) {
            if let Some(entry) = b.entry(name_key(name)) {
                entry.policy = policy;
                entry.policy_unaccented_only = name.is_ascii();
            }
        }

        prune_alternates(&mut b.entries, &b.places);

        // Padded with spaces, like the folded text, so that only whole words match and the
        // automaton never reports a name inside another word.
        let mut ordered: Vec<String> = vec![String::new(); b.entries.len()];
        for (key, &index) in &b.keys {
            ordered[index as usize] = format!(" {key} ");
        }
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .match_kind(MatchKind::Standard)
            .build(&ordered);
        let automaton = match automaton {
            Ok(a) => Some(a),
            Err(e) => {
                // Only a pattern set beyond the automaton's size limits fails here; keep the
                // gazetteer usable for lookups and say why finding is disabled.
                b.errors.push(DataError {
                    file: "gazetteer",
                    line: 0,
                    message: format!("name automaton: {e}"),
                });
                None
            }
        };
        let admin1_keys = b
            .places
            .iter()
            .map(|p| p.admin1.as_deref().map(|a| name_key(a).into_boxed_str()))
            .collect();
        Gazetteer {
            admin1_keys,
            places: b.places,
            entries: b.entries,
            keys: b.keys,
            automaton,
            country_places,
            errors: b.errors,
        }
    }

    /// Places known by `name` (any spelling; case, accents and punctuation are folded), optionally
    /// only those in `country`, most prominent first (countries, then landmarks, regions, and
    /// cities by population). Nationality words are not place names and find nothing here.
    pub fn lookup(&self, name: &str, country: Option<CountryCode>) -> Vec<&Place> {
        let Some(&index) = self.keys.get(&name_key(name)) else {
            return Vec::new();
        };
        let mut found: Vec<&Place> = self.entries[index as usize]
            .candidates
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
        self.keys
            .get(key)
            .and_then(|&i| self.entries.get(i as usize))
    }

    pub(crate) fn admin1_key(&self, index: u32) -> Option<&str> {
        self.admin1_keys
            .get(index as usize)
            .and_then(|k| k.as_deref())
    }

    pub(crate) fn place(&self, index: u32) -> &Place {
        &self.places[index as usize]
    }

    pub(crate) fn country_place_index(&self, code: CountryCode) -> Option<u32> {
        self.country_places.get(&code).copied()
    }
}

/// The forms of a country name as written in running text: the name itself, without a
/// parenthesised qualifier ("Bolivia (Estado Plurinacional de)"), and both halves of an inverted
/// name ("Korea, Republic of" is written "Korea" and "Republic of Korea").
fn country_name_variants(name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    let base = match name.find('(') {
        Some(open) => name[..open].trim(),
        None => name,
    };
    if base != name {
        out.push(base.to_string());
    }
    if let Some((head, tail)) = base.split_once(", ") {
        out.push(head.to_string());
        out.push(format!("{tail} {head}"));
    }
    // Lists and headlines write "Turks & Caicos" and "St. Lucia".
    let mut more = Vec::new();
    for v in &out {
        let mut forms = vec![v.clone()];
        if v.contains(" and ") {
            forms.push(v.replace(" and ", " & "));
        }
        for f in &forms {
            if let Some(rest) = f.strip_prefix("Saint ") {
                more.push(format!("St. {rest}"));
            }
        }
        more.extend(forms.into_iter().skip(1));
    }
    out.extend(more);
    out
}

/// A representative point for each admin-1 region: the population-weighted mean of its cities.
fn admin1_centroids(cities: &[tables::CityRow<'_>]) -> HashMap<(CountryCode, String), (f64, f64)> {
    let mut sums: HashMap<(CountryCode, String), (f64, f64, f64)> = HashMap::new();
    for c in cities.iter().filter(|c| !c.admin1.is_empty()) {
        let w = c.population.max(1) as f64;
        let s = sums
            .entry((c.country, name_key(c.admin1)))
            .or_insert((0.0, 0.0, 0.0));
        s.0 += c.lat * w;
        s.1 += c.lon * w;
        s.2 += w;
    }
    sums.into_iter()
        .map(|(k, (lat, lon, w))| {
            (
                k,
                ((lat / w * 1e4).round() / 1e4, (lon / w * 1e4).round() / 1e4),
            )
        })
        .collect()
}

/// Drops GeoNames alternate names that collide with a country or a nationality word: "Mexico"
/// is an alternate name of Mexico City, but in text it is the country.
fn prune_alternates(entries: &mut [Entry], places: &[Place]) {
    for entry in entries.iter_mut() {
        let strong = entry.candidates.iter().any(|c| match c.target {
            Target::Nationality(..) => true,
            Target::Place(i) => places[i as usize].kind == PlaceKind::Country,
        });
        if strong {
            entry.candidates.retain(|c| !c.alternate);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn country_names_variants() {
        assert_eq!(
            country_name_variants("Korea, Republic of"),
            ["Korea, Republic of", "Korea", "Republic of Korea"]
        );
        assert!(country_name_variants("Saint Kitts and Nevis")
            .contains(&"St. Kitts & Nevis".to_string()));
        assert_eq!(
            country_name_variants("Bolivia (Estado Plurinacional de)"),
            ["Bolivia (Estado Plurinacional de)", "Bolivia"]
        );
        let g = gazetteer();
        assert_eq!(g.lookup("Bolivia", None)[0].kind, PlaceKind::Country);
        assert_eq!(
            g.country(countries().resolve("PE").unwrap()).unwrap().name,
            "Peru"
        );
    }
}
