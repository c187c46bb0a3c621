//! The gazetteer in a form a process loads without building it: places, entries, candidates and
//! the matcher's table as they are in memory, written by the crate's build script from a build
//! over the vendored tables (`build.rs` at the crate root) and compiled into the binary.
//!
//! Building folds some 90,000 names, parses the city table and hashes every run of words, about
//! a quarter of a billion instructions: more than extracting a hundred articles, paid by every
//! `rastro extract` of a single file. Reading this form copies the places' names and places the
//! matcher's slots where they were, with nothing folded, parsed or hashed.
//!
//! Little-endian integers; every string's text is in one pool after the header, checked as UTF-8
//! once, and a string is its start and length in the pool. A test holds the compiled-in form to a
//! fresh build of the tables byte for byte, so it cannot fall behind them.

use crate::countries::CountryCode;
use crate::form::{Corrupt, Reader, Writer};
use crate::gazetteer::{Candidate, Entry, Gazetteer, Place, PlaceKind, Target};
use crate::matcher::WordMatcher;
use crate::tables::{DataError, Policy};
use rastro_text::fasthash::FastMap;

/// First bytes of the form, with its version: a form written by another layout is not read.
const MAGIC: &[u8; 8] = b"RGAZ\x00\x00\x00\x01";

const KINDS: [PlaceKind; 4] = [
    PlaceKind::Country,
    PlaceKind::Admin1,
    PlaceKind::City,
    PlaceKind::Landmark,
];
const POLICIES: [Policy; 7] = [
    Policy::Normal,
    Policy::Accent,
    Policy::Context,
    Policy::Word,
    Policy::Phrase,
    Policy::Never,
    Policy::GivenName,
];

#[cfg_attr(not(test), allow(dead_code))]
fn index_of<T: PartialEq>(table: &[T], value: &T) -> u8 {
    table.iter().position(|t| t == value).unwrap_or(0) as u8
}

/// The gazetteer in its prebuilt form.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn encode(g: &Gazetteer) -> Vec<u8> {
    let mut out = Writer::default();
    out.u32(g.places.len() as u32);
    for place in &g.places {
        out.str(&place.name);
        out.u8(index_of(&KINDS, &place.kind));
        out.country(place.country);
        match &place.admin1 {
            Some(a) => {
                out.u8(1);
                out.str(a);
            }
            None => out.u8(0),
        }
        out.option_f64(place.lat);
        out.option_f64(place.lon);
        out.u64(place.population);
    }
    out.u32(g.entries.len() as u32);
    for entry in &g.entries {
        out.u32(entry.first_candidate);
        out.u32(entry.candidate_count);
        out.u8(index_of(&POLICIES, &entry.policy));
        out.u8(u8::from(entry.policy_unaccented_only) | u8::from(entry.abbreviation) << 1);
    }
    out.u32(g.candidates.len() as u32);
    for c in &g.candidates {
        match c.target {
            Target::Place(i) => {
                out.u8(0);
                out.u32(i);
            }
            Target::Nationality(code, region) => {
                out.u8(1);
                out.country(code);
                out.u32(region.unwrap_or(u32::MAX));
            }
        }
        out.u8(u8::from(c.alternate)
            | u8::from(c.language_word) << 1
            | u8::from(c.accented_only) << 2
            | u8::from(c.capitalised_only) << 3);
    }
    g.matcher.write(&mut out);
    let mut countries: Vec<(CountryCode, u32)> =
        g.country_places.iter().map(|(&c, &i)| (c, i)).collect();
    countries.sort_unstable();
    out.u32(countries.len() as u32);
    for (code, index) in countries {
        out.country(code);
        out.u32(index);
    }
    out.str(&g.admin1_key_text);
    out.u32(g.admin1_keys.len() as u32);
    for key in &g.admin1_keys {
        let (start, len) = key.unwrap_or((u32::MAX, 0));
        out.u32(start);
        out.u32(len);
    }
    out.u32(g.errors.len() as u32);
    for e in &g.errors {
        out.str(e.file);
        out.u32(e.line as u32);
        out.str(&e.message);
    }
    let mut form = MAGIC.to_vec();
    form.extend_from_slice(&(out.pool.len() as u32).to_le_bytes());
    form.extend_from_slice(out.pool.as_bytes());
    form.extend_from_slice(&out.bytes);
    form
}

/// The gazetteer [`encode`] wrote. Borrowed from `bytes` only for the data errors' file names.
pub(crate) fn decode(bytes: &'static [u8]) -> Result<Gazetteer, Corrupt> {
    let mut input = Reader {
        bytes,
        pool: "",
        codes: vec![None; 26 * 26],
    };
    if input.take(MAGIC.len())? != MAGIC {
        return Err(Corrupt("header"));
    }
    let pool_len = input.u32()? as usize;
    input.pool = std::str::from_utf8(input.take(pool_len)?).map_err(|_| Corrupt("text pool"))?;
    let count = input.count(22)?;
    let mut places = Vec::with_capacity(count);
    for _ in 0..count {
        let name = input.str()?.to_string();
        let kind = *KINDS
            .get(input.u8()? as usize)
            .ok_or(Corrupt("place kind"))?;
        let country = input.country()?;
        let admin1 = match input.u8()? {
            0 => None,
            _ => Some(input.str()?.to_string()),
        };
        places.push(Place {
            name,
            kind,
            country,
            admin1,
            lat: input.option_f64()?,
            lon: input.option_f64()?,
            population: input.u64()?,
        });
    }
    let count = input.count(10)?;
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        let first_candidate = input.u32()?;
        let candidate_count = input.u32()?;
        let policy = *POLICIES
            .get(input.u8()? as usize)
            .ok_or(Corrupt("policy"))?;
        let flags = input.u8()?;
        entries.push(Entry {
            first_candidate,
            candidate_count,
            policy,
            policy_unaccented_only: flags & 1 != 0,
            abbreviation: flags & 2 != 0,
        });
    }
    let count = input.count(6)?;
    let mut candidates = Vec::with_capacity(count);
    for _ in 0..count {
        let target = match input.u8()? {
            0 => Target::Place(input.u32()?),
            1 => {
                let code = input.country()?;
                let region = Some(input.u32()?).filter(|&r| r != u32::MAX);
                Target::Nationality(code, region)
            }
            _ => return Err(Corrupt("candidate")),
        };
        let flags = input.u8()?;
        candidates.push(Candidate {
            target,
            alternate: flags & 1 != 0,
            language_word: flags & 2 != 0,
            accented_only: flags & 4 != 0,
            capitalised_only: flags & 8 != 0,
        });
    }
    let matcher = WordMatcher::read(&mut input)?;
    let count = input.count(6)?;
    let mut country_places = FastMap::default();
    for _ in 0..count {
        let code = input.country()?;
        country_places.insert(code, input.u32()?);
    }
    let admin1_key_text = input.str()?.to_string();
    let count = input.count(8)?;
    let mut admin1_keys = Vec::with_capacity(count);
    for _ in 0..count {
        let (start, len) = (input.u32()?, input.u32()?);
        admin1_keys.push((start != u32::MAX).then_some((start, len)));
    }
    let count = input.count(20)?;
    let mut errors = Vec::with_capacity(count);
    for _ in 0..count {
        errors.push(DataError {
            file: input.str()?,
            line: input.u32()? as usize,
            message: input.str()?.to_string(),
        });
    }
    if !input.bytes.is_empty() {
        return Err(Corrupt("end (bytes left over)"));
    }
    // Indexes into places are checked once here, so that lookups may index without a check of
    // their own (the matcher's entries and the admin-1 keys are read with `get`).
    let out_of_range = entries
        .iter()
        .any(|e| e.first_candidate as usize + e.candidate_count as usize > candidates.len())
        || candidates.iter().any(|c| match c.target {
            Target::Place(i) | Target::Nationality(_, Some(i)) => i as usize >= places.len(),
            Target::Nationality(_, None) => false,
        })
        || country_places.values().any(|&i| i as usize >= places.len())
        || admin1_keys.len() != places.len();
    if out_of_range {
        return Err(Corrupt("indexes"));
    }
    Ok(Gazetteer {
        places,
        entries,
        candidates,
        matcher,
        country_places,
        admin1_keys,
        admin1_key_text,
        errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::build_with_keys;
    use crate::countries::countries;
    use crate::PREBUILT;
    use rastro_text::FoldedText;

    /// The compiled-in form is what a build of the vendored tables writes now, and reads back
    /// as the same gazetteer: a table edited without the form following cannot pass.
    #[test]
    fn prebuilt_form_is_the_vendored_tables_built_now() {
        let (built, keys) = build_with_keys();
        assert_eq!(built.data_errors(), &[] as &[DataError]);
        let encoded = encode(&built);
        assert!(
            encoded == PREBUILT,
            "the prebuilt gazetteer differs from the tables"
        );
        let loaded = decode(PREBUILT).unwrap();
        assert!(encode(&loaded) == PREBUILT);
        assert_eq!(loaded.places, built.places);
        assert_eq!(loaded.entries, built.entries);
        assert_eq!(loaded.candidates, built.candidates);
        // Every name the builder filed is found under its key through the matcher alone.
        for (key, &entry) in &keys {
            assert_eq!(loaded.matcher.entry(key), Some(entry), "{key}");
        }
        assert_eq!(loaded.name_count(), keys.len());
    }

    /// An invented gazetteer of two places and a nationality word goes through the form and
    /// finds the same names in text as before.
    #[test]
    fn an_invented_gazetteer_round_trips_and_finds_the_same_places() {
        let pe = countries().by_alpha2("PE").unwrap();
        let place = |name: &str, kind| Place {
            name: name.to_string(),
            kind,
            country: pe,
            admin1: (kind == PlaceKind::City).then(|| "Lima Región".to_string()),
            lat: (kind == PlaceKind::City).then_some(-12.04),
            lon: None,
            population: 7,
        };
        let candidate = |target| Candidate {
            target,
            alternate: false,
            language_word: true,
            accented_only: false,
            capitalised_only: true,
        };
        let entry = |first, count, policy| Entry {
            first_candidate: first,
            candidate_count: count,
            policy,
            policy_unaccented_only: true,
            abbreviation: false,
        };
        let mut country_places = FastMap::default();
        country_places.insert(pe, 0);
        let original = Gazetteer {
            places: vec![
                place("Peru", PlaceKind::Country),
                place("Lima", PlaceKind::City),
            ],
            entries: vec![
                entry(0, 1, Policy::Normal),
                entry(1, 1, Policy::Context),
                entry(2, 1, Policy::Normal),
            ],
            candidates: vec![
                candidate(Target::Place(0)),
                candidate(Target::Place(1)),
                candidate(Target::Nationality(pe, None)),
            ],
            matcher: WordMatcher::new([("peru", 0), ("lima", 1), ("peruanos", 2)].into_iter()),
            country_places,
            admin1_keys: vec![None, Some((0, 11))],
            admin1_key_text: "lima region".to_string(),
            errors: vec![DataError {
                file: "data/invented.tsv",
                line: 3,
                message: "a row".to_string(),
            }],
        };
        let bytes: &'static [u8] = Box::leak(encode(&original).into_boxed_slice());
        let loaded = decode(bytes).unwrap();
        assert_eq!(loaded.places, original.places);
        assert_eq!(loaded.entries, original.entries);
        assert_eq!(loaded.candidates, original.candidates);
        assert_eq!(loaded.admin1_key(1), Some("lima region"));
        assert_eq!(loaded.admin1_key(0), None);
        assert_eq!(loaded.errors, original.errors);
        assert_eq!(loaded.country(pe).map(|p| p.name.as_str()), Some("Peru"));
        assert_eq!(loaded.lookup("LIMA", None)[0].name, "Lima");
        assert_eq!(loaded.matcher.entry("peruanos"), Some(2));
        assert_eq!(loaded.matcher.entry("cusco"), None);
        let text = "Dos peruanos en Lima, Perú.";
        let mut words = rastro_text::FoldedWords::default();
        FoldedText::new(text).words_into(text, &mut words);
        let entries = |g: &Gazetteer| -> Vec<u32> {
            g.matcher
                .find(&words)
                .into_iter()
                .map(|m| m.entry)
                .collect()
        };
        assert_eq!(entries(&loaded), [2, 1, 0]);
        assert_eq!(entries(&loaded), entries(&original));
    }

    #[test]
    fn a_damaged_form_is_an_error_not_a_crash() {
        let bytes = &PREBUILT[..PREBUILT.len() / 2];
        assert!(decode(bytes).is_err(), "half a form");
        assert_eq!(
            decode(b"RGAZ\x00\x00\x00\x02").err(),
            Some(Corrupt("header"))
        );
        let mut longer = PREBUILT.to_vec();
        longer.push(0);
        let longer: &'static [u8] = Box::leak(longer.into_boxed_slice());
        assert!(decode(longer).is_err());
        // A count larger than the bytes left allocates nothing.
        let mut huge_count = MAGIC.to_vec();
        huge_count.extend_from_slice(&0u32.to_le_bytes());
        huge_count.extend_from_slice(&u32::MAX.to_le_bytes());
        let huge_count: &'static [u8] = Box::leak(huge_count.into_boxed_slice());
        assert_eq!(decode(huge_count).err(), Some(Corrupt("count")));
    }
}
