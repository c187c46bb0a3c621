//! Migrants put in custody are arrests; intercepted, sent home or held in a warning they are
//! not ([`super::custody`]), on invented text.

use crate::input::Article;
use crate::{Decision, Extractor};

/// Arrests as the rules alone give them.
fn arrests(text: &str) -> Option<u64> {
    Extractor::with_learned_counts([Decision::RULES; 2])
        .extract(&Article::plain("t", text))
        .arrests
}

#[test]
fn migrants_put_in_custody_are_arrests() {
    for (text, n) in [
        // A group counted on board, then taken to a detention centre.
        (
            "Navy stops a boat off Inagua\n\nThe Royal Bahamas Defence Force stopped a boat \
             south of Inagua on Sunday. There were 57 people on board, 40 men and 17 women. \
             The group was later taken to the detention centre in Nassau.",
            57,
        ),
        // Its breakdown as the subject: the parts add up to the count.
        (
            "Sloop with 61 migrants stopped\n\nMarine police stopped a sloop with 61 migrants \
             aboard near Grand Turk on Friday. The 45 men and 16 women were handed to \
             immigration officers and are due to be flown home.",
            61,
        ),
        // Handed over to the immigration service, in Spanish.
        (
            "Rescatan una embarcación frente a Roatán\n\nLa Fuerza Naval interceptó una lancha \
             con 38 migrantes a bordo. Todos fueron entregados al Instituto Nacional de \
             Migración para su trámite.",
            38,
        ),
        // The count held in custody in its own sentence.
        (
            "Guarda Costeira intercepta barco\n\nAs autoridades mantinham sob custódia nesta \
             terça-feira 73 imigrantes cubanos que chegaram à costa de madrugada.",
            73,
        ),
        (
            "Interceptan una lancha en el Caribe\n\nTras ser detenidos en alta mar, los 29 \
             migrantes venezolanos fueron llevados a la base naval de la ciudad.",
            29,
        ),
        // A nationality, any the gazetteer knows, names the group told of before.
        (
            "Coast guard stops a go-fast off Culebra\n\nA coast guard cutter stopped a small \
             boat east of Culebra on Tuesday with 19 people aboard. The Ecuadorians were taken \
             to a detention facility in San Juan.",
            19,
        ),
    ] {
        assert_eq!(arrests(text), Some(n), "{text}");
    }
}

#[test]
fn migrants_not_put_in_custody_are_no_arrests() {
    for text in [
        // Intercepted and sent home, never said to be held.
        "Coast Guard repatriates 48 migrants\n\nThe Coast Guard stopped a boat with 48 migrants \
         on board west of Mona Island and repatriated all of them to the Dominican Republic on \
         Tuesday.",
        // Custody only threatened.
        "Minister warns smugglers\n\nLast year a boat carried 90 people on board. The minister \
         warned that all passengers caught would be taken to a detention centre and sent home.",
        // A breakdown that does not add up to the group is another group.
        "Sloop stopped off Providenciales\n\nPolice stopped a sloop with 70 migrants aboard on \
         Monday. The 12 women were taken to a detention centre; the rest stayed on the boat.",
    ] {
        assert_eq!(arrests(text), None, "{text}");
    }
}
