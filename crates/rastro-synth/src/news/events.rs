//! The facts of synthetic events: where victims or migrants were found, who they were, how many,
//! what they were exploited in, arrests, operation and group names, routes and dates. Every
//! outlet that reports an event renders these same facts in its own words.
//!
//! Weights are rough orders of magnitude from public reporting on the region (UNODC's Global
//! Reports on Trafficking in Persons, IOM, national police bulletins): enough for a believable
//! demo dashboard, not statistics.

use super::places::{country, Country};
use crate::Rng;

/// Forms of exploitation the generated news reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    SexualExploitation,
    ForcedLabour,
    ForcedBegging,
    ForcedMarriage,
    ForcedCriminality,
}

/// What a control article is about instead of a crime.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Topic {
    TradeFair,
    Football,
    MigrationDebate,
    Tourism,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventKind {
    Trafficking(Form),
    /// Migrant smuggling: migrants found, no exploitation reported.
    Smuggling,
    /// Not a crime at all (a trade fair, a match, a policy debate): articles the dashboard
    /// must not count as incidents.
    Control(Topic),
}

/// Who the victims were, which decides the nouns every outlet uses for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Victims {
    Women,
    Girls,
    Teens,
    Workers,
    Children,
    People,
    Migrants,
}

/// Where the victims were found or exploited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    Bar,
    Nightclub,
    Brothel,
    MassageParlour,
    Farm,
    Mine,
    Construction,
    Textile,
    BrickKiln,
    Fishing,
    Logging,
    Domestic,
    Streets,
    Home,
    DrugPoint,
    Truck,
    Boat,
    SafeHouse,
    Bus,
    /// Control events have no setting.
    None,
}

/// How the victims were recruited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lure {
    SocialMedia,
    JobOffer,
    Acquaintance,
    Family,
}

/// How the victims were kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    Documents,
    Debt,
    Threats,
    Locked,
}

/// A recruitment-to-exploitation route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// Country (ISO alpha-2) where the victims were recruited.
    pub recruited: &'static str,
    /// Index into that country's cities.
    pub recruited_city: usize,
    /// Countries crossed on the way, in order.
    pub transit: Vec<&'static str>,
}

/// One synthetic event with its facts.
#[derive(Clone, Debug)]
pub struct SynthEvent {
    pub id: u32,
    pub kind: EventKind,
    /// ISO alpha-2 of the country where victims (or migrants) were found.
    pub country: &'static str,
    /// Index into the country's cities of the city where they were found.
    pub city: usize,
    /// ISO alpha-2 of the victims' (or migrants') nationality.
    pub nationality: &'static str,
    /// A second nationality among migrants, when there was one.
    pub nationality2: Option<&'static str>,
    pub victims: u32,
    /// Minors among the victims (or migrants).
    pub minors: u32,
    pub migrants: u32,
    pub arrests: u32,
    pub operation: Option<String>,
    pub group: Option<String>,
    pub route: Option<Route>,
    /// Day of the event, days since 1970-01-01.
    pub day: i64,
    pub(crate) who: Victims,
    pub(crate) setting: Setting,
    pub(crate) lure: Lure,
    pub(crate) hold: Hold,
    /// The person who speaks for the police or prosecutors: every outlet quotes the same
    /// official in the same post.
    pub(crate) spokesperson: Speaker,
}

impl SynthEvent {
    pub fn country_info(&self) -> &'static Country {
        country(self.country)
    }

    /// The city's name in Spanish (Portuguese for Brazil), as the local press writes it.
    pub fn city_name(&self) -> &'static str {
        let c = self.country_info();
        let city = &c.cities[self.city.min(c.cities.len() - 1)];
        if c.code == "BR" {
            city.pt
        } else {
            city.es
        }
    }

    pub fn form(&self) -> Option<Form> {
        match self.kind {
            EventKind::Trafficking(f) => Some(f),
            _ => None,
        }
    }

    pub fn is_control(&self) -> bool {
        matches!(self.kind, EventKind::Control(_))
    }
}

/// Where trafficking victims are found, with each country's weight and the nationalities of the
/// victims found there (the country itself first: domestic trafficking is the most common).
/// A country where people are found, its weight, and the weighted nationalities of the people
/// found there.
type Where = (&'static str, f64, &'static [(&'static str, f64)]);

const TRAFFICKING: &[Where] = &[
    (
        "MX",
        16.0,
        &[
            ("MX", 5.0),
            ("GT", 2.0),
            ("HN", 2.0),
            ("SV", 1.0),
            ("VE", 0.8),
            ("CU", 0.4),
            ("NI", 0.4),
        ],
    ),
    ("CO", 13.0, &[("CO", 6.0), ("VE", 5.0), ("EC", 0.4)]),
    ("PE", 10.0, &[("PE", 6.0), ("VE", 3.5), ("BO", 0.4)]),
    (
        "BR",
        10.0,
        &[
            ("BR", 7.0),
            ("BO", 1.5),
            ("VE", 1.2),
            ("PY", 0.5),
            ("HT", 0.5),
        ],
    ),
    (
        "AR",
        8.0,
        &[
            ("AR", 4.0),
            ("PY", 3.0),
            ("BO", 2.0),
            ("DO", 0.4),
            ("PE", 0.5),
        ],
    ),
    ("EC", 6.0, &[("EC", 4.0), ("CO", 1.5), ("VE", 1.5)]),
    ("GT", 5.0, &[("GT", 4.0), ("HN", 1.0), ("SV", 0.8)]),
    ("BO", 4.0, &[("BO", 5.0), ("PE", 0.3)]),
    ("VE", 3.0, &[("VE", 1.0)]),
    (
        "CL",
        4.0,
        &[
            ("CL", 2.0),
            ("VE", 2.0),
            ("BO", 1.0),
            ("PE", 1.0),
            ("CO", 0.8),
        ],
    ),
    ("PY", 3.0, &[("PY", 1.0)]),
    ("DO", 3.0, &[("DO", 2.0), ("HT", 1.5), ("VE", 0.5)]),
    ("HN", 2.5, &[("HN", 1.0)]),
    ("PA", 2.0, &[("PA", 1.0), ("CO", 1.0), ("VE", 1.0)]),
    ("CR", 2.0, &[("CR", 1.0), ("NI", 2.0)]),
    ("SV", 1.5, &[("SV", 1.0)]),
];

/// Where smuggled migrants are intercepted, and who they are.
const SMUGGLING: &[Where] = &[
    (
        "MX",
        6.0,
        &[
            ("HN", 3.0),
            ("GT", 3.0),
            ("SV", 1.5),
            ("VE", 2.0),
            ("CU", 1.0),
            ("NI", 1.0),
            ("EC", 0.8),
            ("HT", 0.8),
        ],
    ),
    (
        "GT",
        2.0,
        &[("HN", 2.0), ("SV", 1.0), ("VE", 1.0), ("NI", 0.5)],
    ),
    (
        "PA",
        2.0,
        &[("VE", 3.0), ("EC", 1.0), ("HT", 1.0), ("CO", 0.5)],
    ),
    ("CR", 1.0, &[("VE", 2.0), ("NI", 1.0), ("HT", 0.5)]),
    ("CO", 1.0, &[("VE", 2.0), ("HT", 1.0), ("EC", 1.0)]),
    ("CL", 1.0, &[("VE", 3.0), ("CO", 0.5), ("BO", 0.5)]),
    ("HN", 0.8, &[("NI", 1.0), ("CU", 1.0), ("VE", 1.0)]),
    ("DO", 0.6, &[("HT", 1.0)]),
];

/// Countries crossed between recruitment in `from` and exploitation in `to`.
fn transit(from: &str, to: &str) -> &'static [&'static str] {
    match (from, to) {
        ("VE", "PE") => &["CO", "EC"],
        ("VE", "CL") => &["CO", "PE"],
        ("VE", "EC") => &["CO"],
        ("VE", "PA") => &["CO"],
        ("HN", "MX") | ("SV", "MX") => &["GT"],
        ("NI", "MX") => &["HN", "GT"],
        ("CU", "MX") => &["NI", "HN", "GT"],
        ("PE", "AR") => &["BO"],
        ("HT", "BR") => &["PE"],
        _ => &[],
    }
}

// Invented names. None may be a place the gazetteer knows in the region ("Alvorada" and
// "Corrente" are Brazilian towns), or the extractor rightly reads a town, not an operation.
const OPERATIONS_ES: &[&str] = &[
    "Telaraña",
    "Candado",
    "Alba",
    "Mariposa",
    "Faro",
    "Brújula",
    "Candela",
    "Amanecer",
    "Rompeolas",
    "Cerrojo",
    "Centinela",
    "Libélula",
    "Orquídea",
    "Nido Vacío",
    "Puerta Abierta",
    "Madrugada",
    "Vitral",
    "Relámpago",
    "Colibrí",
    "Escudo",
    "Ancla",
    "Lucero",
    "Horizonte",
    "Semilla",
];

const OPERATIONS_PT: &[&str] = &[
    "Teia",
    "Farol",
    "Ninho",
    "Vento Norte",
    "Elo Partido",
    "Maré Alta",
    "Cerrado Livre",
    "Sentinela",
    "Carcará",
    "Cadeado",
    "Mandacaru",
    "Pororoca",
    "Grilhão",
    "Bússola",
];

const GROUPS_ES: &[&str] = &[
    "Los Gavilanes",
    "Los Caporales del Norte",
    "Los Tejedores",
    "La Hermandad del Puerto",
    "Los Cuervos Negros",
    "Los Malecones",
    "Los Carreteros",
    "Los Hijos del Viento",
    "Los Mariscales",
    "La Cofradía Azul",
    "Los Pescadores del Sur",
    "Los Relojeros",
];

const GROUPS_PT: &[&str] = &[
    "Bonde da Serra",
    "Os Caçadores",
    "Família do Porto",
    "Os Gaviões do Norte",
    "Tropa do Rio Verde",
];

const ROMAN: &[&str] = &["II", "III", "IV"];

/// Victims, from 1 to `max`, skewed small as news reports are: most raids free a handful.
fn skewed(rng: &mut Rng, min: u32, max: u32) -> u32 {
    // (span + 1)^u - 1 is log-uniform over [0, span): small values are as likely per order of
    // magnitude as large ones.
    let span = f64::from(max - min + 1);
    let v = min + ((span + 1.0).powf(rng.unit()) - 1.0).floor() as u32;
    v.clamp(min, max)
}

fn pick_weighted(rng: &mut Rng, table: &'static [(&'static str, f64)]) -> &'static str {
    rng.weighted::<&str>(table)
}

/// What the quoted official is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Post {
    Prosecutor,
    Commander,
    Spokesperson,
}

#[derive(Clone, Debug)]
pub struct Speaker {
    pub name: String,
    pub woman: bool,
    pub post: Post,
}

fn spokesperson(rng: &mut Rng, code: &str) -> Speaker {
    use crate::tables::{given_names, name_style, surnames};
    let woman = rng.chance(0.45);
    let style = name_style(code);
    let first = *rng.weighted(given_names(style, woman));
    let last = *rng.weighted(surnames(style));
    let post = *rng.pick(&[Post::Prosecutor, Post::Commander, Post::Spokesperson]);
    Speaker {
        name: format!("{first} {last}"),
        woman,
        post,
    }
}

/// Draws the facts of event `id` on day `day`.
pub fn draw(rng: &mut Rng, id: u32, day: i64) -> SynthEvent {
    let smuggling = rng.chance(0.14);
    let table = if smuggling { SMUGGLING } else { TRAFFICKING };
    let found: Vec<(&Where, f64)> = table.iter().map(|w| (w, w.1)).collect();
    let &(code, _, nationalities) = *rng.weighted(&found);
    let nationality = pick_weighted(rng, nationalities);
    let info = country(code);
    let city = rng.below(info.cities.len());

    let form = *rng.weighted(&[
        (Form::SexualExploitation, 55.0),
        (Form::ForcedLabour, 30.0),
        (Form::ForcedBegging, 6.0),
        (Form::ForcedCriminality, 5.0),
        (Form::ForcedMarriage, 4.0),
    ]);
    let kind = if smuggling {
        EventKind::Smuggling
    } else {
        EventKind::Trafficking(form)
    };

    let (who, setting, victims) = if smuggling {
        let setting = *rng.weighted(&[
            (Setting::Truck, 5.0),
            (Setting::SafeHouse, 3.0),
            (Setting::Bus, 2.0),
            (Setting::Boat, if code == "MX" { 0.5 } else { 2.0 }),
        ]);
        (Victims::Migrants, setting, 0)
    } else {
        victims_of(rng, form)
    };
    let minors = match who {
        Victims::Girls | Victims::Children => victims,
        Victims::Teens => victims,
        Victims::Migrants => 0,
        _ if victims >= 3 && rng.chance(0.25) => 1 + rng.below((victims / 2) as usize) as u32,
        _ => 0,
    };
    let migrants = if smuggling { skewed(rng, 6, 160) } else { 0 };
    let minors = if smuggling && rng.chance(0.4) {
        1 + rng.below((migrants / 3) as usize) as u32
    } else {
        minors
    };
    let nationality2 = if smuggling && rng.chance(0.5) {
        let other = pick_weighted(rng, nationalities);
        (other != nationality).then_some(other)
    } else {
        None
    };

    let arrests = if rng.chance(0.15) {
        0
    } else {
        skewed(rng, 1, 15)
    };
    let portuguese = code == "BR";
    let operation = rng.chance(0.45).then(|| {
        let base = if portuguese {
            *rng.pick(OPERATIONS_PT)
        } else {
            *rng.pick(OPERATIONS_ES)
        };
        if rng.chance(0.2) {
            format!("{base} {}", rng.pick(ROMAN))
        } else {
            base.to_string()
        }
    });
    let group = (!smuggling && arrests > 0 && rng.chance(0.3)).then(|| {
        if portuguese {
            rng.pick(GROUPS_PT).to_string()
        } else {
            rng.pick(GROUPS_ES).to_string()
        }
    });
    let route = (nationality != code && !smuggling && rng.chance(0.6)).then(|| {
        let from = country(nationality);
        Route {
            recruited: nationality,
            recruited_city: rng.below(from.cities.len()),
            transit: transit(nationality, code).to_vec(),
        }
    });
    let lure = *rng.weighted(&[
        (Lure::SocialMedia, 4.0),
        (Lure::JobOffer, 4.0),
        (Lure::Acquaintance, 2.0),
        (Lure::Family, 1.0),
    ]);
    let hold = *rng.weighted(&[
        (Hold::Documents, 3.0),
        (Hold::Debt, 3.0),
        (Hold::Threats, 2.0),
        (Hold::Locked, 2.0),
    ]);
    let spokesperson = spokesperson(rng, code);
    SynthEvent {
        id,
        kind,
        country: code,
        city,
        nationality,
        nationality2,
        victims,
        minors,
        migrants,
        arrests,
        operation,
        group,
        route,
        day,
        who,
        setting,
        lure,
        hold,
        spokesperson,
    }
}

/// Who the victims of a form are, where they were found, and how many.
fn victims_of(rng: &mut Rng, form: Form) -> (Victims, Setting, u32) {
    match form {
        Form::SexualExploitation => {
            let who = *rng.weighted(&[
                (Victims::Women, 70.0),
                (Victims::Girls, 15.0),
                (Victims::People, 15.0),
            ]);
            let setting = *rng.weighted(&[
                (Setting::Bar, 4.0),
                (Setting::Nightclub, 3.0),
                (Setting::Brothel, 3.0),
                (Setting::MassageParlour, 1.0),
            ]);
            let max = if who == Victims::Girls { 12 } else { 45 };
            (who, setting, skewed(rng, 1, max))
        }
        Form::ForcedLabour => {
            let who = *rng.weighted(&[(Victims::Workers, 80.0), (Victims::People, 20.0)]);
            let setting = *rng.weighted(&[
                (Setting::Farm, 5.0),
                (Setting::Mine, 2.5),
                (Setting::Textile, 2.0),
                (Setting::Construction, 1.5),
                (Setting::BrickKiln, 1.0),
                (Setting::Fishing, 0.7),
                (Setting::Logging, 0.7),
                (Setting::Domestic, 1.0),
            ]);
            let max = if setting == Setting::Domestic { 3 } else { 60 };
            (who, setting, skewed(rng, 1, max))
        }
        Form::ForcedBegging => {
            let who = *rng.weighted(&[(Victims::Children, 70.0), (Victims::People, 30.0)]);
            (who, Setting::Streets, skewed(rng, 1, 15))
        }
        Form::ForcedMarriage => {
            let who = *rng.weighted(&[(Victims::Girls, 80.0), (Victims::Women, 20.0)]);
            (who, Setting::Home, skewed(rng, 1, 3))
        }
        Form::ForcedCriminality => {
            let who = *rng.weighted(&[(Victims::Teens, 60.0), (Victims::People, 40.0)]);
            (who, Setting::DrugPoint, skewed(rng, 1, 20))
        }
    }
}

/// A control event: a day in a country's life with no crime in it.
pub fn draw_control(rng: &mut Rng, id: u32, day: i64) -> SynthEvent {
    let topic = *rng.weighted(&[
        (Topic::TradeFair, 3.0),
        (Topic::Football, 3.0),
        (Topic::MigrationDebate, 2.0),
        (Topic::Tourism, 2.0),
    ]);
    let codes: Vec<(&'static str, f64)> = TRAFFICKING.iter().map(|(c, w, _)| (*c, *w)).collect();
    let code = *rng.weighted(&codes);
    let info = country(code);
    let city = rng.below(info.cities.len());
    // The other team, the partner country, the neighbours in the debate.
    let other = loop {
        let o = *rng.weighted(&codes);
        if o != code {
            break o;
        }
    };
    let spokesperson = spokesperson(rng, code);
    SynthEvent {
        id,
        kind: EventKind::Control(topic),
        country: code,
        city,
        nationality: other,
        nationality2: None,
        victims: 0,
        minors: 0,
        migrants: 0,
        arrests: 0,
        operation: None,
        group: None,
        route: None,
        day,
        who: Victims::People,
        setting: Setting::None,
        lure: Lure::JobOffer,
        hold: Hold::Threats,
        spokesperson,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_follow_the_regional_distributions() {
        let mut rng = Rng::new(5);
        let events: Vec<SynthEvent> = (0..3000).map(|i| draw(&mut rng, i, 19_000)).collect();
        let sexual = events
            .iter()
            .filter(|e| e.form() == Some(Form::SexualExploitation))
            .count();
        let smuggling = events
            .iter()
            .filter(|e| e.kind == EventKind::Smuggling)
            .count();
        // 86 % trafficking, 55 % of it sexual exploitation: about 1,420 of 3,000.
        assert!((1250..1600).contains(&sexual), "{sexual}");
        assert!((320..520).contains(&smuggling), "{smuggling}");
        let small = events
            .iter()
            .filter(|e| e.form().is_some() && e.victims <= 5)
            .count();
        let trafficking = events.iter().filter(|e| e.form().is_some()).count();
        assert!(small * 2 > trafficking, "victims skew small: {small}");
        for e in &events {
            if e.form().is_some() {
                assert!((1..=60).contains(&e.victims), "{e:?}");
                assert!(e.minors <= e.victims);
            } else {
                assert!(e.migrants >= 6 && e.minors <= e.migrants);
            }
            assert!(e.arrests <= 15);
            assert!(e.city < e.country_info().cities.len());
        }
        // Venezuelans are found in Colombia; Paraguayans in Argentina.
        assert!(events
            .iter()
            .any(|e| e.country == "CO" && e.nationality == "VE"));
        assert!(events
            .iter()
            .any(|e| e.country == "AR" && e.nationality == "PY"));
    }
}
