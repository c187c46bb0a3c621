//! One person counted without a number: the subject of a singular passive ("una mujer fue
//! rescatada", "o menino de 12 anos foi libertado", "the baby was placed in foster care") or
//! the one victim an act of finding names ("officers found a woman hidden in the truck").

use super::{dead_between, female_noun, named_as};
use crate::facts::Ctx;
use crate::text::TokKind;
use crate::words::lexicon::Cue;

/// Whether the people found by `h`, up to `end`, are victims: named so, or women and girls
/// found (not identified, which may be as anyone: "identified a woman as the leader").
pub(super) fn victim_found(ctx: &Ctx, h: &crate::cues::Hit<Cue>, end: usize) -> bool {
    let s = ctx.sentence_of(h.start);
    let named = ctx
        .hits_in(s)
        .iter()
        .any(|n| n.cue == Cue::NounVictim && n.start >= h.end && n.end <= end);
    let verb = ctx.doc.tokens[h.start].key.as_ref();
    let found = [
        "found", "find", "encontr", "hall", "localiz", "located", "achad",
    ]
    .iter()
    .any(|stem| verb.starts_with(stem));
    let sent_end = ctx.doc.sentences[s].tok_end;
    // "found a woman dead": the dead are recovered, not freed.
    let dead = dead_between(ctx, h.end, (end + 3).min(sent_end));
    !dead && (named || found && female_noun(ctx, h.end, end) && !named_as(ctx, end))
}

/// Who may be the one person of a singular passive.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Subject {
    /// Freed or found: a victim, or any person who is not a suspect when freed.
    Freed,
    /// Put in protective care: only a child or a victim (suspects are "taken" somewhere too).
    InCare,
}

/// "una mujer fue rescatada", "a victim was found": one person, the subject of a singular
/// passive, is freed or found.
pub(super) fn one_person_freed(ctx: &Ctx, h: &crate::cues::Hit<Cue>) -> bool {
    one_person(ctx, h, Subject::Freed)
}

/// Whether the subject of the singular passive `h` is one person of the kind `who` allows.
pub(super) fn one_person(ctx: &Ctx, h: &crate::cues::Hit<Cue>, who: Subject) -> bool {
    const SUBJECT_REACH: usize = 6;
    const NOT_FREED: &[&str] = &[
        "guilty",
        "culpable",
        "culpado",
        "culpada",
        "dead",
        "muerto",
        "muerta",
        "morto",
        "morta",
        "sin",
        "sem",
        "without",
        "responsible",
        "responsable",
        "responsavel",
        "con",
        "com",
        "with",
    ];
    /// Who is found or identified may be anyone ("the suspect was identified as …"); only a
    /// victim found is a victim freed.
    const SUSPECTS: &[&str] = &[
        "sospechoso",
        "sospechosa",
        "suspect",
        "suspeito",
        "suspeita",
        "lider",
        "leader",
        "cabecilla",
        "traficante",
        "trafficker",
        "acusado",
        "acusada",
        "integrante",
        "miembro",
        "membro",
        "member",
        "sujeto",
        "jefe",
        "jefa",
        "chefe",
    ];
    let next = ctx.doc.tokens.get(h.end).map(|t| t.key.as_ref());
    if next.is_some_and(|k| NOT_FREED.contains(&k) || matches!(k, "como" | "as")) {
        return false;
    }
    let verb = ctx.doc.tokens[h.end - 1].key.as_ref();
    let freed = [
        "rescat",
        "liberad",
        "salvad",
        "resgat",
        "libertad",
        "rescued",
        "freed",
        "liberated",
        "recuperad",
        "recovered",
    ]
    .iter()
    .any(|stem| verb.starts_with(stem));
    let s = ctx.sentence_of(h.start);
    let sent_start = ctx.doc.sentences[s].tok_start;
    ctx.hits_in(s).iter().any(|n| {
        let noun_ok = match n.cue {
            Cue::NounVictim => true,
            Cue::NounMinor if who == Subject::InCare => true,
            Cue::NounPerson | Cue::NounMinor if who == Subject::Freed => {
                freed && !SUSPECTS.contains(&ctx.doc.tokens[n.start].key.as_ref())
            }
            _ => false,
        };
        noun_ok
            && n.end <= h.start
            && h.start - n.end <= SUBJECT_REACH
            && n.start >= sent_start
            && only_age_between(&ctx.doc.tokens[n.end..h.start])
            && ctx.doc.tokens[n.start..n.end]
                .iter()
                .all(|t| !t.key.ends_with('s') || t.key.ends_with("ss"))
    })
}

/// Whether the words between a person and the verb are at most an age: "O menino de 12
/// anos foi libertado", "The woman, 52, was freed"; any other number or comma starts another
/// phrase.
fn only_age_between(between: &[crate::text::Token<'_>]) -> bool {
    let key = |k: Option<usize>| k.and_then(|k| between.get(k)).map(|x| x.key.as_ref());
    let mut ages = 0;
    for (k, x) in between.iter().enumerate() {
        if x.kind != TokKind::Number {
            continue;
        }
        let (prev, next) = (key(k.checked_sub(1)), key(Some(k + 1)));
        let age = matches!(next, Some("anos" | "ano" | "years" | "year"))
            || prev == Some(",") && next == Some(",");
        if !age {
            return false;
        }
        ages += 1;
    }
    ages > 0 || !between.iter().any(|x| x.key == ",")
}
