//! From an event's facts to one outlet's article. Each language has its own templates (written
//! for this project, not taken from any article); what they share is here: the per-article
//! [`Style`] that makes two outlets word one event differently, and [`Draft::assemble`], which
//! orders sentences, keeps the body between [`MIN_WORDS`] and [`MAX_WORDS`] and splits it into
//! paragraphs.
//!
//! The headline facts (count, form, place) always come first, in the title or the lead, and
//! later sentences never restate a count of people next to a verb of rescue or arrest unless it
//! is marked as a part ("entre ellas, cuatro menores"): news puts its totals first, and so do
//! the readers of news, human or not.

mod en;
mod es;
mod pt;

use super::events::{EventKind, Setting, SynthEvent};
use super::places::Country;
use super::words::{Gender, Lang, Noun};
use crate::Rng;

pub const MIN_WORDS: usize = 80;
pub const MAX_WORDS: usize = 250;

/// What every language's templates know about one event and the article being written; the
/// languages differ in the noun they choose for the people and in how they write everything.
pub(super) struct Article<'a> {
    pub ev: &'a SynthEvent,
    pub st: &'a Style,
    pub c: &'static Country,
    pub noun: Noun,
    /// The people the headline counts: migrants in a smuggling event, victims otherwise.
    pub n: u32,
    lang: Lang,
}

impl<'a> Article<'a> {
    pub fn new(ev: &'a SynthEvent, st: &'a Style, noun: Noun, lang: Lang) -> Article<'a> {
        Article {
            ev,
            st,
            c: ev.country_info(),
            noun,
            n: if ev.migrants > 0 {
                ev.migrants
            } else {
                ev.victims
            },
            lang,
        }
    }

    /// The grammatical gender of the people's noun.
    pub fn g(&self) -> Gender {
        self.noun.g
    }

    /// Which of the language's title and lead templates this outlet uses.
    pub fn v(&self) -> usize {
        self.st.variant
    }

    /// The event's city, as this language writes it.
    pub fn city(&self) -> &'static str {
        let cities = self.c.cities;
        let city = &cities[self.ev.city.min(cities.len().saturating_sub(1))];
        match self.lang {
            Lang::Es => city.es,
            Lang::Pt => city.pt,
            Lang::En => city.en,
        }
    }
}

/// How one outlet writes one article.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Which of the language's title and lead templates to use; outlets of one event get
    /// different variants.
    pub variant: usize,
    /// Spell small counts as words ("doce mujeres").
    pub words: bool,
    /// Give the event's calendar date instead of its weekday.
    pub calendar: bool,
    /// The alternative noun for the people ("víctimas" instead of "mujeres").
    pub alt: bool,
    /// Name the victims' nationality in the lead.
    pub nationality: bool,
    pub published: i64,
}

/// Where a sentence may go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// After the lead, in any order; dropped last-first when the body is too long.
    Middle,
    /// After the lead, in any order, never dropped (a headline fact such as the arrests).
    Core,
    /// At the end, in any order.
    End,
    /// Only used to reach the minimum length.
    Spare,
}

/// An article before assembly.
pub struct Draft {
    pub title: String,
    pub lead: String,
    pub parts: Vec<(Slot, String)>,
}

impl Draft {
    pub fn new(title: String, lead: String) -> Draft {
        Draft {
            title,
            lead,
            parts: Vec::new(),
        }
    }

    pub fn push(&mut self, slot: Slot, sentence: String) {
        self.parts.push((slot, sentence));
    }

    /// The title and the body text.
    pub fn assemble(self, rng: &mut Rng) -> (String, String) {
        let words = |s: &str| s.split_whitespace().count();
        let mut body: Vec<(Slot, String)> = Vec::new();
        let mut end: Vec<(Slot, String)> = Vec::new();
        let mut spare: Vec<String> = Vec::new();
        for (slot, s) in self.parts {
            match slot {
                Slot::Middle | Slot::Core => body.push((slot, s)),
                Slot::End => end.push((slot, s)),
                Slot::Spare => spare.push(s),
            }
        }
        shuffle(rng, &mut body);
        shuffle(rng, &mut end);
        shuffle(rng, &mut spare);
        let mut sentences: Vec<(Slot, String)> = vec![(Slot::Core, self.lead)];
        sentences.extend(body);
        sentences.extend(end);
        let total = |v: &[(Slot, String)]| v.iter().map(|(_, s)| words(s)).sum::<usize>();
        // Too long: drop the last sentence that is neither the lead nor a headline fact.
        while total(&sentences) > MAX_WORDS {
            match sentences.iter().rposition(|(slot, _)| *slot != Slot::Core) {
                Some(at) => {
                    sentences.remove(at);
                }
                None => break,
            }
        }
        while total(&sentences) < MIN_WORDS {
            match spare.pop() {
                Some(s) => sentences.push((Slot::Spare, s)),
                None => break,
            }
        }
        // Paragraphs of one to three sentences, the lead alone as news writes it.
        let mut text = String::new();
        let mut in_paragraph = 0;
        let mut limit = 1;
        for (_, s) in sentences {
            if in_paragraph == limit {
                text.push_str("\n\n");
                in_paragraph = 0;
                limit = 1 + rng.below(3);
            } else if in_paragraph > 0 {
                text.push(' ');
            }
            text.push_str(&s);
            in_paragraph += 1;
        }
        (self.title, text)
    }
}

fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i + 1);
        items.swap(i, j);
    }
}

/// Renders one article of `event` in `lang`: title and body.
pub fn render(event: &SynthEvent, lang: Lang, style: &Style, rng: &mut Rng) -> (String, String) {
    let draft = match (event.kind, lang) {
        (EventKind::Trafficking(_), Lang::Es) => es::trafficking(event, style, rng),
        (EventKind::Trafficking(_), Lang::Pt) => pt::trafficking(event, style, rng),
        (EventKind::Trafficking(_), Lang::En) => en::trafficking(event, style, rng),
        (EventKind::Smuggling, Lang::Es) => es::smuggling(event, style, rng),
        (EventKind::Smuggling, Lang::Pt) => pt::smuggling(event, style, rng),
        (EventKind::Smuggling, Lang::En) => en::smuggling(event, style, rng),
        (EventKind::Control(topic), Lang::Es) => es::control(event, topic, style, rng),
        (EventKind::Control(topic), Lang::Pt) => pt::control(event, topic, style, rng),
        (EventKind::Control(topic), Lang::En) => en::control(event, topic, style, rng),
    };
    draft.assemble(rng)
}

/// Whether a setting has doors and windows to lock: a sealed-room detail fits a bar or a
/// workshop, not a street or a boat.
pub fn indoors(setting: Setting) -> bool {
    matches!(
        setting,
        Setting::Bar
            | Setting::Nightclub
            | Setting::Brothel
            | Setting::MassageParlour
            | Setting::Textile
            | Setting::BrickKiln
            | Setting::Home
            | Setting::Domestic
            | Setting::DrugPoint
    )
}

/// One of `options`, chosen by the article's variant so that outlets differ; `options` is never
/// empty where this is called, and an empty list gives an empty string rather than a panic.
pub fn nth(options: &[String], variant: usize) -> String {
    if options.is_empty() {
        return String::new();
    }
    options[variant % options.len()].clone()
}

/// Two different teams for a control article's match: the second is an offset of one to
/// len-1 from the first.
pub fn two_teams(rng: &mut Rng, teams: &[&'static str]) -> (&'static str, &'static str) {
    let i = rng.below(teams.len());
    let j = (i + 1 + rng.below(teams.len() - 1)) % teams.len();
    (teams[i], teams[j])
}
