//! Whether a sentence tells of something that happened or states how things are.
//!
//! News reports an event in the past ("fueron obligadas", "foram resgatados", "were forced")
//! or with a perfect ("han sido explotadas"). A sentence after the headline with no past at
//! all, no figure, and nothing of this case in it (its victims, its workers or suspects, "the
//! case", a named place) states a generality about the crime: "las formas de esclavitud incluyen el
//! matrimonio forzado", "o tráfico de pessoas costuma estar ligado à adoção ilegal", "the report
//! calls those penalties too weak for sex trafficking". The forms it names are not what this
//! case's victims suffered. What the writers count as the article's background (a region "hit
//! by sexual exploitation", tallies of cases, "las víctimas son explotadas") keeps one of those
//! anchors, so it still counts.
//!
//! The past is read from the shape of the verb, not from a list of verbs: Spanish preterites
//! and imperfects ("-ó", "-aron", "-ieron", "-aba", "-ían"), Portuguese ones ("-ou", "-aram",
//! "-eram", "-iram", "-ava", "-iam"), English "-ed", and the few irregular auxiliaries and
//! verbs each language reports with. Participles alone ("obligadas", "ligado") are not a
//! past: "son obligadas" is a present.

use rastro_text::Lang;

use super::Ctx;
use crate::text::TokKind;
use crate::words::lexicon::Cue;

/// Whether the word with folded key `raw` (lowercase, no accents) is a finite past or a
/// perfect auxiliary in `lang`; `acute_o` says the word as written ends in "ó", which folding
/// loses ("rescató" against "caso").
fn past_word(lang: Lang, raw: &str, acute_o: bool) -> bool {
    match lang {
        Lang::Es => {
            matches!(
                raw,
                "fue"
                    | "fueron"
                    | "era"
                    | "eran"
                    | "habia"
                    | "habian"
                    | "hubo"
                    | "ha"
                    | "han"
                    | "tuvo"
                    | "estuvo"
                    | "dijo"
                    | "hizo"
                    | "puso"
                    | "pudo"
                    | "vio"
                    | "dio"
                    | "detuvo"
                    | "mantuvo"
                    | "trajo"
                    | "condujo"
            ) || acute_o && raw.len() > 2
                || raw.ends_with("uvo")
                || raw.ends_with("uvieron")
                || raw.ends_with("aron")
                || raw.ends_with("ieron")
                || raw.ends_with("yeron")
                || raw.ends_with("aba")
                || raw.ends_with("aban")
                || raw.ends_with("ian")
        }
        Lang::Pt => {
            matches!(
                raw,
                "foi"
                    | "foram"
                    | "era"
                    | "eram"
                    | "houve"
                    | "teve"
                    | "tiveram"
                    | "fez"
                    | "fizeram"
                    | "disse"
                    | "disseram"
                    | "deu"
            ) || raw.len() > 3 && raw.ends_with("ou")
                || raw.ends_with("aram")
                || raw.ends_with("eram")
                || raw.ends_with("iram")
                || raw.ends_with("ava")
                || raw.ends_with("avam")
                || raw.ends_with("iam")
                || raw.len() > 4 && raw.ends_with("iu")
        }
        Lang::En => {
            matches!(
                raw,
                "was"
                    | "were"
                    | "had"
                    | "did"
                    | "been"
                    | "found"
                    | "took"
                    | "held"
                    | "said"
                    | "told"
                    | "made"
                    | "sold"
                    | "kept"
                    | "led"
                    | "brought"
                    | "got"
                    | "came"
                    | "went"
                    | "began"
                    | "left"
                    | "ran"
                    | "paid"
                    | "fled"
                    | "gave"
                    | "knew"
                    | "caught"
                    | "sent"
                    | "saw"
                    | "became"
                    | "met"
                    | "rose"
                    | "fell"
                    | "grew"
                    | "hid"
            ) || raw.len() > 4 && raw.ends_with("ed")
        }
    }
}

/// "Personas" in the crime's name ("trata de personas", "tráfico de pessoas") are nobody in
/// particular; workers, women or employers named are the case's people.
fn crime_s_people(key: &str) -> bool {
    matches!(
        key,
        "persona" | "personas" | "pessoa" | "pessoas" | "people" | "person" | "persons"
    )
}

/// "The case" and the people it accuses: "se trata de un caso de venta de niños", "os
/// suspeitos poderão responder por rufianismo" speak of this case, in whatever tense.
fn the_case_or_its_people(key: &str) -> bool {
    matches!(
        key,
        "caso"
            | "case"
            | "sospechoso"
            | "sospechosos"
            | "suspeito"
            | "suspeitos"
            | "suspect"
            | "suspects"
            | "acusado"
            | "acusados"
            | "imputado"
            | "imputados"
            | "defendant"
            | "defendants"
            | "detenido"
            | "detenidos"
            | "detido"
            | "detidos"
    )
}

/// Words after which an English "-ed" is a participle of a condition, not a past: "when
/// compared with", "if convicted".
fn participle_opener(key: &str) -> bool {
    matches!(key, "when" | "if" | "once" | "as" | "than" | "unless")
}

/// Whether sentence `s` states a generality: it is not the headline, it tells of no rescue or
/// arrest, it names no victim, suspect, case or place, it gives no figure, and no verb in it
/// is in the past.
pub(crate) fn generic_sentence(ctx: &Ctx, s: usize) -> bool {
    if s == 0
        || ctx.sentence_has(s, |c| {
            matches!(
                c,
                Cue::Rescue | Cue::RescueOne | Cue::Arrest | Cue::ArrestOne | Cue::Identify
            )
        })
    {
        return false;
    }
    let sent = ctx.doc.sentences[s];
    // What the sentence says of the victims, of a named place or of "the case" is the
    // article's own ground, which the guide counts even as background ("Madre de Dios es una
    // de las regiones más golpeadas por la explotación sexual", "las víctimas son explotadas").
    if ctx.hits_in(s).iter().any(|h| {
        h.cue == Cue::NounVictim
            || h.cue == Cue::NounPerson && !crime_s_people(&ctx.doc.tokens[h.start].key)
    }) || ctx
        .mentions
        .iter()
        .any(|m| m.tok_start >= sent.tok_start && m.tok_start < sent.tok_end)
    {
        return false;
    }
    let tokens = &ctx.doc.tokens;
    for j in sent.tok_start..sent.tok_end {
        let t = &tokens[j];
        // A figure makes the sentence a tally of cases, which the guide counts as the
        // article's ("el 80 % de los casos son de explotación sexual").
        if t.kind == TokKind::Number {
            return false;
        }
        if t.kind != TokKind::Word {
            continue;
        }
        if the_case_or_its_people(&t.key) {
            return false;
        }
        let key = t.key.as_ref();
        let acute_o = ctx.lang == Lang::Es
            && matches!(ctx.doc.text[..t.end].chars().next_back(), Some('ó' | 'Ó'));
        if past_word(ctx.lang, key, acute_o)
            && !(ctx.lang == Lang::En
                && key.ends_with("ed")
                && j > 0
                && participle_opener(&tokens[j - 1].key))
        {
            return false;
        }
    }
    true
}
