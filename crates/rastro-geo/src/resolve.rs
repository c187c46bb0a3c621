//! Finding place references in text and deciding what each one means.
//!
//! Three steps. *Match*: the word matcher reports every known name on whole-word boundaries of
//! the folded text. *Filter*: case and word rules drop names that are ordinary words here ("chile"
//! the pepper, "Para" at the start of a sentence, "Herrera" after a given name) and overlapping
//! matches keep the longest. *Resolve*: a name with candidates in one country and enough weight
//! (a country, a nationality, a landmark, a region, a city of 50,000+) is an anchor; the anchors'
//! countries and regions are the context in which the ambiguous rest ("Santiago", "Córdoba",
//! "Georgia") are decided, and what the context cannot decide is left out.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;

use serde::Serialize;

use crate::context::{Choice, Context};
use crate::countries::CountryCode;
use crate::gazetteer::{Candidate, Gazetteer, PlaceKind, Target};
use crate::matcher::NameMatch;
use crate::small_list::SmallList;
use crate::surface::{
    capitalised_name_follows, folded_key, in_capitals, locative_before, next_word, previous_word,
    sentence_initial, source_boundaries_ok, words_capitalised, FUNCTION_WORDS, LANGUAGE_CUES_AFTER,
    LANGUAGE_CUES_BEFORE, REGION_PREFIXES,
};
use crate::tables::Policy;
use rastro_text::{chars, FoldedText, FoldedWords};

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

/// One place reference found in a text by [`Gazetteer::find`]. Its names are borrowed from the
/// gazetteer (`'g`): an article names dozens of places, and copying each name was a good part of
/// the cost of finding them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceMention<'g> {
    /// Byte offsets of the reference in the text given to `find` (always on char boundaries).
    pub span: Range<usize>,
    pub kind: MentionKind,
    pub country: CountryCode,
    /// Canonical name of the place: the English name of the country for a country or a
    /// nationality word, the region's name for a regional demonym ("chiapanecos": Chiapas), the
    /// local name (GeoNames, ISO 3166-2 or our landmark table) otherwise.
    pub name: Cow<'g, str>,
    /// The admin-1 region the place lies in; for an admin-1 region or a regional demonym, the
    /// region's own name; `None` for countries and national demonyms.
    pub admin1: Option<&'g str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// A name match that survived filtering, before resolution.
struct Hit {
    span: Range<usize>,
    folded: Range<usize>,
    /// The candidates that the case and word rules allow here.
    candidates: SmallList<Candidate, 4>,
    needs_context: bool,
    /// An ordinary word or a person's name as well as a place: besides context, it needs a
    /// preposition of place before it ("en Santos", "cidade de Natal").
    word: bool,
    locative: bool,
    /// Follows the previous hit as the next item of a list ("Córdoba y Rosario").
    listed: bool,
    /// A preposition of place stands right before it ("in Chaguanas").
    after_locative: bool,
    /// Written in capitals at the start of a line and followed by a comma or dash: a news
    /// dateline ("PANAMA CITY, 22 April —"), which names a well-known place.
    dateline: bool,
    folded_is_multiword: bool,
    sentence_initial: bool,
    phrase: bool,
    surface_capitalised: bool,
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
    pub fn find(&self, text: &str) -> Vec<PlaceMention<'_>> {
        let mut found = Vec::new();
        with_scratch(|scratch| {
            let Scratch {
                folded,
                words,
                names,
                hits,
            } = scratch;
            hits.clear();
            let mut base = 0;
            while base < text.len() {
                let end = chunk_end(text, base);
                let piece = &text[base..end];
                folded.refold(piece);
                folded.words_into(piece, words);
                self.matcher.find_into(words, names);
                self.filtered_hits(text, base..end, words, names, hits, folded);
                base = end;
            }
            found = self.resolve_hits(text, hits);
        });
        found
    }

    /// [`Gazetteer::find`] over words that the caller has already cut from `text` and folded (as
    /// [`FoldedText`] folds them; see [`FoldedWords`]), so that a text is not folded twice: the
    /// same places as `find(text)` for the same words. The words are matched as one piece,
    /// whatever their length.
    pub fn find_in_words(&self, text: &str, words: &FoldedWords) -> Vec<PlaceMention<'_>> {
        let mut found = Vec::new();
        with_scratch(|scratch| {
            let Scratch {
                folded,
                names,
                hits,
                ..
            } = scratch;
            hits.clear();
            self.matcher.find_into(words, names);
            self.filtered_hits(text, 0..text.len(), words, names, hits, folded);
            found = self.resolve_hits(text, hits);
        });
        found
    }

    /// Marks the hits that continue a list, resolves them all, and empties `hits`.
    fn resolve_hits(&self, text: &str, hits: &mut Vec<Hit>) -> Vec<PlaceMention<'_>> {
        for i in 1..hits.len() {
            let gap = &text[hits[i - 1].span.end..hits[i].span.start];
            let gap = gap.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
            hits[i].listed = matches!(gap, "" | "y" | "e" | "and" | "o" | "ou" | "or" | "&");
        }
        let found = self.resolve(hits);
        hits.clear();
        found
    }

    /// The countries `text` refers to (by name, nationality word or a place inside them),
    /// sorted and without repeats: `find` reduced to what a country list needs.
    pub fn find_countries(&self, text: &str) -> Vec<CountryCode> {
        let mut codes: Vec<CountryCode> = self.find(text).into_iter().map(|m| m.country).collect();
        codes.sort();
        codes.dedup();
        codes
    }

    /// Hits in the piece `piece` of `text` (a byte range) whose words are `folded`,
    /// added to `hits`; spans are in `text`, folded ranges in `folded`. `names` are the
    /// matcher's names in `folded`.
    fn filtered_hits(
        &self,
        text: &str,
        piece: Range<usize>,
        folded: &FoldedWords,
        names: &[NameMatch],
        hits: &mut Vec<Hit>,
        key_buffer: &mut FoldedText,
    ) {
        let base = piece.start;
        let piece = &text[piece];
        let from = hits.len();
        hits.reserve(names.len());
        for name in names {
            let (start, end) = (name.folded.start, name.folded.end);
            let Some(entry) = self.entries.get(name.entry as usize) else {
                continue;
            };
            let local =
                folded.words_source_range(piece, name.first_word as usize, name.last_word as usize);
            let span = local.start + base..local.end + base;
            let surface = &text[span.clone()];
            if !source_boundaries_ok(text, &span) {
                continue;
            }
            let policy = if entry.policy_unaccented_only && !surface.is_ascii() {
                Policy::Normal
            } else {
                entry.policy
            };
            // A name that is never a place here is dropped before anything about it is read.
            if policy == Policy::Never {
                continue;
            }
            let first_upper = surface.chars().next().is_some_and(char::is_uppercase);
            let line_start = text[..span.start]
                .trim_end_matches([' ', '\t'])
                .ends_with('\n')
                || text[..span.start].trim().is_empty();
            let letters = surface.chars().filter(|c| chars::is_alphabetic(*c)).count();
            let all_upper = !surface.chars().any(char::is_lowercase);
            let mut hit = Hit {
                span: span.clone(),
                folded: start..end,
                candidates: SmallList::new(),
                needs_context: false,
                word: false,
                locative: false,
                listed: false,
                // Read only where it decides anything: a one-word name of a single place.
                after_locative: entry.candidate_count == 1
                    && !folded.as_str()[start..end].contains(' ')
                    && locative_before(folded.as_str(), start),
                dateline: false,
                folded_is_multiword: folded.as_str()[start..end].contains(' '),
                sentence_initial: sentence_initial(text, span.start),
                phrase: false,
                surface_capitalised: first_upper,
            };
            hit.dateline = line_start
                && all_upper
                && letters >= 4
                && text[span.end..]
                    .trim_start_matches(' ')
                    .starts_with([',', '-', '—', '–']);
            match policy {
                Policy::Never => continue,
                // "Israel Vargas", "Juan Israel": a given name between capitalised words.
                Policy::GivenName
                    if capitalised_name_follows(text, span.end, key_buffer)
                        || previous_word(text, folded.as_str(), start, span.start).is_some_and(
                            |p| p.capitalised && p.adjacent && !FUNCTION_WORDS.contains(&p.folded),
                        ) =>
                {
                    continue
                }
                Policy::Phrase => {
                    hit.phrase = true;
                    hits.push(hit);
                    continue;
                }
                // Without its accent ("Para") the name is the common word unless the text is
                // about its country and puts a preposition of place before it ("the state of
                // Para"), exactly as for a `word` entry.
                Policy::Context | Policy::Word | Policy::Accent
                    if policy != Policy::Accent || surface.is_ascii() =>
                {
                    if sentence_initial(text, span.start) {
                        continue;
                    }
                    hit.needs_context = true;
                    hit.word = policy != Policy::Context;
                    hit.locative = locative_before(folded.as_str(), start);
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
            let prev = previous_word(text, folded.as_str(), start, span.start);
            let next = next_word(folded.as_str(), end);
            for candidate in self.candidates_of(entry) {
                let allowed = match candidate.target {
                    Target::Nationality(..) => {
                        let language = candidate.language_word
                            && (prev.is_some_and(|p| LANGUAGE_CUES_BEFORE.contains(&p.folded))
                                || next.is_some_and(|n| LANGUAGE_CUES_AFTER.contains(&n))
                                || self.follows_listed_language(folded.as_str(), start));
                        let regional = prev.is_some_and(|p| REGION_PREFIXES.contains(&p.folded));
                        // "UN rights chief Volker Türk.": a capitalised nationality word that
                        // ends a run of names is a surname.
                        let surname = first_upper
                            && !hit.sentence_initial
                            && prev.is_some_and(|p| {
                                p.capitalised && p.adjacent && !FUNCTION_WORDS.contains(&p.folded)
                            })
                            && text[span.end..]
                                .chars()
                                .next()
                                .is_none_or(|c| matches!(c, '.' | ',' | ';' | ':' | ')' | '\n'));
                        !language
                            && !regional
                            && !surname
                            && (first_upper || !candidate.capitalised_only)
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
                            && !surface.contains(' ')
                            && !surface.is_ascii()
                            && place.name.is_ascii()
                            && !candidate.alternate
                            && folded_key(key_buffer, &place.name) == &folded.as_str()[start..end]
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
                            && capitalised_name_follows(text, span.end, key_buffer);
                        let person_like = after_name || before_name;
                        let proper = match place.kind {
                            // GeoNames and ISO names capitalise every word but particles, so
                            // "La entrada" or "la ciudad de" in running text is not "La Entrada".
                            PlaceKind::City | PlaceKind::Admin1 => words_capitalised(surface),
                            // A descriptive landmark written in lowercase in the table ("parte
                            // neerlandesa de San Martín") is written so in running text too.
                            PlaceKind::Landmark => {
                                first_upper || place.name.starts_with(char::is_lowercase)
                            }
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
        keep_longest(hits, from);
        self.complete_elisions(folded.as_str(), &mut hits[from..]);
    }

    /// "the British and US Virgin Islands", "las Islas Vírgenes británicas y estadounidenses":
    /// in a coordination the shared words are written once, and a nationality word beside a
    /// place stands for the place it completes (the British Virgin Islands, not Britain).
    fn complete_elisions(&self, folded: &str, hits: &mut [Hit]) {
        let nationality_only = |h: &Hit| {
            !h.candidates.is_empty()
                && h.candidates
                    .iter()
                    .all(|c| matches!(c.target, Target::Nationality(..)))
        };
        for i in 1..hits.len() {
            let (left, right) = hits.split_at_mut(i);
            let (a, b) = (&mut left[i - 1], &mut right[0]);
            let gap = folded[a.folded.end..b.folded.start].trim();
            if !matches!(gap, "and" | "y" | "e") {
                continue;
            }
            let a_key = &folded[a.folded.clone()];
            let b_key = &folded[b.folded.clone()];
            let (target, key) = if nationality_only(a) && b.folded_is_multiword {
                let Some((_, rest)) = b_key.split_once(' ') else {
                    continue;
                };
                (a, format!("{a_key} {rest}"))
            } else if nationality_only(b) && a.folded_is_multiword {
                let Some((head, _)) = a_key.rsplit_once(' ') else {
                    continue;
                };
                (b, format!("{head} {b_key}"))
            } else {
                continue;
            };
            let Some(entry) = self.entry_for_key(&key) else {
                continue;
            };
            let places: SmallList<Candidate, 4> = self
                .candidates_of(entry)
                .iter()
                .filter(|c| matches!(c.target, Target::Place(_)))
                .copied()
                .collect();
            if !places.is_empty() {
                target.candidates = places;
                target.needs_context = false;
            }
        }
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
                .is_some_and(|e| self.candidates_of(e).iter().any(|c| c.language_word))
        };
        // "español, inglés" (the comma is folded away) or "español e inglés".
        is_language(previous) || (CONJUNCTIONS.contains(&previous) && is_language(before))
    }

    fn resolve(&self, hits: &[Hit]) -> Vec<PlaceMention<'_>> {
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
                // Only a list of towns or regions vouches for the next item ("Córdoba y
                // Rosario"); after a country the comma often ends a phrase ("In Brazil, ...").
                let after_place = hit.listed
                    && i > 0
                    && choices[i - 1].is_some_and(|c| match c.candidate.target {
                        Target::Place(p) => self.place(p).kind != PlaceKind::Country,
                        Target::Nationality(..) => false,
                    });
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
                let (region_fit, near) = match (context, c.target) {
                    (Some(ctx), Target::Place(i)) => {
                        (ctx.has_admin1(self, i), ctx.is_near(self, i))
                    }
                    _ => (false, false),
                };
                // Among same-named towns, the one in a region the text names, else the one near
                // a place it names, else the biggest.
                (region_fit, surface_fit, near, self.weight(c))
            })
            .copied()
    }

    /// Decides a hit without context when it is unambiguous and weighty enough.
    fn standalone(&self, hit: &Hit) -> Option<Choice> {
        if hit.needs_context {
            return None;
        }
        // Strongest candidate per country; a handful of countries at most, so a small vector.
        let mut weights: SmallList<(CountryCode, u64), 4> = SmallList::new();
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
        // A dateline names a well-known place: the biggest of its namesakes by a clear margin.
        let margin = if hit.dateline { 5 } else { 20 };
        if let Some(&(_, second)) = weights.get(1) {
            if top_weight < second.saturating_mul(margin) {
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
                // A town with no namesake anywhere, written after a preposition of place ("a
                // house in Chaguanas"), stands for itself too.
                PlaceKind::City => {
                    let one_word = !hit.folded_is_multiword;
                    let unique_after_locative = hit.after_locative && hit.candidates.len() == 1;
                    self.weight(&best)
                        >= if one_word && !unique_after_locative && !hit.dateline {
                            200_000
                        } else if unique_after_locative {
                            20_000
                        } else {
                            50_000
                        }
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

    fn mention(&self, hit: &Hit, choice: Choice) -> PlaceMention<'_> {
        match choice.candidate.target {
            Target::Nationality(code, region) => {
                // A regional demonym names its region; a national one its country.
                let place = region.or_else(|| self.country_place_index(code));
                let name = place.map_or_else(
                    || Cow::Owned(code.to_string()),
                    |i| Cow::Borrowed(self.place(i).name.as_str()),
                );
                PlaceMention {
                    span: hit.span.clone(),
                    kind: MentionKind::Nationality,
                    country: code,
                    name,
                    admin1: region.and_then(|i| self.place(i).admin1.as_deref()),
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
                    name: Cow::Borrowed(&p.name),
                    admin1: p.admin1.as_deref(),
                    lat: p.lat,
                    lon: p.lon,
                }
            }
        }
    }
}

/// The buffers of one `find`: the folded text, its words, the names matched in it and the hits
/// kept of them.
struct Scratch {
    folded: FoldedText,
    words: FoldedWords,
    names: Vec<NameMatch>,
    hits: Vec<Hit>,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            folded: FoldedText::new(""),
            words: FoldedWords::default(),
            names: Vec::new(),
            hits: Vec::new(),
        }
    }
}

/// Runs `f` with this thread's folding and matching buffers, so that finding places in article
/// after article does not allocate them anew; a nested call (none today) gets buffers of its own.
fn with_scratch(f: impl FnOnce(&mut Scratch)) {
    thread_local! {
        static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new());
    }
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => f(&mut scratch),
        Err(_) => f(&mut Scratch::new()),
    });
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

/// Keeps, among the overlapping hits from `from` on, the longest (then the leftmost), in text
/// order, in place.
///
/// The matcher reports each run of words once, so no two hits share a range, both orders are
/// total, and an unstable sort (which needs no scratch buffer) gives the one answer.
fn keep_longest(hits: &mut Vec<Hit>, from: usize) {
    let piece = &mut hits[from..];
    piece.sort_unstable_by(|a, b| {
        (b.folded.end - b.folded.start)
            .cmp(&(a.folded.end - a.folded.start))
            .then(a.folded.start.cmp(&b.folded.start))
    });
    // The kept hits gather at the front, in the order they were kept; a dropped one is swapped
    // behind them, among the hits already read.
    let mut kept = 0;
    for i in 0..piece.len() {
        let hit = &piece[i];
        let overlaps = piece[..kept]
            .iter()
            .any(|k| k.folded.start < hit.folded.end && hit.folded.start < k.folded.end);
        if !overlaps {
            piece.swap(kept, i);
            kept += 1;
        }
    }
    piece[..kept].sort_unstable_by_key(|h| h.folded.start);
    hits.truncate(from + kept);
}
