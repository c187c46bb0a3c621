//! Small pieces of grammar the templates share: numbers written as digits or words, agreement of
//! participles with the people they describe, weekdays and months, and URL slugs.
//!
//! Numbers in words stop at sixty because events never report more victims than that (migrant
//! counts above sixty are always written as digits, as newsrooms do).

use rastro_model::Date;

/// The three languages of the generated news.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Es,
    Pt,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::Pt => "pt",
            Lang::En => "en",
        }
    }
}

/// Grammatical gender of a Spanish or Portuguese noun; English ignores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    F,
    M,
}

/// A noun with its singular, plural and gender, so that a template can agree with any count.
#[derive(Clone, Copy, Debug)]
pub struct Noun {
    pub sg: &'static str,
    pub pl: &'static str,
    pub g: Gender,
}

impl Noun {
    pub const fn f(sg: &'static str, pl: &'static str) -> Noun {
        Noun {
            sg,
            pl,
            g: Gender::F,
        }
    }
    pub const fn m(sg: &'static str, pl: &'static str) -> Noun {
        Noun {
            sg,
            pl,
            g: Gender::M,
        }
    }
    pub fn form(&self, n: u32) -> &'static str {
        if n == 1 {
            self.sg
        } else {
            self.pl
        }
    }
}

/// A participle or adjective stem ending in -o/-a agreed with gender and number: `agree("rescatad",
/// F, 3)` is "rescatadas". Spanish and Portuguese share the rule.
pub fn agree(stem: &str, g: Gender, n: u32) -> String {
    let vowel = match g {
        Gender::F => 'a',
        Gender::M => 'o',
    };
    if n == 1 {
        format!("{stem}{vowel}")
    } else {
        format!("{stem}{vowel}s")
    }
}

/// The first letter in upper case, for a phrase that starts a sentence.
pub fn cap(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A count as a newsroom writes it: digits, or words when `words` is set and the number is
/// small enough to spell.
pub fn number(n: u32, lang: Lang, g: Gender, words: bool) -> String {
    if words {
        if let Some(w) = number_words(n, lang, g) {
            return w;
        }
    }
    if n >= 1000 {
        // Thousands separators differ: "1.250" in Spanish and Portuguese, "1,250" in English.
        let sep = if lang == Lang::En { ',' } else { '.' };
        format!("{}{sep}{:03}", n / 1000, n % 1000)
    } else {
        n.to_string()
    }
}

fn number_words(n: u32, lang: Lang, g: Gender) -> Option<String> {
    const ES: [&str; 30] = [
        "",
        "",
        "dos",
        "tres",
        "cuatro",
        "cinco",
        "seis",
        "siete",
        "ocho",
        "nueve",
        "diez",
        "once",
        "doce",
        "trece",
        "catorce",
        "quince",
        "dieciséis",
        "diecisiete",
        "dieciocho",
        "diecinueve",
        "veinte",
        "",
        "veintidós",
        "veintitrés",
        "veinticuatro",
        "veinticinco",
        "veintiséis",
        "veintisiete",
        "veintiocho",
        "veintinueve",
    ];
    const PT: [&str; 20] = [
        "",
        "",
        "",
        "três",
        "quatro",
        "cinco",
        "seis",
        "sete",
        "oito",
        "nove",
        "dez",
        "onze",
        "doze",
        "treze",
        "catorze",
        "quinze",
        "dezesseis",
        "dezessete",
        "dezoito",
        "dezenove",
    ];
    const EN: [&str; 20] = [
        "",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    let f = g == Gender::F;
    let tens = n / 10;
    let unit = n % 10;
    let word = match lang {
        Lang::Es => match n {
            1 => (if f { "una" } else { "un" }).to_string(),
            21 => (if f { "veintiuna" } else { "veintiún" }).to_string(),
            2..=29 => ES[n as usize].to_string(),
            30..=60 => {
                let ten = ["treinta", "cuarenta", "cincuenta", "sesenta"][(tens - 3) as usize];
                match unit {
                    0 => ten.to_string(),
                    1 => format!("{ten} y {}", if f { "una" } else { "un" }),
                    u => format!("{ten} y {}", ES[u as usize]),
                }
            }
            _ => return None,
        },
        Lang::Pt => {
            let small = |u: u32| match u {
                1 => (if f { "uma" } else { "um" }).to_string(),
                2 => (if f { "duas" } else { "dois" }).to_string(),
                u => PT[u as usize].to_string(),
            };
            match n {
                1..=19 => small(n),
                20..=60 => {
                    let ten = ["vinte", "trinta", "quarenta", "cinquenta", "sessenta"]
                        [(tens - 2) as usize];
                    if unit == 0 {
                        ten.to_string()
                    } else {
                        format!("{ten} e {}", small(unit))
                    }
                }
                _ => return None,
            }
        }
        Lang::En => match n {
            1..=19 => EN[n as usize].to_string(),
            20..=60 => {
                let ten = ["twenty", "thirty", "forty", "fifty", "sixty"][(tens - 2) as usize];
                if unit == 0 {
                    ten.to_string()
                } else {
                    format!("{ten}-{}", EN[unit as usize])
                }
            }
            _ => return None,
        },
    };
    Some(word)
}

/// Weekday of a day count since 1970-01-01 (a Thursday), 0 = Monday.
pub fn weekday(days: i64) -> usize {
    (days + 3).rem_euclid(7) as usize
}

pub fn weekday_name(days: i64, lang: Lang) -> &'static str {
    const ES: [&str; 7] = [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ];
    const PT: [&str; 7] = [
        "segunda-feira",
        "terça-feira",
        "quarta-feira",
        "quinta-feira",
        "sexta-feira",
        "sábado",
        "domingo",
    ];
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let w = weekday(days);
    match lang {
        Lang::Es => ES[w],
        Lang::Pt => PT[w],
        Lang::En => EN[w],
    }
}

pub fn month_name(month: u32, lang: Lang) -> &'static str {
    const ES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    const PT: [&str; 12] = [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Es => ES[i],
        Lang::Pt => PT[i],
        Lang::En => EN[i],
    }
}

/// The civil date of a day count; generated days are always within 1900–2100, and the epoch
/// stands in should a caller pass something absurd, so that generation never fails.
pub fn date_of(days: i64) -> Date {
    Date::from_days_since_epoch(days)
        .or_else(|_| Date::from_days_since_epoch(0))
        .unwrap_or_else(|_| Date::today())
}

/// When the event happened, as the article says it relative to its publication: a weekday
/// ("este martes") or a calendar date ("el 12 de marzo", with the year when it differs from the
/// publication's, since readers and the extractor complete a missing year with the current one).
pub fn when(event: i64, published: i64, lang: Lang, calendar: bool) -> String {
    let d = date_of(event);
    let p = date_of(published);
    let gap = published - event;
    if calendar || gap > 6 {
        let year = if d.year() == p.year() {
            String::new()
        } else {
            match lang {
                Lang::En => format!(" {}", d.year()),
                _ => format!(" de {}", d.year()),
            }
        };
        return match lang {
            Lang::Es => format!("el {} de {}{year}", d.day(), month_name(d.month(), lang)),
            Lang::Pt => format!("em {} de {}{year}", d.day(), month_name(d.month(), lang)),
            // Day before month, which needs no comma after the year mid-sentence.
            Lang::En => format!("on {} {}{year}", d.day(), month_name(d.month(), lang)),
        };
    }
    let day = weekday_name(event, lang);
    match (lang, gap) {
        (Lang::Es, 0) => format!("este {day}"),
        (Lang::Es, 1) => "ayer".to_string(),
        (Lang::Es, _) => format!("el pasado {day}"),
        (Lang::Pt, 0) => {
            // Weekdays ending in "-feira" are feminine, Saturday and Sunday masculine.
            if day.ends_with("feira") {
                format!("nesta {day}")
            } else {
                format!("neste {day}")
            }
        }
        (Lang::Pt, 1) => "ontem".to_string(),
        (Lang::Pt, _) => {
            if day.ends_with("feira") {
                format!("na última {day}")
            } else {
                format!("no último {day}")
            }
        }
        (Lang::En, _) => format!("on {day}"),
    }
}

/// A URL path segment: lower-case ASCII words joined by hyphens.
pub fn slug(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.chars() {
        let folded = match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'Á' | 'À' | 'Â' | 'Ã' => 'a',
            'é' | 'ê' | 'è' | 'É' | 'Ê' => 'e',
            'í' | 'ì' | 'Í' => 'i',
            'ó' | 'ô' | 'õ' | 'ò' | 'Ó' | 'Ô' | 'Õ' => 'o',
            'ú' | 'ü' | 'ù' | 'Ú' | 'Ü' => 'u',
            'ñ' | 'Ñ' => 'n',
            'ç' | 'Ç' => 'c',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => '-',
        };
        if folded == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(folded);
    }
    while out.ends_with('-') {
        out.pop();
    }
    // Long titles make long URLs; newsrooms cut the slug at a word boundary.
    if out.len() > 70 {
        let cut = out[..70].rfind('-').unwrap_or(70);
        out.truncate(cut);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_words_agree_with_gender() {
        assert_eq!(number(1, Lang::Es, Gender::F, true), "una");
        assert_eq!(number(21, Lang::Es, Gender::M, true), "veintiún");
        assert_eq!(number(34, Lang::Es, Gender::F, true), "treinta y cuatro");
        assert_eq!(number(22, Lang::Pt, Gender::F, true), "vinte e duas");
        assert_eq!(number(2, Lang::Pt, Gender::M, true), "dois");
        assert_eq!(number(47, Lang::En, Gender::F, true), "forty-seven");
        assert_eq!(number(75, Lang::En, Gender::F, true), "75");
        assert_eq!(number(1250, Lang::Es, Gender::F, false), "1.250");
    }

    #[test]
    fn weekdays_and_slugs() {
        // 1970-01-01 was a Thursday; 2024-03-12 a Tuesday.
        assert_eq!(weekday_name(0, Lang::En), "Thursday");
        let d = rastro_model::Date::new(2024, 3, 12)
            .map(|d| d.days_since_epoch())
            .unwrap_or(0);
        assert_eq!(weekday_name(d, Lang::Es), "martes");
        assert_eq!(
            slug("Rescatan a 12 víctimas de explotación en Cúcuta"),
            "rescatan-a-12-victimas-de-explotacion-en-cucuta"
        );
        assert_eq!(when(d, d + 1, Lang::Pt, true), "em 12 de março");
    }
}
