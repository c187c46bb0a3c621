//! Building the gazetteer from the compiled-in tables: every place, every name it is known by
//! (folded into a key), and the word matcher over all keys. The crate's build script runs it
//! once and stores the result (`prebuilt`); a process runs it only if that form cannot be read.

use std::collections::HashMap;

use crate::countries::{countries, CountryCode};
use crate::gazetteer::{Candidate, Entry, Gazetteer, Place, PlaceKind, Target};
use crate::matcher::WordMatcher;
use crate::tables::{self, DataError, Policy};
use rastro_text::fasthash::FastMap;
use rastro_text::text_key;

/// An entry while names are still being added: its candidates in a list of its own.
struct EntryDraft {
    candidates: Vec<Candidate>,
    policy: Policy,
    policy_unaccented_only: bool,
    abbreviation: bool,
}

struct Builder {
    places: Vec<Place>,
    entries: Vec<EntryDraft>,
    keys: HashMap<String, u32>,
    errors: Vec<DataError>,
}

impl Builder {
    fn entry(&mut self, key: String) -> Option<&mut EntryDraft> {
        if key.is_empty() {
            return None;
        }
        let next = self.entries.len() as u32;
        let index = *self.keys.entry(key).or_insert(next);
        if index == next {
            self.entries.push(EntryDraft {
                candidates: Vec::new(),
                policy: Policy::Normal,
                policy_unaccented_only: false,
                abbreviation: false,
            });
        }
        self.entries.get_mut(index as usize)
    }

    fn add_name(&mut self, name: &str, candidate: Candidate) {
        let key = text_key(name);
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

/// Builds the gazetteer: places and names first (countries, regions, nationality words, cities,
/// exonyms, landmarks), then the word policies, then the matcher.
pub(crate) fn build() -> Gazetteer {
    build_with_keys().0
}

/// [`build`], with every folded name and its entry as the builder filed them.
pub(crate) fn build_with_keys() -> (Gazetteer, HashMap<String, u32>) {
    let mut b = Builder {
        places: Vec::with_capacity(20_000),
        entries: Vec::with_capacity(80_000),
        keys: HashMap::with_capacity(80_000),
        errors: Vec::new(),
    };
    let country_places = b.add_countries();
    let cities = tables::cities(&mut b.errors);
    let regions = b.add_regions(&cities);
    b.add_demonyms(&regions);
    b.add_cities(&cities);
    b.add_exonyms();
    b.add_landmarks();
    b.apply_policies();
    prune_alternates(&mut b.entries, &b.places);
    let matcher = WordMatcher::new(b.keys.iter().map(|(k, &i)| (k.as_str(), i)));
    let mut admin1_key_text = String::new();
    let admin1_keys = b
        .places
        .iter()
        .map(|p| {
            let key = text_key(p.admin1.as_deref()?);
            let start = admin1_key_text.len() as u32;
            admin1_key_text.push_str(&key);
            Some((start, key.len() as u32))
        })
        .collect();
    let mut candidates = Vec::new();
    let entries = b
        .entries
        .into_iter()
        .map(|draft| {
            let first_candidate = candidates.len() as u32;
            candidates.extend_from_slice(&draft.candidates);
            Entry {
                first_candidate,
                candidate_count: draft.candidates.len() as u32,
                policy: draft.policy,
                policy_unaccented_only: draft.policy_unaccented_only,
                abbreviation: draft.abbreviation,
            }
        })
        .collect();
    let gazetteer = Gazetteer {
        admin1_keys,
        admin1_key_text,
        places: b.places,
        entries,
        candidates,
        matcher,
        country_places,
        errors: b.errors,
    };
    (gazetteer, b.keys)
}

impl Builder {
    fn add_countries(&mut self) -> FastMap<CountryCode, u32> {
        let mut country_places = FastMap::default();
        for country in countries().iter() {
            let index = self.add_place(Place {
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
                    self.add_name(&variant, place_candidate(index, false));
                }
            }
        }
        country_places
    }

    /// ISO 3166-2 regions, placed at the population-weighted centre of their cities, and their
    /// aliases. Returns the place index of each ISO code.
    fn add_regions(&mut self, cities: &[tables::CityRow<'_>]) -> HashMap<&'static str, u32> {
        let centroids = admin1_centroids(cities);
        let mut by_code: HashMap<&'static str, u32> = HashMap::new();
        for row in tables::subdivisions(&mut self.errors) {
            // The parser rejects rows without a name.
            let Some(&name) = row.names.first() else {
                continue;
            };
            let (lat, lon) = centroids
                .get(&(row.country, text_key(name)))
                .map_or((None, None), |&(lat, lon)| (Some(lat), Some(lon)));
            let index = self.add_place(Place {
                name: name.to_string(),
                kind: PlaceKind::Admin1,
                country: row.country,
                admin1: Some(name.to_string()),
                lat,
                lon,
                population: 0,
            });
            by_code.insert(row.code, index);
            for variant in &row.names {
                self.add_name(variant, place_candidate(index, false));
            }
        }
        for (line, code, alias) in tables::admin1_aliases(&mut self.errors) {
            match by_code.get(code) {
                Some(&index) => self.add_name(alias, place_candidate(index, false)),
                None => self.errors.push(DataError {
                    file: "data/admin1_aliases.tsv",
                    line,
                    message: format!("unknown subdivision {code:?}"),
                }),
            }
        }
        by_code
    }

    fn add_demonyms(&mut self, regions: &HashMap<&'static str, u32>) {
        for row in tables::demonyms(&mut self.errors) {
            let region = match row.region {
                None => None,
                Some(code) => match regions.get(code) {
                    Some(&index) => Some(index),
                    None => {
                        self.errors.push(DataError {
                            file: "data/demonyms.tsv",
                            line: row.line,
                            message: format!("unknown subdivision {code:?}"),
                        });
                        continue;
                    }
                },
            };
            for form in &row.forms {
                self.add_name(
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
    }

    fn add_cities(&mut self, cities: &[tables::CityRow<'_>]) {
        for city in cities {
            let index = self.add_place(Place {
                name: city.name.to_string(),
                kind: PlaceKind::City,
                country: city.country,
                admin1: (!city.admin1.is_empty()).then(|| city.admin1.to_string()),
                lat: Some(city.lat),
                lon: Some(city.lon),
                population: city.population,
            });
            self.add_name(city.name, place_candidate(index, false));
            // English writes both "St. Louis" and "Saint Louis".
            if let Some(rest) = city.name.strip_prefix("Saint ") {
                self.add_name(&format!("St. {rest}"), place_candidate(index, false));
            } else if let Some(rest) = city.name.strip_prefix("St. ") {
                self.add_name(&format!("Saint {rest}"), place_candidate(index, false));
            }
            // One-word alternate names are mostly spellings that folding already covers or
            // other languages' forms that are words here ("Esse" for Essen, "Pastas" for
            // Pasto); the useful exonyms are in `city_exonyms.tsv`. Multi-word ones ("Santiago
            // de Chile", "Ciudad de Panama") are kept.
            for alternate in city.alternates.iter().filter(|a| text_key(a).contains(' ')) {
                self.add_name(alternate, place_candidate(index, true));
            }
        }
    }

    fn add_exonyms(&mut self) {
        for (line, country, name, exonyms) in tables::city_exonyms(&mut self.errors) {
            // The most populous city of that name in that country (places are in table order,
            // cities of a country by falling population).
            let found = self
                .places
                .iter()
                .position(|p| p.kind == PlaceKind::City && p.country == country && p.name == name);
            match found {
                Some(index) => {
                    for exonym in exonyms {
                        self.add_name(exonym, place_candidate(index as u32, false));
                    }
                }
                None => self.errors.push(DataError {
                    file: "data/city_exonyms.tsv",
                    line,
                    message: format!("no city {name:?} in {country}"),
                }),
            }
        }
    }

    fn add_landmarks(&mut self) {
        for row in tables::landmarks(&mut self.errors) {
            let Some(&name) = row.names.first() else {
                continue;
            };
            let index = self.add_place(Place {
                name: name.to_string(),
                kind: PlaceKind::Landmark,
                country: row.country,
                admin1: (!row.admin1.is_empty()).then(|| row.admin1.to_string()),
                lat: Some(row.lat),
                lon: Some(row.lon),
                population: 0,
            });
            for name in &row.names {
                self.add_name(name, place_candidate(index, false));
            }
        }
    }

    fn apply_policies(&mut self) {
        for (policy, name) in tables::place_words(&mut self.errors) {
            if let Some(entry) = self.entry(text_key(name)) {
                entry.policy = policy;
                entry.policy_unaccented_only = name.is_ascii();
            }
        }
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
            .entry((c.country, text_key(c.admin1)))
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
fn prune_alternates(entries: &mut [EntryDraft], places: &[Place]) {
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
    use crate::gazetteer;

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
