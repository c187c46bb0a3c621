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
    // The shared list of number words; a word Spanish and Portuguese spell alike ("tres",
    // "cinco") belongs to either.
    let (es_words, pt_words) = (
        rastro_text::cardinal_words(Lang::Es),
        rastro_text::cardinal_words(Lang::Pt),
    );
    for &(w, v) in es_words {
        let shared = pt_words.contains(&(w, v));
        m.insert(w, (if shared { any } else { es }, Add(v)));
    }
    for &(w, v) in pt_words.iter().filter(|entry| !es_words.contains(entry)) {
        m.insert(w, (pt, Add(v)));
    }
    for &(w, v) in rastro_text::cardinal_words(Lang::En) {
        m.insert(w, (en, Add(v)));
    }
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
