//! The number words of Spanish, Portuguese and English, and what each does in a number
//! ([`crate::numbers`] reads them; [`crate::vocab`] numbers them with the other tables' words).

use std::sync::OnceLock;

use rastro_geo::Lang;
use rastro_text::fasthash::FastMap;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Word {
    /// Adds to the current group: units, tens, hundreds.
    Add(u64),
    /// Multiplies the current group ("hundred").
    Hundred,
    /// Closes a group ("mil", "thousand", "million").
    Scale(u64),
    /// A quantity noun counted after "a"/"una": "a dozen", "una decena", "un centenar".
    Group(u64),
    /// A vague plural quantity.
    Vague,
    /// "and" between parts of a number ("treinta y dos", "vinte e dois").
    Joiner,
}

pub(crate) struct Words {
    pub table: FastMap<&'static str, (Option<Lang>, Word)>,
}

pub(crate) fn words() -> &'static Words {
    static TABLE: OnceLock<Words> = OnceLock::new();
    TABLE.get_or_init(|| Words {
        table: build_words(),
    })
}

fn build_words() -> FastMap<&'static str, (Option<Lang>, Word)> {
    use Word::*;
    let es = Some(Lang::Es);
    let pt = Some(Lang::Pt);
    let en = Some(Lang::En);
    let any: Option<Lang> = None;
    let mut m = FastMap::default();
    let mut add = |lang: Option<Lang>, list: &[(&'static str, u64)]| {
        for (w, v) in list {
            m.insert(*w, (lang, Add(*v)));
        }
    };
    add(
        es,
        &[
            ("un", 1),
            ("uno", 1),
            ("una", 1),
            ("dos", 2),
            ("cuatro", 4),
            ("siete", 7),
            ("ocho", 8),
            ("nueve", 9),
            ("diez", 10),
            ("once", 11),
            ("doce", 12),
            ("trece", 13),
            ("catorce", 14),
            ("quince", 15),
            ("dieciseis", 16),
            ("diecisiete", 17),
            ("dieciocho", 18),
            ("diecinueve", 19),
            ("veinte", 20),
            ("veintiun", 21),
            ("veintiuno", 21),
            ("veintiuna", 21),
            ("veintidos", 22),
            ("veintitres", 23),
            ("veinticuatro", 24),
            ("veinticinco", 25),
            ("veintiseis", 26),
            ("veintisiete", 27),
            ("veintiocho", 28),
            ("veintinueve", 29),
            ("treinta", 30),
            ("cuarenta", 40),
            ("cincuenta", 50),
            ("sesenta", 60),
            ("ochenta", 80),
            ("cien", 100),
            ("ciento", 100),
            ("doscientos", 200),
            ("doscientas", 200),
            ("trescientos", 300),
            ("trescientas", 300),
            ("cuatrocientos", 400),
            ("cuatrocientas", 400),
            ("quinientos", 500),
            ("quinientas", 500),
            ("seiscientos", 600),
            ("seiscientas", 600),
            ("setecientos", 700),
            ("setecientas", 700),
            ("ochocientos", 800),
            ("ochocientas", 800),
            ("novecientos", 900),
            ("novecientas", 900),
        ],
    );
    add(
        pt,
        &[
            ("um", 1),
            ("uma", 1),
            ("dois", 2),
            ("duas", 2),
            ("quatro", 4),
            ("sete", 7),
            ("oito", 8),
            ("nove", 9),
            ("dez", 10),
            ("onze", 11),
            ("doze", 12),
            ("treze", 13),
            ("catorze", 14),
            ("quatorze", 14),
            ("quinze", 15),
            ("dezesseis", 16),
            ("dezasseis", 16),
            ("dezessete", 17),
            ("dezassete", 17),
            ("dezoito", 18),
            ("dezenove", 19),
            ("dezanove", 19),
            ("vinte", 20),
            ("trinta", 30),
            ("quarenta", 40),
            ("cinquenta", 50),
            ("sessenta", 60),
            ("oitenta", 80),
            ("cem", 100),
            ("cento", 100),
            ("duzentos", 200),
            ("duzentas", 200),
            ("trezentos", 300),
            ("trezentas", 300),
            ("quatrocentos", 400),
            ("quatrocentas", 400),
            ("quinhentos", 500),
            ("quinhentas", 500),
            ("seiscentos", 600),
            ("seiscentas", 600),
            ("setecentos", 700),
            ("setecentas", 700),
            ("oitocentos", 800),
            ("oitocentas", 800),
            ("novecentos", 900),
            ("novecentas", 900),
        ],
    );
    // Spelt the same in Spanish and Portuguese.
    add(
        any,
        &[
            ("tres", 3),
            ("cinco", 5),
            ("seis", 6),
            ("setenta", 70),
            ("noventa", 90),
        ],
    );
    add(
        en,
        &[
            ("one", 1),
            ("two", 2),
            ("three", 3),
            ("four", 4),
            ("five", 5),
            ("six", 6),
            ("seven", 7),
            ("eight", 8),
            ("nine", 9),
            ("ten", 10),
            ("eleven", 11),
            ("twelve", 12),
            ("thirteen", 13),
            ("fourteen", 14),
            ("fifteen", 15),
            ("sixteen", 16),
            ("seventeen", 17),
            ("eighteen", 18),
            ("nineteen", 19),
            ("twenty", 20),
            ("thirty", 30),
            ("forty", 40),
            ("fifty", 50),
            ("sixty", 60),
            ("seventy", 70),
            ("eighty", 80),
            ("ninety", 90),
        ],
    );
    m.insert("hundred", (en, Hundred));
    m.insert("mil", (any, Scale(1_000)));
    m.insert("thousand", (en, Scale(1_000)));
    for w in [
        "millon", "millones", "milhao", "milhoes", "million", "millions",
    ] {
        m.insert(w, (any, Scale(1_000_000)));
    }
    for w in ["billon", "bilhao", "bilhoes", "billion", "billions"] {
        m.insert(w, (any, Scale(1_000_000_000)));
    }
    // Singular, after "a"/"una"/"um", these are as exact as news gets ("una decena de mujeres",
    // "una veintena de trabajadores", "más de un centenar"); their plurals ("decenas") are vague.
    for (w, v) in [
        ("dozen", 12),
        ("docena", 12),
        ("duzia", 12),
        ("decena", 10),
        ("dezena", 10),
        ("veintena", 20),
        ("vintena", 20),
        ("treintena", 30),
        ("trintena", 30),
        ("centenar", 100),
        ("centena", 100),
        ("millar", 1000),
        ("milhar", 1000),
    ] {
        m.insert(w, (any, Group(v)));
    }
    for w in [
        "dozens",
        "scores",
        "docenas",
        "decenas",
        "dezenas",
        "cientos",
        "centenares",
        "centenas",
        "hundreds",
        "thousands",
        "miles",
        "milhares",
        "millares",
        "varios",
        "varias",
        "varios",
        "several",
        "numerous",
        "numerosos",
        "numerosas",
        "muchos",
        "muchas",
        "muitos",
        "muitas",
        "many",
    ] {
        m.insert(w, (any, Vague));
    }
    m.insert("y", (es, Joiner));
    m.insert("e", (pt, Joiner));
    m.insert("and", (en, Joiner));
    m
}

/// Every number word of every language, for [`crate::vocab`].
pub(crate) fn number_words() -> impl Iterator<Item = (&'static str, (Option<Lang>, Word))> {
    words()
        .table
        .iter()
        .map(|(&word, &reading)| (word, reading))
}
