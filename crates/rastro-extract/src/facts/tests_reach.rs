//! The readers' reach on kinds of phrasing that unseen articles showed them missing, each
//! generated over its word orders and languages and held against its near misses: operation
//! names joined by "al"/"ao" or opening with their own article; counts given by a pronoun or
//! quantifier ("ambos", "both"); migrants detained in a relative clause; one person found plus
//! others ("otros tres"); one named role plus a group.

use crate::input::Article;
use crate::{extract, Incident};

fn run(text: &str) -> Incident {
    extract(&Article::plain("t", text))
}

/// A headline, then one sentence that says what the report is about, then the sentence tried.
fn report(lang: &str, sentence: &str) -> String {
    let lead = match lang {
        "es" => "Operativo contra la trata\n\nLa Fiscalía informó de un operativo contra la trata de personas.",
        "pt" => "Operação contra o tráfico\n\nA Polícia Federal deflagrou uma ação contra o tráfico de pessoas.",
        _ => "Raid against trafficking\n\nAuthorities announced a raid against human trafficking.",
    };
    format!("{lead} {sentence}")
}

fn operations(lang: &str, sentence: &str) -> Vec<String> {
    run(&report(lang, sentence)).operations
}

#[test]
fn operation_names_run_on_through_al_and_ao() {
    for (lang, name, sentence) in [
        (
            "es",
            "Cese al Fuego",
            "Agentes de la Operación Cese al Fuego detuvieron a tres hombres.",
        ),
        (
            "es",
            "Paso al Norte",
            "La operación Paso al Norte terminó con dos detenidos.",
        ),
        (
            "es",
            "Cese al Fuego",
            "En el marco del operativo \"Cese al Fuego\" hubo tres detenidos.",
        ),
        (
            "pt",
            "Volta ao Lar",
            "A Operação Volta ao Lar prendeu três pessoas em Boa Vista.",
        ),
        (
            "pt",
            "Volta ao Lar",
            "Batizada de Volta ao Lar, a ação prendeu três pessoas.",
        ),
    ] {
        assert_eq!(operations(lang, sentence), [name], "{sentence}");
    }
    // Near misses: a place after the contraction is where the operation went, not its name.
    for (lang, sentence) in [
        ("es", "La operación Turquesa al Perú dejó 20 detenidos."),
        (
            "pt",
            "A Operação Turquesa ao Paraguai prendeu três pessoas.",
        ),
    ] {
        assert_eq!(operations(lang, sentence), ["Turquesa"], "{sentence}");
    }
}

#[test]
fn an_operation_keeps_its_own_capitalised_article() {
    for (lang, name, sentence) in [
        (
            "es",
            "La Sombra",
            "El operativo La Sombra dejó tres detenidos en Cúcuta.",
        ),
        (
            "es",
            "La Sombra",
            "La Operación \"La Sombra\" dejó tres detenidos en Cúcuta.",
        ),
        (
            "pt",
            "A Sombra",
            "A Operação A Sombra prendeu três pessoas em Boa Vista.",
        ),
        (
            "pt",
            "La Sombra",
            "Era a operação \"La Sombra\", aberta pela Polícia Federal.",
        ),
        (
            "pt",
            "O Resgate",
            "Policiais da Operação O Resgate prenderam dois homens.",
        ),
    ] {
        assert_eq!(operations(lang, sentence), [name], "{sentence}");
    }
    // Near misses: a lowercase article is the sentence's, and the shadow of a doubt is no
    // operation.
    for (lang, name, sentence) in [
        (
            "es",
            "Liberterra II",
            "Participaron en la Liberterra II, la operación de Interpol.",
        ),
        (
            "es",
            "Sombra",
            "La operación Sombra dejó tres detenidos. La sombra de la duda persiste.",
        ),
        (
            "en",
            "Spartacus III",
            "The Spartacus III operation ended with 20 arrests.",
        ),
    ] {
        assert_eq!(operations(lang, sentence), [name], "{sentence}");
    }
}
