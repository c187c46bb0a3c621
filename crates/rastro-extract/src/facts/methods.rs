//! Methods of recruitment and of control (HTCDS `vic_MethodOfRecruitment`,
//! `vic_MethodsOfControl`).
//!
//! A recruitment channel counts only near a verb of recruiting ("reclutarlas … mediante anuncios
//! en webs", "recruited via messaging apps"): "familia" or "redes sociales" elsewhere in an
//! article say nothing about how victims were recruited. Control methods count in sentences that
//! are not negated ("no encontró indicios de amenazas" cancels the threats).

use std::collections::BTreeSet;

use rastro_model::Picklist;

use super::Ctx;
use crate::model::{Control, Recruitment};
use crate::numbers;
use crate::text::TokKind;
use crate::words::lexicon::Cue;

/// How far (tokens) a channel may be from the verb of recruiting.
const RECRUIT_REACH: usize = 12;
/// How far back (tokens) a negation cancels a control method: lists of methods are long.
const NEGATION_WINDOW: usize = 14;

pub(crate) fn recruitment(ctx: &mut Ctx) -> Vec<Recruitment> {
    let mut found: Vec<(Recruitment, usize, usize)> = Vec::new();
    for h in &ctx.hits {
        let Cue::Channel(channel) = h.cue else {
            continue;
        };
        let s = ctx.sentence_of(h.start);
        let near_verb = ctx
            .hits_in(s)
            .iter()
            .any(|v| v.cue == Cue::RecruitVerb && v.start.abs_diff(h.start) <= RECRUIT_REACH);
        if near_verb && !ctx.negated(h.start, 6) {
            found.push((channel, h.start, h.end));
        }
    }
    collect(ctx, "recruitment", found)
}

pub(crate) fn control(ctx: &mut Ctx) -> Vec<Control> {
    let mut found: Vec<(Control, usize, usize)> = Vec::new();
    for h in &ctx.hits {
        let Cue::Control(method) = h.cue else {
            continue;
        };
        let s = ctx.sentence_of(h.start);
        if ctx.sentence_has(s, |c| c == Cue::Definition) || negated_method(ctx, h.start) {
            continue;
        }
        found.push((method, h.start, h.end));
    }
    found.extend(long_hours(ctx));
    collect(ctx, "control", found)
}

/// Words after a negation that extend it over a whole list: "no se hallaron indicios de
/// amenazas, violencia o fraude".
const EVIDENCE_WORDS: &[&str] = &[
    "indicios",
    "indicio",
    "pruebas",
    "prueba",
    "evidencias",
    "evidencia",
    "provas",
    "prova",
    "evidence",
    "signs",
    "sign",
    "proof",
];

/// A negation governs a method when it stands in the same clause shortly before it, or when it
/// denies evidence ("não encontrou indícios de …"), which covers the rest of the sentence.
fn negated_method(ctx: &Ctx, tok: usize) -> bool {
    let s = ctx.sentence_of(tok);
    if !ctx.sentence_negates(s) {
        return false;
    }
    let tokens = &ctx.doc.tokens;
    ctx.hits_in(s).iter().any(|h| {
        if h.cue != Cue::Negation || h.start >= tok || tok - h.start > NEGATION_WINDOW {
            return false;
        }
        let between = &tokens[h.start + 1..tok];
        let denies_evidence = between
            .iter()
            .any(|t| EVIDENCE_WORDS.contains(&t.key.as_ref()));
        let same_clause = tok - h.start <= 6
            && !between
                .iter()
                .any(|t| matches!(t.key.as_ref(), "," | ";" | "e" | "y" | "and"));
        denies_evidence || same_clause
    }) || ctx.negated(tok, 0)
}

/// "más de 16 horas por día", "24 hours a day", "jornadas de 14 horas": twelve hours or more of
/// work a day is excessive by any labour standard.
fn long_hours(ctx: &Ctx) -> Vec<(Control, usize, usize)> {
    let mut out = Vec::new();
    let tokens = &ctx.doc.tokens;
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokKind::Number {
            continue;
        }
        // The hours follow the number, or the scale words that end it ("mil"): a number
        // followed by neither is read no further (most numbers of an article are).
        let hours_next = ctx.doc.is_word(i + 1, "horas") || ctx.doc.is_word(i + 1, "hours");
        if !hours_next && !numbers::may_start_at(&ctx.doc, i + 1) {
            continue;
        }
        let Some(num) = numbers::parse_at(&ctx.doc, i, ctx.lang) else {
            continue;
        };
        if !(12.0..=24.0).contains(&num.value)
            || !ctx.doc.is_word(num.end, "horas") && !ctx.doc.is_word(num.end, "hours")
        {
            continue;
        }
        let after: Vec<&str> = tokens
            .iter()
            .skip(num.end + 1)
            .take(3)
            .map(|t| t.key.as_ref())
            .collect();
        let per_day = matches!(
            after.as_slice(),
            ["por", "dia", ..]
                | ["al", "dia", ..]
                | ["diarias", ..]
                | ["a", "day", ..]
                | ["per", "day", ..]
                | ["seguidas", ..]
                | ["diarios", ..]
                | ["por", "jornada", ..]
        );
        // "jornadas de 14 horas", "shifts of 16 hours"
        let shift = i >= 2
            && matches!(tokens[i - 1].key.as_ref(), "de" | "of")
            && matches!(
                tokens[i - 2].key.as_ref(),
                "jornada" | "jornadas" | "turnos" | "turno" | "shifts" | "shift" | "workdays"
            );
        // "disponibles las 24 horas": on call round the clock.
        let available = num.value == 24.0
            && i >= 1
            && matches!(tokens[i - 1].key.as_ref(), "las" | "the" | "as");
        if (per_day || available || shift) && !ctx.negated(i, NEGATION_WINDOW) {
            out.push((Control::ExcessiveWorkingHours, i, num.end + 1));
        }
    }
    out
}

fn collect<T: Picklist + Ord>(
    ctx: &mut Ctx,
    field: &'static str,
    found: Vec<(T, usize, usize)>,
) -> Vec<T> {
    let mut set = BTreeSet::new();
    for (value, a, b) in found {
        ctx.evidence(field, value.wire(), a, b);
        set.insert(value);
    }
    set.into_iter().collect()
}
