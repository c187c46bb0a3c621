//! Spanish templates, in the register of Latin American wire and regional news.
//!
//! Dates never stand between a verb of rescue or arrest and its object ("rescató el 12 de marzo
//! a…" reads as twelve rescued), so they open the sentence or follow a verb of saying. Each kind
//! of sentence has several wordings, chosen by the article's variant, so that outlets reporting
//! the same event seldom share a sentence (and then only as they would copying one press
//! release).

mod control;
mod smuggling;
mod trafficking;

pub use control::control;
pub use smuggling::smuggling;
pub use trafficking::trafficking;

use super::{indoors, nth, two_teams, Article, Draft, Slot, Style};
use crate::news::events::{Form, Hold, Lure, Post, Setting, SynthEvent, Topic, Victims};
use crate::news::places::country;
use crate::news::words::{agree, cap, number, when, Gender, Lang, Noun};
use crate::Rng;

const L: Lang = Lang::Es;

fn noun(who: Victims, alt: bool) -> Noun {
    match (who, alt) {
        (Victims::Women, false) => Noun::f("mujer", "mujeres"),
        (Victims::Women, true) => Noun::f("víctima", "víctimas"),
        (Victims::Girls, false) => Noun::f("adolescente", "adolescentes"),
        (Victims::Girls, true) => Noun::f("niña", "niñas"),
        (Victims::Teens, false) => Noun::m("adolescente", "adolescentes"),
        (Victims::Teens, true) => Noun::m("menor de edad", "menores de edad"),
        (Victims::Workers, false) => Noun::m("trabajador", "trabajadores"),
        (Victims::Workers, true) => Noun::f("persona", "personas"),
        (Victims::Children, false) => Noun::m("niño", "niños"),
        (Victims::Children, true) => Noun::m("menor de edad", "menores de edad"),
        (Victims::People, false) => Noun::f("persona", "personas"),
        (Victims::People, true) => Noun::f("víctima", "víctimas"),
        (Victims::Migrants, _) => Noun::m("migrante", "migrantes"),
    }
}

/// "de" contracted with a masculine article: "del Organismo", "de la Policía".
fn de(np: &str) -> String {
    match np.strip_prefix("el ") {
        Some(rest) => format!("del {rest}"),
        None => format!("de {np}"),
    }
}

/// What the victims were subjected to, as a participle phrase agreeing with them.
fn form_pp(form: Form, g: Gender, n: u32, k: usize) -> String {
    let a = |stem: &str| agree(stem, g, n);
    let options = match form {
        Form::SexualExploitation => [
            format!("{} sexualmente", a("explotad")),
            format!("{} a prostituirse", a("obligad")),
            format!("{} a explotación sexual", a("sometid")),
        ],
        Form::ForcedLabour => [
            format!("{} a trabajo forzoso", a("sometid")),
            format!("{} a trabajar en condiciones de esclavitud", a("obligad")),
            format!("{} en condiciones de explotación laboral", a("mantenid")),
        ],
        Form::ForcedBegging => [
            format!("{} a pedir limosna", a("obligad")),
            format!("{} a mendigar", a("forzad")),
            format!("{} en la mendicidad", a("explotad")),
        ],
        Form::ForcedMarriage => [
            format!("{} a casarse a cambio de dinero", a("obligad")),
            format!(
                "{} a {}",
                a("sometid"),
                if n == 1 {
                    "una unión forzada"
                } else {
                    "uniones forzadas"
                }
            ),
            format!("{} a un matrimonio forzado", a("entregad")),
        ],
        Form::ForcedCriminality => [
            format!("{} a vender drogas", a("obligad")),
            format!("{} a cometer robos", a("forzad")),
            format!("{} a transportar droga", a("obligad")),
        ],
    };
    options[k % 3].clone()
}

/// The form as a noun phrase ("víctimas de …").
fn form_noun(form: Form, k: usize) -> &'static str {
    match (form, k % 2) {
        (Form::SexualExploitation, 0) => "explotación sexual",
        (Form::SexualExploitation, _) => "trata con fines de explotación sexual",
        (Form::ForcedLabour, 0) => "trabajo forzoso",
        (Form::ForcedLabour, _) => "explotación laboral",
        (Form::ForcedBegging, _) => "mendicidad forzada",
        (Form::ForcedMarriage, _) => "matrimonio forzado",
        (Form::ForcedCriminality, _) => "criminalidad forzada",
    }
}

fn setting(s: Setting) -> &'static str {
    match s {
        Setting::Bar => "un bar",
        Setting::Nightclub => "una discoteca",
        Setting::Brothel => "un prostíbulo",
        Setting::MassageParlour => "un supuesto centro de masajes",
        Setting::Farm => "una finca agrícola",
        Setting::Mine => "un campamento de minería ilegal",
        Setting::Construction => "una obra de construcción",
        Setting::Textile => "un taller textil clandestino",
        Setting::BrickKiln => "una fábrica de ladrillos",
        Setting::Fishing => "un barco pesquero",
        Setting::Logging => "un aserradero",
        Setting::Domestic => "una vivienda particular",
        Setting::Streets => "las calles",
        Setting::Home => "una vivienda",
        Setting::DrugPoint => "un punto de venta de drogas",
        Setting::Truck => "la caja de un tráiler",
        Setting::Boat => "una embarcación",
        Setting::SafeHouse => "una casa de seguridad",
        Setting::Bus => "un autobús de pasajeros",
        Setting::None => "un local",
    }
}

/// Everything a Spanish template needs about one event and one article.
struct Es<'a>(Article<'a>);

impl<'a> std::ops::Deref for Es<'a> {
    type Target = Article<'a>;

    fn deref(&self) -> &Article<'a> {
        &self.0
    }
}

impl<'a> Es<'a> {
    fn new(ev: &'a SynthEvent, st: &'a Style) -> Es<'a> {
        Es(Article::new(ev, st, noun(ev.who, st.alt), L))
    }

    /// A count of people: digits, or words when the style spells them; one is always a word.
    fn num(&self, n: u32, g: Gender) -> String {
        number(n, L, g, self.st.words || n == 1)
    }

    /// "12 mujeres venezolanas" (the nationality when the style names it or it is foreign).
    fn people(&self) -> String {
        let count = self.num(self.n, self.g());
        format!("{count} {}{}", self.noun.form(self.n), self.nationality())
    }

    /// The people at the start of a sentence, always in words.
    fn people_cap(&self) -> String {
        let count = number(self.n, L, self.g(), true);
        cap(&format!(
            "{count} {}{}",
            self.noun.form(self.n),
            self.nationality()
        ))
    }

    fn nationality(&self) -> String {
        let foreign = self.ev.nationality != self.ev.country;
        let nat = country(self.ev.nationality);
        if (foreign || self.st.nationality) && !self.noun.sg.contains(" de ") {
            format!(" {}", nat.demonym(L, self.g(), self.n != 1))
        } else if foreign {
            // "menores de edad" take the nationality after a preposition.
            format!(" de nacionalidad {}", nat.demonym(L, Gender::F, false))
        } else {
            String::new()
        }
    }

    /// "Doce mujeres, víctimas de explotación sexual," or "Doce víctimas de explotación
    /// sexual", to open a sentence.
    fn people_of_form_cap(&self, form: Form) -> String {
        let fnoun = form_noun(form, self.v());
        if self.noun.sg == "víctima" {
            format!("{} de {fnoun}", self.people_cap())
        } else {
            let victims = if self.n == 1 { "víctima" } else { "víctimas" };
            format!("{}, {victims} de {fnoun},", self.people_cap())
        }
    }

    fn a(&self, stem: &str) -> String {
        agree(stem, self.g(), self.n)
    }

    /// "fue"/"fueron".
    fn fue(&self) -> &'static str {
        if self.n == 1 {
            "fue"
        } else {
            "fueron"
        }
    }

    fn eran(&self) -> &'static str {
        if self.n == 1 {
            "era"
        } else {
            "eran"
        }
    }

    /// "las víctimas" / "la víctima".
    fn the_victims(&self) -> &'static str {
        if self.n == 1 {
            "la víctima"
        } else {
            "las víctimas"
        }
    }

    /// Feminine participle for "las víctimas".
    fn av(&self, stem: &str) -> String {
        agree(stem, Gender::F, self.n)
    }

    fn when(&self) -> String {
        when(self.ev.day, self.st.published, L, self.st.calendar)
    }

    fn police(&self) -> &'static str {
        self.c.police(L)
    }

    /// "un bar de Cúcuta", "la caja de un tráiler en Tapachula".
    fn place(&self) -> String {
        let s = setting(self.ev.setting);
        match self.ev.setting {
            Setting::Truck | Setting::Boat | Setting::Bus => {
                format!("{s} en {}", self.city())
            }
            _ => format!("{s} {}", de(self.city())),
        }
    }

    fn speaker(&self) -> String {
        let sp = &self.ev.spokesperson;
        let name = &sp.name;
        let (a, o) = if sp.woman { ("la", "a") } else { ("el", "o") };
        match (sp.post, self.v() % 2) {
            (Post::Prosecutor, 0) => format!("{a} fiscal {name}"),
            (Post::Prosecutor, _) => format!("{name}, fiscal a cargo del caso"),
            (Post::Commander, 0) => format!("{a} comisari{o} {name}"),
            (Post::Commander, _) => format!(
                "{name}, jef{} del operativo",
                if sp.woman { "a" } else { "e" }
            ),
            (Post::Spokesperson, 0) => format!("{name}, vocer{o} {}", de(self.police())),
            (Post::Spokesperson, _) => format!("{a} vocer{o} policial {name}"),
        }
    }

    fn quote(&self, text: &str) -> String {
        let verb = ["afirmó", "declaró", "señaló", "aseguró"][self.v() % 4];
        if self.v().is_multiple_of(2) {
            format!("«{text}», {verb} {}.", self.speaker())
        } else {
            format!("“{text}”, {verb} {}.", self.speaker())
        }
    }
}

fn join(items: &[&str], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// The work the victims were promised, matching where they ended up.
fn job(setting: Setting, form: Form, n: u32) -> &'static str {
    match (setting, form) {
        (_, Form::SexualExploitation) if n == 1 => "como mesera o modelo",
        (_, Form::SexualExploitation) => "como meseras o modelos",
        (Setting::Farm, _) => "en el campo",
        (Setting::Mine, _) => "en la minería",
        (Setting::Construction, _) => "en la construcción",
        (Setting::Textile, _) => "en talleres de costura",
        (Setting::BrickKiln, _) => "en una fábrica",
        (Setting::Fishing, _) => "en la pesca",
        (Setting::Logging, _) => "en un aserradero",
        (Setting::Domestic, _) => "en el servicio doméstico",
        _ => "en otra ciudad",
    }
}
