//! Portuguese templates, in the register of Brazilian news. Portuguese contracts prepositions
//! with articles ("na Colômbia", "pela Polícia Federal", "à Cidade do México"), so noun phrases
//! carry their article and [`em`], [`de`], [`por`] and [`a`] contract it.

mod control;
mod smuggling;
mod trafficking;

pub use control::control;
pub use smuggling::smuggling;
pub use trafficking::trafficking;

use super::{indoors, nth, two_teams, Article, Draft, Slot, Style};
use crate::news::events::{Form, Hold, Lure, Post, Setting, SynthEvent, Topic, Victims};
use crate::news::places::{country, Country};
use crate::news::words::{agree, cap, number, when, Gender, Lang, Noun};
use crate::Rng;

const L: Lang = Lang::Pt;

/// Contracts a preposition with the article that starts `np`: `forms` are the contractions
/// with a, as, o, os, and the preposition alone.
fn contract(np: &str, forms: [&str; 5]) -> String {
    for (article, joined) in [
        ("a ", forms[0]),
        ("as ", forms[1]),
        ("o ", forms[2]),
        ("os ", forms[3]),
    ] {
        if let Some(rest) = np.strip_prefix(article) {
            return format!("{joined} {rest}");
        }
    }
    format!("{} {np}", forms[4])
}

fn em(np: &str) -> String {
    contract(np, ["na", "nas", "no", "nos", "em"])
}

fn de(np: &str) -> String {
    contract(np, ["da", "das", "do", "dos", "de"])
}

fn por(np: &str) -> String {
    contract(np, ["pela", "pelas", "pelo", "pelos", "por"])
}

fn a(np: &str) -> String {
    contract(np, ["à", "às", "ao", "aos", "a"])
}

/// The country with its article ("o Brasil", "a Colômbia", "Honduras"), read off the
/// contraction the table gives for "in".
fn country_np(c: &Country) -> String {
    if c.pt_in.starts_with("no ") {
        format!("o {}", c.pt)
    } else if c.pt_in.starts_with("na ") {
        format!("a {}", c.pt)
    } else {
        c.pt.to_string()
    }
}

fn noun(who: Victims, alt: bool) -> Noun {
    match (who, alt) {
        (Victims::Women, false) => Noun::f("mulher", "mulheres"),
        (Victims::Women, true) => Noun::f("vítima", "vítimas"),
        (Victims::Girls, false) => Noun::f("adolescente", "adolescentes"),
        (Victims::Girls, true) => Noun::f("menina", "meninas"),
        (Victims::Teens, false) => Noun::m("adolescente", "adolescentes"),
        (Victims::Teens, true) => Noun::m("menor de idade", "menores de idade"),
        (Victims::Workers, false) => Noun::m("trabalhador", "trabalhadores"),
        (Victims::Workers, true) => Noun::f("pessoa", "pessoas"),
        (Victims::Children, false) => Noun::f("criança", "crianças"),
        (Victims::Children, true) => Noun::m("menor de idade", "menores de idade"),
        (Victims::People, false) => Noun::f("pessoa", "pessoas"),
        (Victims::People, true) => Noun::f("vítima", "vítimas"),
        (Victims::Migrants, _) => Noun::m("migrante", "migrantes"),
    }
}

fn form_pp(form: Form, g: Gender, n: u32, k: usize) -> String {
    let p = |stem: &str| agree(stem, g, n);
    let options = match form {
        Form::SexualExploitation => [
            format!("{} sexualmente", p("explorad")),
            format!("{} a se prostituir", p("obrigad")),
            format!("{} à exploração sexual", p("submetid")),
        ],
        Form::ForcedLabour => [
            format!("{} a trabalho análogo à escravidão", p("submetid")),
            format!("{} em condições análogas à escravidão", p("mantid")),
            format!("{} a trabalho forçado", p("submetid")),
        ],
        Form::ForcedBegging => [
            format!("{} a pedir esmola", p("obrigad")),
            format!("{} na mendicância", p("explorad")),
            format!("{} à mendicância forçada", p("submetid")),
        ],
        Form::ForcedMarriage => [
            format!("{} a se casar em troca de dinheiro", p("obrigad")),
            format!("{} a casamentos forçados", p("submetid")),
            format!(
                "{} a um casamento forçado",
                if n == 1 { "entregue" } else { "entregues" }
            ),
        ],
        Form::ForcedCriminality => [
            format!("{} a vender drogas", p("obrigad")),
            format!("{} a cometer furtos", p("obrigad")),
            format!("{} a transportar drogas", p("obrigad")),
        ],
    };
    options[k % 3].clone()
}

fn form_noun(form: Form, k: usize) -> &'static str {
    match (form, k % 2) {
        (Form::SexualExploitation, 0) => "exploração sexual",
        (Form::SexualExploitation, _) => "tráfico de pessoas para fins de exploração sexual",
        (Form::ForcedLabour, 0) => "trabalho escravo",
        (Form::ForcedLabour, _) => "trabalho análogo à escravidão",
        (Form::ForcedBegging, _) => "mendicância forçada",
        (Form::ForcedMarriage, _) => "casamento forçado",
        (Form::ForcedCriminality, _) => "criminalidade forçada",
    }
}

fn setting(s: Setting) -> &'static str {
    match s {
        Setting::Bar => "um bar",
        Setting::Nightclub => "uma boate",
        Setting::Brothel => "uma casa de prostituição",
        Setting::MassageParlour => "uma falsa casa de massagens",
        Setting::Farm => "uma fazenda",
        Setting::Mine => "um garimpo ilegal",
        Setting::Construction => "uma obra da construção civil",
        Setting::Textile => "uma oficina de costura clandestina",
        Setting::BrickKiln => "uma fábrica de tijolos",
        Setting::Fishing => "um barco de pesca",
        Setting::Logging => "uma madeireira",
        Setting::Domestic => "uma residência",
        Setting::Streets => "as ruas",
        Setting::Home => "uma casa",
        Setting::DrugPoint => "um ponto de venda de drogas",
        Setting::Truck => "a carroceria de um caminhão",
        Setting::Boat => "uma embarcação",
        Setting::SafeHouse => "uma casa usada como esconderijo",
        Setting::Bus => "um ônibus de passageiros",
        Setting::None => "um imóvel",
    }
}

struct Pt<'a>(Article<'a>);

impl<'a> std::ops::Deref for Pt<'a> {
    type Target = Article<'a>;

    fn deref(&self) -> &Article<'a> {
        &self.0
    }
}

impl<'a> Pt<'a> {
    fn new(ev: &'a SynthEvent, st: &'a Style) -> Pt<'a> {
        Pt(Article::new(ev, st, noun(ev.who, st.alt), L))
    }

    /// A count of people: digits, or words when the style spells them; one is always a word.
    fn num(&self, n: u32, g: Gender) -> String {
        number(n, L, g, self.st.words || n == 1)
    }

    fn nationality(&self) -> String {
        let foreign = self.ev.nationality != self.ev.country;
        let nat = country(self.ev.nationality);
        if (foreign || self.st.nationality) && !self.noun.sg.contains(" de ") {
            format!(" {}", nat.demonym(L, self.g(), self.n != 1))
        } else if foreign {
            format!(" de nacionalidade {}", nat.demonym(L, Gender::F, false))
        } else {
            String::new()
        }
    }

    fn people(&self) -> String {
        let count = self.num(self.n, self.g());
        format!("{count} {}{}", self.noun.form(self.n), self.nationality())
    }

    fn people_cap(&self) -> String {
        let count = number(self.n, L, self.g(), true);
        cap(&format!(
            "{count} {}{}",
            self.noun.form(self.n),
            self.nationality()
        ))
    }

    fn people_of_form_cap(&self, form: Form) -> String {
        let fnoun = form_noun(form, self.v());
        if self.noun.sg == "vítima" {
            format!("{} de {fnoun}", self.people_cap())
        } else {
            let victims = if self.n == 1 { "vítima" } else { "vítimas" };
            format!("{}, {victims} de {fnoun},", self.people_cap())
        }
    }

    fn p(&self, stem: &str) -> String {
        agree(stem, self.g(), self.n)
    }

    /// Feminine participle for "as vítimas".
    fn pv(&self, stem: &str) -> String {
        agree(stem, Gender::F, self.n)
    }

    fn foi(&self) -> &'static str {
        if self.n == 1 {
            "foi"
        } else {
            "foram"
        }
    }

    fn eram(&self) -> &'static str {
        if self.n == 1 {
            "era"
        } else {
            "eram"
        }
    }

    /// The plural ending of verbs whose subject is the victims ("permanecia"/"permaneciam").
    fn m(&self) -> &'static str {
        if self.n == 1 {
            ""
        } else {
            "m"
        }
    }

    fn the_victims(&self) -> &'static str {
        if self.n == 1 {
            "a vítima"
        } else {
            "as vítimas"
        }
    }

    fn when(&self) -> String {
        when(self.ev.day, self.st.published, L, self.st.calendar)
    }

    fn police(&self) -> &'static str {
        self.c.police(L)
    }

    /// "em um bar em Manaus", "nas ruas de Lima".
    fn place(&self) -> String {
        let s = setting(self.ev.setting);
        match self.ev.setting {
            Setting::Streets => format!("{} {}", em(s), de(self.city())),
            _ => format!("{} {}", em(s), em(self.city())),
        }
    }

    fn speaker(&self) -> String {
        let sp = &self.ev.spokesperson;
        let name = &sp.name;
        let (art, fem) = if sp.woman { ("a", "a") } else { ("o", "") };
        match (sp.post, self.v() % 2) {
            (Post::Prosecutor, 0) => format!("{art} procurador{fem} {name}"),
            (Post::Prosecutor, _) => format!("{name}, procurador{fem} responsável pelo caso"),
            (Post::Commander, 0) => {
                format!("{art} delegad{} {name}", if sp.woman { "a" } else { "o" })
            }
            (Post::Commander, _) => format!("{name}, que comandou a operação"),
            (Post::Spokesperson, 0) => format!("{name}, porta-voz {}", de(self.police())),
            (Post::Spokesperson, _) => format!("{art} porta-voz da polícia, {name}"),
        }
    }

    fn quote(&self, text: &str) -> String {
        let verb = ["afirmou", "declarou", "disse", "ressaltou"][self.v() % 4];
        format!("“{text}”, {verb} {}.", self.speaker())
    }
}

fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} e {last}", rest.join(", ")),
    }
}

/// The work the victims were promised, matching where they ended up.
fn job(setting: Setting, form: Form, n: u32) -> &'static str {
    match (setting, form) {
        (_, Form::SexualExploitation) if n == 1 => "como garçonete ou modelo",
        (_, Form::SexualExploitation) => "como garçonetes ou modelos",
        (Setting::Farm, _) => "na lavoura",
        (Setting::Mine, _) => "no garimpo",
        (Setting::Construction, _) => "na construção civil",
        (Setting::Textile, _) => "em oficinas de costura",
        (Setting::BrickKiln, _) => "em uma fábrica",
        (Setting::Fishing, _) => "na pesca",
        (Setting::Logging, _) => "em uma madeireira",
        (Setting::Domestic, _) => "no serviço doméstico",
        _ => "em outra cidade",
    }
}
