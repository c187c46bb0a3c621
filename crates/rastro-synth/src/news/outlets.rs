//! Fictional outlets: a name, a domain under the reserved `.example` top-level domain (so no
//! generated URL can ever point at a real site), a language, and the countries each covers.

use super::words::Lang;
use crate::Rng;

pub struct Outlet {
    pub name: &'static str,
    pub domain: &'static str,
    pub lang: Lang,
    /// ISO codes of the countries it covers; empty for a regional wire that covers all.
    pub covers: &'static [&'static str],
}

pub const OUTLETS: &[Outlet] = &[
    Outlet {
        name: "Noticias Andinas",
        domain: "noticias-andinas.example",
        lang: Lang::Es,
        covers: &["PE", "BO", "EC", "CO", "CL", "VE"],
    },
    Outlet {
        name: "Diario del Pacífico",
        domain: "diariodelpacifico.example",
        lang: Lang::Es,
        covers: &["CO", "EC", "PE", "CL", "PA"],
    },
    Outlet {
        name: "La Voz del Istmo",
        domain: "lavozdelistmo.example",
        lang: Lang::Es,
        covers: &["PA", "CR", "CO", "SV", "HN", "GT", "NI"],
    },
    Outlet {
        name: "Crónica Austral",
        domain: "cronica-austral.example",
        lang: Lang::Es,
        covers: &["AR", "CL", "PY", "BO", "BR"],
    },
    Outlet {
        name: "El Observador de la Frontera",
        domain: "observadorfrontera.example",
        lang: Lang::Es,
        covers: &["MX", "GT", "HN", "SV"],
    },
    Outlet {
        name: "Semanario Caribe",
        domain: "semanariocaribe.example",
        lang: Lang::Es,
        covers: &["DO", "VE", "CO", "PA"],
    },
    Outlet {
        name: "Portal Mesoamérica",
        domain: "portalmesoamerica.example",
        lang: Lang::Es,
        covers: &["MX", "GT", "HN", "SV", "NI", "CR"],
    },
    Outlet {
        name: "Agencia Latina de Noticias",
        domain: "agencialatina.example",
        lang: Lang::Es,
        covers: &[],
    },
    Outlet {
        name: "Jornal do Cerrado",
        domain: "jornaldocerrado.example",
        lang: Lang::Pt,
        covers: &["BR"],
    },
    Outlet {
        name: "Correio da Fronteira",
        domain: "correiodafronteira.example",
        lang: Lang::Pt,
        covers: &["BR", "PY", "BO", "AR"],
    },
    Outlet {
        name: "Folha Amazônica",
        domain: "folha-amazonica.example",
        lang: Lang::Pt,
        covers: &["BR", "PE", "CO", "VE"],
    },
    Outlet {
        name: "Portal Sul Notícias",
        domain: "portalsul.example",
        lang: Lang::Pt,
        covers: &["BR", "AR", "PY", "CL"],
    },
    Outlet {
        name: "Latin America Monitor",
        domain: "latam-monitor.example",
        lang: Lang::En,
        covers: &[],
    },
    Outlet {
        name: "Hemisphere Wire",
        domain: "hemispherewire.example",
        lang: Lang::En,
        covers: &[],
    },
    Outlet {
        name: "Andes Dispatch",
        domain: "andesdispatch.example",
        lang: Lang::En,
        covers: &["PE", "BO", "EC", "CO", "CL"],
    },
    Outlet {
        name: "Southern Cone Report",
        domain: "southerncone-report.example",
        lang: Lang::En,
        covers: &["AR", "CL", "PY", "BR", "BO"],
    },
    Outlet {
        name: "Central America Today",
        domain: "centralamerica-today.example",
        lang: Lang::En,
        covers: &["MX", "GT", "HN", "SV", "NI", "CR", "PA", "DO"],
    },
];

/// How much an outlet of `lang` is worth to a story from `country`: the local language's press
/// covers most events, English-language press some, the other language's press a few.
fn weight(outlet: &Outlet, country: &str) -> f64 {
    let local = if country == "BR" { Lang::Pt } else { Lang::Es };
    let by_lang = if outlet.lang == local {
        4.0
    } else if outlet.lang == Lang::En {
        1.2
    } else {
        0.5
    };
    let covered = outlet.covers.contains(&country);
    let regional = outlet.covers.is_empty();
    match (covered, regional) {
        (true, _) => by_lang,
        // Wires pick up fewer stories than the outlets that cover the country.
        (false, true) => by_lang * 0.35,
        (false, false) => 0.0,
    }
}

/// `n` distinct outlets (indices into [`OUTLETS`]) that would report a story from `country`.
pub fn choose(rng: &mut Rng, country: &str, n: usize) -> Vec<usize> {
    let mut pool: Vec<(usize, f64)> = OUTLETS
        .iter()
        .enumerate()
        .map(|(i, o)| (i, weight(o, country)))
        .filter(|(_, w)| *w > 0.0)
        .collect();
    let mut out = Vec::with_capacity(n);
    while out.len() < n && !pool.is_empty() {
        let at = {
            let indexed: Vec<(usize, f64)> =
                pool.iter().enumerate().map(|(k, (_, w))| (k, *w)).collect();
            *rng.weighted(&indexed)
        };
        out.push(pool.swap_remove(at).0);
    }
    out
}
