//! Finding place references in text and deciding what each one means.
//!
//! Three steps. *Match*: the automaton reports every known name on whole-word boundaries of the
//! folded text. *Filter*: case and word rules drop names that are ordinary words here ("chile"
//! the pepper, "Para" at the start of a sentence, "Herrera" after a given name) and overlapping
//! matches keep the longest. *Resolve*: a name with candidates in one country and enough weight
//! (a country, a nationality, a landmark, a region, a city of 50,000+) is an anchor; the anchors'
//! countries and regions are the context in which the ambiguous rest ("Santiago", "Córdoba",
//! "Georgia") are decided, and what the context cannot decide is left out.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::countries::CountryCode;
use crate::gazetteer::{Candidate, Gazetteer, PlaceKind, Target};
use crate::tables::Policy;
use crate::textfold::{name_key, Folded};

/// What a [`PlaceMention`] names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    Country,
    /// A nationality word ("venezolanas", "Peruvian"): refers to the country of its people.
    Nationality,
    Admin1,
    City,
    Landmark,
}

/// One place reference found in a text by [`Gazetteer::find`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceMention {
    /// Byte offsets of the reference in the text given to `find` (always on char boundaries).
    pub span: Range<usize>,
    pub kind: MentionKind,
    pub country: CountryCode,
    /// Canonical name of the place: the English name of the country for a country or a
    /// nationality word, the region's name for a regional demonym ("chiapanecos": Chiapas), the
    /// local name (GeoNames, ISO 3166-2 or our landmark table) otherwise.
    pub name: String,
    /// The admin-1 region the place lies in; for an admin-1 region or a regional demonym, the
    /// region's own name; `None` for countries and national demonyms.
    pub admin1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// Words that may stand capitalised right before a place name without making it part of a
/// person's or an organisation's name: articles, prepositions and place-type words that start
/// sentences or titles in the three languages.
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "al",
    "and",
    "ao",
    "aos",
    "as",
    "at",
    "both",
    "by",
    "como",
    "con",
    "da",
    "das",
    "de",
    "del",
    "desde",
    "do",
    "dos",
    "e",
    "el",
    "em",
    "en",
    "entre",
    "from",
    "hacia",
    "hasta",
    "in",
    "into",
    "la",
    "las",
    "los",
    "na",
    "nas",
    "near",
    "no",
    "nos",
    "o",
    "of",
    "on",
    "os",
    "para",
    "pela",
    "pelo",
    "por",
    "sobre",
    "the",
    "to",
    "tras",
    "via",
    "y",
    "estado",
    "state",
    "ciudad",
    "city",
    "cidade",
    "provincia",
    "province",
    "provincia",
    "departamento",
    "department",
    "region",
    "regiao",
    "municipio",
    "municipality",
    "distrito",
    "district",
    "county",
    "condado",
    "island",
    "isla",
    "ilha",
    "puerto",
    "porto",
    "port",
    "capital",
    "aeropuerto",
    "aeroporto",
    "airport",
    "frontera",
    "fronteira",
    "border",
    "sur",
    "norte",
    "sul",
    "south",
    "north",
    "east",
    "west",
    "este",
    "oeste",
    "centro",
    "central",
    "interior",
    "costa",
    "coast",
    "greater",
    "gran",
    "grande",
    "alto",
    "bajo",
    "baixo",
    "upper",
    "lower",
    "nuevo",
    "nueva",
    "new",
    "nova",
    "novo",
    "san",
    "santa",
    "santo",
    "sao",
    "saint",
    "st",
];

/// Prepositions after which a name is a place ("en Santos", "to Mobile").
const LOCATIVES: &[&str] = &[
    "en", "em", "no", "na", "in", "at", "near", "from", "to", "into", "desde", "hacia", "hasta",
    "para", "rumbo", "around", "outside", "inside", "towards", "toward", "pela", "pelo", "por",
];

/// Place-type words that, followed by "de"/"do"/"da"/"of", introduce a place name.
const PLACE_TYPES: &[&str] = &[
    "ciudad",
    "cidade",
    "city",
    "town",
    "municipio",
    "municipality",
    "estado",
    "state",
    "provincia",
    "province",
    "departamento",
    "department",
    "region",
    "regiao",
    "distrito",
    "district",
    "localidad",
    "comuna",
    "county",
    "condado",
    "village",
    "puerto",
    "porto",
    "port",
    "bairro",
    "barrio",
    "pueblo",
    "vila",
    "villa",
];

fn locative_before(folded: &str, start: usize) -> bool {
    let mut words = folded[..start].split(' ').rev().filter(|w| !w.is_empty());
    match (words.next(), words.next()) {
        (Some(p), _) if LOCATIVES.contains(&p) => true,
        (Some("de" | "do" | "da" | "del" | "of"), Some(t)) => PLACE_TYPES.contains(&t),
        _ => false,
    }
}

/// Words that, before or after a language-name nationality word, make it the language.
const LANGUAGE_CUES_BEFORE: &[&str] = &[
    "en",
    "em",
    "in",
    "al",
    "ao",
    "habla",
    "hablan",
    "hablaba",
    "hablar",
    "fala",
    "falam",
    "falar",
    "speak",
    "speaks",
    "spoke",
    "speaking",
    "idioma",
    "lengua",
    "lingua",
    "language",
    "traducido",
    "traduzido",
    "translated",
    "clases",
    "aulas",
    "classes",
    "de",
];
const LANGUAGE_CUES_AFTER: &[&str] = &[
    "speaking",
    "speakers",
    "speaker",
    "language",
    "languages",
    "hablantes",
    "hablante",
    "falantes",
    "falante",
    "idioma",
    "lesson",
    "lessons",
    "subtitles",
    "version",
    "translation",
    "translations",
    "translator",
    "translators",
    "interpreter",
    "interpreters",
    "dictionary",
    "keyboard",
    "locale",
    "localization",
    "teacher",
    "teachers",
    "course",
    "courses",
];

/// Nationality words that are parts of larger regional adjectives ("Latin American"): the
/// preceding word decides that no country is meant.
const REGION_PREFIXES: &[&str] = &[
    "latin", "latino", "latina", "south", "central", "north", "pan", "afro", "sul", "centro",
    "norte", "sud", "hispano", "ibero", "native",
];

/// A name match that survived filtering, before resolution.
struct Hit {
    span: Range<usize>,
    folded: Range<usize>,
    /// The candidates that the case and word rules allow here.
    candidates: Vec<Candidate>,
    needs_context: bool,
    /// An ordinary word or a person's name as well as a place: besides context, it needs a
    /// preposition of place before it ("en Santos", "cidade de Natal").
    word: bool,
    locative: bool,
    /// Follows the previous hit as the next item of a list ("Córdoba y Rosario").
    listed: bool,
    folded_is_multiword: bool,
    sentence_initial: bool,
    phrase: bool,
    surface_capitalised: bool,
}

/// The decided meaning of a hit.
#[derive(Clone, Copy)]
struct Choice {
    candidate: Candidate,
    country: CountryCode,
}

impl Gazetteer {
    /// Every place reference in `text`: countries by name or alias in en/es/pt, nationality words
    /// in all genders and numbers, admin-1 regions, cities and well-known places. Overlapping
    /// names keep the longest ("Ciudad de México" over "México"); ambiguous names ("Santiago",
    /// "Córdoba", "Georgia") are decided by the other places in the same text and left out when
    /// the text does not decide. Sorted by position.
    ///
    /// Time is linear in the text, and memory beyond the result is bounded: a long text is folded
    /// and matched in pieces of at most 256 KiB cut at a line break or space, and only the hits
    /// of all pieces are resolved together.
    pub fn find(&self, text: &str) -> Vec<PlaceMention> {
        let mut hits = Vec::new();
        let mut base = 0;
        while base < text.len() {
            let end = chunk_end(text, base);
            let folded = Folded::new(&text[base..end]);
            hits.extend(self.filtered_hits(text, base, &folded));
            base = end;
        }
        for i in 1..hits.len() {
            let gap = &text[hits[i - 1].span.end..hits[i].span.start];
            let gap = gap.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
            hits[i].listed = matches!(gap, "" | "y" | "e" | "and" | "o" | "ou" | "or" | "&");
        }
        self.resolve(hits)
    }

    /// Hits in the piece of `text` that starts at byte `base` and was folded into `folded`;
    /// spans are in `text`, folded ranges in `folded`.
    /// The countries `text` refers to (by name, nationality word or a place inside them),
    /// sorted and without repeats: `find` reduced to what a country list needs.
    pub fn find_countries(&self, text: &str) -> Vec<CountryCode> {
        let mut codes: Vec<CountryCode> = self.find(text).into_iter().map(|m| m.country).collect();
        codes.sort();
        codes.dedup();
        codes
    }

    fn filtered_hits(&self, text: &str, base: usize, folded: &Folded) -> Vec<Hit> {
        let piece = &text[base..];
        let mut hits: Vec<Hit> = Vec::new();
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        for m in automaton.find_overlapping_iter(&folded.text) {
            // Patterns carry a space on each side; the name is what lies between them.
            let (start, end) = (m.start() + 1, m.end() - 1);
            let entry_index = m.pattern().as_u32();
            let Some(entry) = self.entries.get(entry_index as usize) else {
                continue;
            };
            let local = folded.source_range(piece, start..end);
            let span = local.start + base..local.end + base;
            let surface = &text[span.clone()];
            if !source_boundaries_ok(text, &span) {
                continue;
            }
            let first_upper = surface.chars().next().is_some_and(char::is_uppercase);
            let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
            let all_upper = !surface.chars().any(char::is_lowercase);
            let mut hit = Hit {
                span: span.clone(),
                folded: start..end,
                candidates: Vec::new(),
                needs_context: false,
                word: false,
                locative: false,
                listed: false,
                folded_is_multiword: folded.text[start..end].contains(' '),
                sentence_initial: sentence_initial(text, span.start),
                phrase: false,
                surface_capitalised: first_upper,
            };
            let policy = if entry.policy_unaccented_only && !surface.is_ascii() {
                Policy::Normal
            } else {
                entry.policy
            };
            match policy {
                Policy::Never => continue,
                Policy::Phrase => {
                    hit.phrase = true;
                    hits.push(hit);
                    continue;
                }
                Policy::Accent if surface.is_ascii() => continue,
                Policy::Context | Policy::Word => {
                    if sentence_initial(text, span.start) {
                        continue;
                    }
                    hit.needs_context = true;
                    hit.word = policy == Policy::Word;
                    hit.locative = locative_before(&folded.text, start);
                }
                _ => {}
            }
            if entry.abbreviation && !all_upper {
                continue;
            }
            // Short words in capitals are acronyms ("ICA", "PARA") unless the table says the
            // name itself is one, or the words around are capitals too (a headline: "LIMA").
            if !entry.abbreviation && all_upper && letters <= 4 && !in_capitals(text, &span) {
                continue;
            }
            let prev = previous_word(text, &folded.text, start, span.start);
            let next = next_word(&folded.text, end);
            for candidate in &entry.candidates {
                let allowed = match candidate.target {
                    Target::Nationality(..) => {
                        let language = candidate.language_word
                            && (prev.is_some_and(|p| LANGUAGE_CUES_BEFORE.contains(&p.folded))
                                || next.is_some_and(|n| LANGUAGE_CUES_AFTER.contains(&n))
                                || self.follows_listed_language(&folded.text, start));
                        let regional = prev.is_some_and(|p| REGION_PREFIXES.contains(&p.folded));
                        !language && !regional && (first_upper || !candidate.capitalised_only)
                    }
                    Target::Place(i) => {
                        let place = self.place(i);
                        if place.kind == PlaceKind::Country
                            && candidate.accented_only
                            && surface.is_ascii()
                        {
                            continue;
                        }
                        // "Pará" written with its accent is not Suriname's "Para".
                        if matches!(place.kind, PlaceKind::City | PlaceKind::Admin1)
                            && !surface.is_ascii()
                            && place.name.is_ascii()
                            && !candidate.alternate
                            && name_key(&place.name) == folded.text[start..end]
                        {
                            continue;
                        }
                        let after_name = matches!(place.kind, PlaceKind::City | PlaceKind::Admin1)
                            && prev.is_some_and(|p| {
                                p.capitalised && p.adjacent && !FUNCTION_WORDS.contains(&p.folded)
                            });
                        // "Escobar Gaviria", "Franklin Roosevelt": a one-word town followed by a
                        // capitalised word is a person's name; big cities keep their name even
                        // then ("Houston Police", "Cali Cartel").
                        let before_name = place.kind == PlaceKind::City
                            && place.population < 500_000
                            && !surface.contains(' ')
                            && next_capitalised_word(text, span.end)
                                .is_some_and(|w| !FUNCTION_WORDS.contains(&w.as_str()));
                        let person_like = after_name || before_name;
                        let proper = match place.kind {
                            // GeoNames and ISO names capitalise every word but particles, so
                            // "La entrada" or "la ciudad de" in running text is not "La Entrada".
                            PlaceKind::City | PlaceKind::Admin1 => words_capitalised(surface),
                            _ => first_upper,
                        };
                        proper && !person_like
                    }
                };
                if allowed {
                    hit.candidates.push(*candidate);
                }
            }
            if !hit.candidates.is_empty() {
                hits.push(hit);
            }
        }
        keep_longest(hits)
    }

    /// True for the later names of a list of languages ("en español, inglés y portugués"): the
    /// cue before the first one covers them all.
    fn follows_listed_language(&self, folded: &str, start: usize) -> bool {
        let mut words = folded[..start].split(' ').rev().filter(|w| !w.is_empty());
        let Some(previous) = words.next() else {
            return false;
        };
        let before = words.next().unwrap_or("");
        const CONJUNCTIONS: &[&str] = &["y", "e", "and", "o", "ou", "or", "ni", "nem"];
        let is_language = |w: &str| {
            self.entry_for_key(w)
                .is_some_and(|e| e.candidates.iter().any(|c| c.language_word))
        };
        // "español, inglés" (the comma is folded away) or "español e inglés".
        is_language(previous) || (CONJUNCTIONS.contains(&previous) && is_language(before))
    }

    fn resolve(&self, hits: Vec<Hit>) -> Vec<PlaceMention> {
        let mut choices: Vec<Option<Choice>> = vec![None; hits.len()];
        let mut context = Context::default();
        for (i, hit) in hits.iter().enumerate() {
            if hit.phrase {
                continue;
            }
            if let Some(choice) = self.standalone(hit) {
                context.add(self, choice, hit.span.start);
                choices[i] = Some(choice);
            }
        }
        // A name decided by context may itself decide another ("Valencia" → Spain, then
        // "Córdoba"), so resolve until nothing changes (two rounds cover real texts).
        for _ in 0..2 {
            let mut changed = false;
            for (i, hit) in hits.iter().enumerate() {
                if hit.phrase || choices[i].is_some() {
                    continue;
                }
                let after_place = hit.listed && i > 0 && choices[i - 1].is_some();
                if let Some(choice) = self.in_context(hit, &context, after_place) {
                    context.add(self, choice, hit.span.start);
                    choices[i] = Some(choice);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        hits.iter()
            .zip(choices)
            .filter_map(|(hit, choice)| choice.map(|c| self.mention(hit, c)))
            .collect()
    }

    fn country_of(&self, candidate: &Candidate) -> CountryCode {
        match candidate.target {
            Target::Nationality(code, _) => code,
            Target::Place(i) => self.place(i).country,
        }
    }

    fn weight(&self, candidate: &Candidate) -> u64 {
        match candidate.target {
            Target::Nationality(..) => 1_000_000_000,
            Target::Place(i) => {
                let p = self.place(i).prominence();
                if candidate.alternate {
                    p / 2
                } else {
                    p
                }
            }
        }
    }

    /// The best candidate of a hit among `allowed`, preferring the form the surface suggests: a
    /// capitalised "Dominicana" is the country, a lowercase "dominicana" the nationality.
    fn best<'a>(
        &self,
        hit: &Hit,
        allowed: impl Iterator<Item = &'a Candidate>,
        context: Option<&Context>,
    ) -> Option<Candidate> {
        allowed
            .max_by_key(|c| {
                let surface_fit = match c.target {
                    Target::Nationality(..) => !hit.surface_capitalised,
                    Target::Place(_) => hit.surface_capitalised,
                };
                let region_fit = context.is_some_and(|ctx| match c.target {
                    Target::Place(i) => ctx.has_admin1(self, i),
                    Target::Nationality(..) => false,
                });
                (region_fit, surface_fit, self.weight(c))
            })
            .copied()
    }

    /// Decides a hit without context when it is unambiguous and weighty enough.
    fn standalone(&self, hit: &Hit) -> Option<Choice> {
        if hit.needs_context {
            return None;
        }
        // Strongest candidate per country; a handful of countries at most, so a small vector.
        let mut weights: Vec<(CountryCode, u64)> = Vec::with_capacity(4);
        for c in &hit.candidates {
            let (country, weight) = (self.country_of(c), self.weight(c));
            match weights.iter_mut().find(|(k, _)| *k == country) {
                Some(entry) => entry.1 = entry.1.max(weight),
                None => weights.push((country, weight)),
            }
        }
        weights.sort_by_key(|w| std::cmp::Reverse(w.1));
        let (top_country, top_weight) = *weights.first()?;
        // A name shared by places in several countries stands alone only when one of them
        // dwarfs the rest ("Lima" the capital against a town in Ohio).
        if let Some(&(_, second)) = weights.get(1) {
            if top_weight < second.saturating_mul(20) {
                return None;
            }
        }
        let best = self.best(
            hit,
            hit.candidates
                .iter()
                .filter(|c| self.country_of(c) == top_country),
            None,
        )?;
        let weighty = match best.target {
            Target::Nationality(..) => true,
            Target::Place(i) => match self.place(i).kind {
                PlaceKind::Country | PlaceKind::Landmark | PlaceKind::Admin1 => true,
                // A one-word town name is often a surname or a word too; only a big city
                // stands for itself without its country or region nearby.
                PlaceKind::City => {
                    let one_word = !hit.folded_is_multiword;
                    self.weight(&best) >= if one_word { 200_000 } else { 50_000 }
                }
            },
        };
        weighty.then_some(Choice {
            candidate: best,
            country: top_country,
        })
    }

    /// Decides a hit by the countries and regions the rest of the text has established.
    /// `after_place`: the hit continues a list whose previous item was decided to be a place.
    fn in_context(&self, hit: &Hit, context: &Context, after_place: bool) -> Option<Choice> {
        let in_region = hit.candidates.iter().filter(|c| match c.target {
            Target::Place(i) => context.has_admin1(self, i),
            Target::Nationality(..) => false,
        });
        if let Some(best) = self.best(hit, in_region, Some(context)) {
            return Some(Choice {
                country: self.country_of(&best),
                candidate: best,
            });
        }
        if hit.word && !hit.locative && !after_place {
            return None;
        }
        // A town that needs the context to count, written where any word is capitalised (the
        // start of a sentence), is more likely that word than the town.
        if hit.sentence_initial
            && hit.candidates.iter().all(|c| match c.target {
                Target::Place(i) => self.place(i).kind == PlaceKind::City,
                Target::Nationality(..) => false,
            })
        {
            return None;
        }
        // Nationality words say where people come from, not where the story happens: a town
        // is placed in a country only when a place there is named ("venezolanas en Valencia"
        // does not make Valencia Venezuelan).
        let score = |c: &Candidate| {
            let places_only =
                matches!(c.target, Target::Place(i) if self.place(i).kind == PlaceKind::City);
            context.country_score(self.country_of(c), hit.span.start, places_only)
        };
        let top_score = hit.candidates.iter().map(score).max().unwrap_or(0);
        if top_score == 0 {
            return None;
        }
        let best = self.best(
            hit,
            hit.candidates.iter().filter(|c| score(c) == top_score),
            Some(context),
        )?;
        Some(Choice {
            country: self.country_of(&best),
            candidate: best,
        })
    }

    fn mention(&self, hit: &Hit, choice: Choice) -> PlaceMention {
        match choice.candidate.target {
            Target::Nationality(code, region) => {
                // A regional demonym names its region; a national one its country.
                let place = region.or_else(|| self.country_place_index(code));
                let name = place.map_or_else(|| code.to_string(), |i| self.place(i).name.clone());
                PlaceMention {
                    span: hit.span.clone(),
                    kind: MentionKind::Nationality,
                    country: code,
                    name,
                    admin1: region.and_then(|i| self.place(i).admin1.clone()),
                    lat: None,
                    lon: None,
                }
            }
            Target::Place(i) => {
                let p = self.place(i);
                PlaceMention {
                    span: hit.span.clone(),
                    kind: match p.kind {
                        PlaceKind::Country => MentionKind::Country,
                        PlaceKind::Admin1 => MentionKind::Admin1,
                        PlaceKind::City => MentionKind::City,
                        PlaceKind::Landmark => MentionKind::Landmark,
                    },
                    country: p.country,
                    name: p.name.clone(),
                    admin1: p.admin1.clone(),
                    lat: p.lat,
                    lon: p.lon,
                }
            }
        }
    }
}

/// Countries and admin-1 regions established by the decided mentions of a text.
#[derive(Default)]
struct Context {
    /// Decided mentions by byte position: (country, weight).
    by_position: BTreeMap<usize, (CountryCode, u32)>,
    /// Per country, the summed weight of all its mentions, and of its place mentions only.
    totals: Vec<(CountryCode, u32, u32)>,
    regions: Vec<(CountryCode, String)>,
}

impl Context {
    fn add(&mut self, g: &Gazetteer, choice: Choice, at: usize) {
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
    fn country_score(&self, code: CountryCode, at: usize, places_only: bool) -> u32 {
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

    fn has_admin1(&self, g: &Gazetteer, place: u32) -> bool {
        let country = g.place(place).country;
        g.admin1_key(place)
            .is_some_and(|key| self.regions.iter().any(|(c, r)| *c == country && r == key))
    }
}

/// Bytes of text folded and matched at a time (see `Gazetteer::find`).
const CHUNK: usize = 256 * 1024;

/// End of the piece that starts at `base`: at most [`CHUNK`] bytes on, just after the last line
/// break (or else space) in its second half, so that no name is cut; the end of the text if near.
fn chunk_end(text: &str, base: usize) -> usize {
    if text.len() - base <= CHUNK {
        return text.len();
    }
    let window = &text.as_bytes()[base + CHUNK / 2..base + CHUNK];
    let cut = window
        .iter()
        .rposition(|&b| b == b'\n')
        .or_else(|| window.iter().rposition(|&b| b == b' '))
        .map(|i| base + CHUNK / 2 + i + 1);
    let mut end = cut.unwrap_or(base + CHUNK);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Keeps, among overlapping hits, the longest (then the leftmost); the result is in text order.
fn keep_longest(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| {
        (b.folded.end - b.folded.start)
            .cmp(&(a.folded.end - a.folded.start))
            .then(a.folded.start.cmp(&b.folded.start))
    });
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        let overlaps = kept
            .iter()
            .any(|k| k.folded.start < hit.folded.end && hit.folded.start < k.folded.end);
        if !overlaps {
            kept.push(hit);
        }
    }
    kept.sort_by_key(|h| h.folded.start);
    kept
}

/// True when one of the two words before or after `span` is written in capitals too (with at
/// least three letters, so that "EN" or "A" alone do not make a headline).
fn in_capitals(text: &str, span: &Range<usize>) -> bool {
    let shouty = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !w.chars().any(char::is_lowercase)
    };
    let start = span.start.saturating_sub(40);
    let start = (start..=span.start)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(span.start);
    let end = (span.end + 40).min(text.len());
    let end = (end..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    let words = |t: &'_ str| {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let before = words(&text[start..span.start]);
    let after = words(&text[span.end..end]);
    before.iter().rev().take(2).any(|w| shouty(w)) || after.iter().take(2).any(|w| shouty(w))
}

/// Particles that stay lowercase inside place names.
const NAME_PARTICLES: &[&str] = &[
    "de", "del", "la", "las", "los", "el", "do", "da", "dos", "das", "e", "y", "of", "the", "and",
    "di", "du", "des", "en", "au", "aux", "sur", "upon", "on", "a", "al", "o", "os", "as",
];

/// True when every word of `surface` but the particles starts with a capital letter.
fn words_capitalised(surface: &str) -> bool {
    surface
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .enumerate()
        .all(|(i, w)| {
            let first_upper = w
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric());
            first_upper || (i > 0 && NAME_PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(w)))
        })
}

/// The matched text must not continue into a currency sign or a word the folding split off
/// ("US$", "Perú-").
fn source_boundaries_ok(text: &str, span: &Range<usize>) -> bool {
    let after = text[span.end..].chars().next();
    let before = text[..span.start].chars().next_back();
    !matches!(after, Some('$' | '@' | '_')) && !matches!(before, Some('@' | '#' | '_' | '$'))
}

/// True when nothing but spaces and opening quotes stand between `at` and the end of the
/// previous sentence (or the start of the text).
fn sentence_initial(text: &str, at: usize) -> bool {
    for c in text[..at].chars().rev() {
        match c {
            ' ' | '\t' | '"' | '\'' | '«' | '“' | '‘' | '(' | '¿' | '¡' | '-' | '—' => {
                continue
            }
            '.' | '!' | '?' | '\n' | '\r' | ':' => return true,
            _ => return false,
        }
    }
    true
}

#[derive(Clone, Copy)]
struct PrevWord<'a> {
    folded: &'a str,
    capitalised: bool,
    /// Only spaces separate it from the name (no comma, no line break).
    adjacent: bool,
}

fn previous_word<'a>(
    text: &str,
    folded: &'a str,
    start: usize,
    span_start: usize,
) -> Option<PrevWord<'a>> {
    let before = folded[..start].trim_end();
    let word_start = before.rfind(' ').map_or(0, |i| i + 1);
    let word = &before[word_start..];
    if word.is_empty() {
        return None;
    }
    // Capitalisation and separators come from the original text just before the name.
    let mut capitalised = false;
    let mut adjacent = true;
    let mut in_word = false;
    for c in text[..span_start].chars().rev() {
        if c.is_alphanumeric() {
            in_word = true;
            capitalised = c.is_uppercase();
        } else if in_word {
            break;
        } else if !(c.is_whitespace() && c != '\n') {
            adjacent = false;
            break;
        }
    }
    Some(PrevWord {
        folded: word,
        capitalised,
        adjacent,
    })
}

/// The next word of the original text, folded, when only spaces separate it from `end` and it
/// starts with a capital letter.
fn next_capitalised_word(text: &str, end: usize) -> Option<String> {
    let rest = &text[end..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    if trimmed.len() == rest.len() || !trimmed.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let word_end = trimmed
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(trimmed.len());
    Some(name_key(&trimmed[..word_end]))
}

fn next_word(folded: &str, end: usize) -> Option<&str> {
    let after = folded[end..].trim_start();
    let word_end = after.find(' ').unwrap_or(after.len());
    let word = &after[..word_end];
    (!word.is_empty()).then_some(word)
}
