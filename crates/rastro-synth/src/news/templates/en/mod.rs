//! English templates, in the register of wire services and English-language regional outlets.
//!
//! A single victim is "one woman", never "a woman": the count is a fact the dashboard reads.
//! Nationalities go before the noun ("12 Venezuelan women") or after "from" when the count is
//! one ("one woman from Venezuela"), because "one" must be followed by its noun. Half the
//! outlets spell "labour" the British way, half "labor".

mod control;
mod smuggling;
mod trafficking;

pub use control::control;
pub use smuggling::smuggling;
pub use trafficking::trafficking;

use super::{indoors, nth, two_teams, Article, Draft, Slot, Style};
use crate::news::events::{Form, Hold, Lure, Post, Setting, SynthEvent, Topic, Victims};
use crate::news::places::{country, Country};
use crate::news::words::{cap, number, when, Gender, Lang, Noun};
use crate::Rng;

const L: Lang = Lang::En;

fn noun(who: Victims, alt: bool) -> Noun {
    // English has no gender; Noun's gender is unused here.
    match (who, alt) {
        (Victims::Women, false) => Noun::f("woman", "women"),
        (Victims::Women, true) => Noun::f("victim", "victims"),
        // "one girl" is not a count the way "one teenager" is ("girl" is no noun for minors in
        // the extractor's tables), so a single girl is a teenager or a minor.
        (Victims::Girls, false) => Noun::f("teenager", "girls"),
        (Victims::Girls, true) => Noun::f("minor", "teenage girls"),
        (Victims::Teens, false) => Noun::m("teenager", "teenagers"),
        (Victims::Teens, true) => Noun::m("minor", "minors"),
        (Victims::Workers, false) => Noun::m("worker", "workers"),
        (Victims::Workers, true) => Noun::f("person", "people"),
        (Victims::Children, false) => Noun::m("child", "children"),
        (Victims::Children, true) => Noun::m("minor", "minors"),
        (Victims::People, false) => Noun::f("person", "people"),
        (Victims::People, true) => Noun::f("victim", "victims"),
        (Victims::Migrants, _) => Noun::m("migrant", "migrants"),
    }
}

fn labour(st: &Style) -> &'static str {
    if st.variant.is_multiple_of(2) {
        "labour"
    } else {
        "labor"
    }
}

fn form_pp(form: Form, st: &Style, n: u32, k: usize) -> String {
    let options = match form {
        Form::SexualExploitation => [
            "sexually exploited".to_string(),
            "forced into prostitution".to_string(),
            "held for sexual exploitation".to_string(),
        ],
        Form::ForcedLabour => [
            "held in slave-like conditions".to_string(),
            format!("subjected to forced {}", labour(st)),
            "forced to work without pay".to_string(),
        ],
        Form::ForcedBegging => [
            "forced to beg".to_string(),
            "made to beg on the streets".to_string(),
            "exploited for forced begging".to_string(),
        ],
        Form::ForcedMarriage => [
            if n == 1 {
                "forced to marry an older man".to_string()
            } else {
                "forced to marry older men".to_string()
            },
            if n == 1 {
                "sold into a forced marriage".to_string()
            } else {
                "sold into forced marriages".to_string()
            },
            "pushed into child marriage".to_string(),
        ],
        Form::ForcedCriminality => [
            "forced to sell drugs".to_string(),
            "forced to commit crimes".to_string(),
            "forced to steal".to_string(),
        ],
    };
    options[k % 3].clone()
}

fn form_noun(form: Form, st: &Style, k: usize) -> String {
    match (form, k % 2) {
        (Form::SexualExploitation, 0) => "sexual exploitation".to_string(),
        (Form::SexualExploitation, _) => "sex trafficking".to_string(),
        (Form::ForcedLabour, 0) => format!("forced {}", labour(st)),
        (Form::ForcedLabour, _) => format!("{} exploitation", labour(st)),
        (Form::ForcedBegging, _) => "forced begging".to_string(),
        (Form::ForcedMarriage, _) => "forced marriage".to_string(),
        (Form::ForcedCriminality, _) => "forced criminality".to_string(),
    }
}

fn setting(s: Setting) -> &'static str {
    match s {
        Setting::Bar => "a bar",
        Setting::Nightclub => "a nightclub",
        Setting::Brothel => "a brothel",
        Setting::MassageParlour => "a massage parlour",
        Setting::Farm => "a farm",
        Setting::Mine => "an illegal gold mine",
        Setting::Construction => "a construction site",
        Setting::Textile => "a clandestine garment workshop",
        Setting::BrickKiln => "a brick factory",
        Setting::Fishing => "a fishing boat",
        Setting::Logging => "a logging camp",
        Setting::Domestic => "a private home",
        Setting::Streets => "the streets",
        Setting::Home => "a house",
        Setting::DrugPoint => "a drug sales point",
        Setting::Truck => "the trailer of a truck",
        Setting::Boat => "a boat",
        Setting::SafeHouse => "a safe house",
        Setting::Bus => "a passenger bus",
        Setting::None => "a building",
    }
}

/// The country's name without "the", for headlines and noun modifiers.
fn bare(c: &Country) -> &'static str {
    c.en.strip_prefix("the ").unwrap_or(c.en)
}

struct En<'a>(Article<'a>);

impl<'a> std::ops::Deref for En<'a> {
    type Target = Article<'a>;

    fn deref(&self) -> &Article<'a> {
        &self.0
    }
}

impl<'a> En<'a> {
    fn new(ev: &'a SynthEvent, st: &'a Style) -> En<'a> {
        En(Article::new(ev, st, noun(ev.who, st.alt), L))
    }

    fn foreign(&self) -> bool {
        self.ev.nationality != self.ev.country
    }

    /// A count: digits, or words when the style spells them; one is always "one".
    fn num(&self, n: u32) -> String {
        number(n, L, Gender::M, self.st.words || n == 1)
    }

    /// "12 Venezuelan women", "one woman from Venezuela", "12 women".
    fn people_with(&self, count: String) -> String {
        let noun = self.noun.form(self.n);
        let nat = country(self.ev.nationality);
        let named = self.foreign() || (self.st.nationality && self.n > 1);
        if !named {
            format!("{count} {noun}")
        } else if self.n == 1 || self.noun.sg == "minor" {
            format!("{count} {noun} from {}", nat.en)
        } else {
            format!("{count} {} {noun}", nat.dem_en)
        }
    }

    fn people(&self) -> String {
        self.people_with(self.num(self.n))
    }

    fn people_cap(&self) -> String {
        cap(&self.people_with(number(self.n, L, Gender::M, true)))
    }

    fn was(&self) -> &'static str {
        if self.n == 1 {
            "was"
        } else {
            "were"
        }
    }

    fn they(&self) -> &'static str {
        if self.n == 1 {
            "the victim"
        } else {
            "they"
        }
    }

    fn the_victims(&self) -> &'static str {
        if self.n == 1 {
            "the victim"
        } else {
            "the victims"
        }
    }

    fn when(&self) -> String {
        when(self.ev.day, self.st.published, L, self.st.calendar)
    }

    fn police(&self) -> &'static str {
        self.c.police(L)
    }

    fn where_(&self) -> String {
        format!("{}, {}", self.city(), self.c.en)
    }

    /// "at a bar in Lima", "on the streets of Lima".
    fn place(&self) -> String {
        match self.ev.setting {
            Setting::Streets => format!("on the streets of {}", self.city()),
            s => format!("at {} in {}", setting(s), self.city()),
        }
    }

    /// Who is quoted, and whether the words fit before "said" (a plain title and name) or
    /// only after it (a name with an appositive).
    fn speaker(&self) -> (String, bool) {
        let sp = &self.ev.spokesperson;
        let name = &sp.name;
        match (sp.post, self.v() % 2) {
            (Post::Prosecutor, 0) => (format!("prosecutor {name}"), true),
            (Post::Prosecutor, _) => (
                format!("{name}, the prosecutor in charge of the case"),
                false,
            ),
            (Post::Commander, 0) => (format!("police commander {name}"), true),
            (Post::Commander, _) => (format!("{name}, who led the operation"), false),
            (Post::Spokesperson, 0) => (
                format!("{name}, a spokesperson for {}", self.police()),
                false,
            ),
            (Post::Spokesperson, _) => (format!("police spokesperson {name}"), true),
        }
    }

    fn quote(&self, text: &str) -> String {
        let (who, plain) = self.speaker();
        if plain && self.v() % 4 >= 2 {
            format!("“{text},” {who} said.")
        } else {
            format!("“{text},” said {who}.")
        }
    }

    /// "a raid on a bar", "an operation on the streets".
    fn raid(&self) -> String {
        match self.ev.setting {
            Setting::Streets => "an operation on the streets".to_string(),
            s => format!("a raid on {}", setting(s)),
        }
    }

    /// "from a bar in Lima", "from the streets of Lima".
    fn source_place(&self) -> String {
        match self.ev.setting {
            Setting::Streets => format!("from the streets of {}, {}", self.city(), self.c.en),
            s => format!("from {} in {}", setting(s), self.where_()),
        }
    }
}

fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The work the victims were promised, matching where they ended up.
fn job(setting: Setting, form: Form, n: u32) -> &'static str {
    match (setting, form) {
        (_, Form::SexualExploitation) if n == 1 => "as a waitress or model",
        (_, Form::SexualExploitation) => "as waitresses or models",
        (Setting::Farm, _) => "on farms",
        (Setting::Mine, _) => "in mining",
        (Setting::Construction, _) => "in construction",
        (Setting::Textile, _) => "in garment workshops",
        (Setting::BrickKiln, _) => "in a factory",
        (Setting::Fishing, _) => "on fishing boats",
        (Setting::Logging, _) => "in logging",
        (Setting::Domestic, _) => "as domestic workers",
        _ => "in another city",
    }
}
