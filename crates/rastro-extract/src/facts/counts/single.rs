//! One person counted without a number: the subject of a singular passive ("una mujer fue
//! rescatada", "o menino de 12 anos foi libertado", "the baby was placed in foster care") or
//! the one victim an act of finding names ("officers found a woman hidden in the truck").

use super::{dead_between, female_noun, named_as, Candidate, Kind};
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
    // "was freed on bail", "fue liberado bajo fianza", "foi libertado sob fiança": a suspect
    // released, not a victim freed.
    let after_next = ctx.doc.tokens.get(h.end + 1).map(|t| t.key.as_ref());
    if matches!(
        (next, after_next),
        (
            Some("on" | "bajo" | "sob" | "under"),
            Some("bail" | "bond" | "parole" | "fianza" | "fianca")
        )
    ) {
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
    // "the girl was found in a motel", "a adolescente foi encontrada num bordel": a woman or
    // a girl found is a victim found, as when the finding is active ([`victim_found`]); a
    // feminine participle makes a girl of "adolescente". A child found ("a five-year-old
    // child was found aboard") may be anyone's.
    let found = [
        "encontrad",
        "hallad",
        "localizad",
        "found",
        "located",
        "achad",
    ]
    .iter()
    .any(|stem| verb.starts_with(stem));
    let feminine_participle = ctx.lang != rastro_geo::Lang::En && verb.ends_with('a');
    let s = ctx.sentence_of(h.start);
    let sent_start = ctx.doc.sentences[s].tok_start;
    ctx.hits_in(s).iter().any(|n| {
        let not_suspect = !SUSPECTS.contains(&ctx.doc.tokens[n.start].key.as_ref());
        let noun_ok = match n.cue {
            Cue::NounVictim => true,
            Cue::NounMinor if who == Subject::InCare => true,
            Cue::NounPerson | Cue::NounMinor if who == Subject::Freed => {
                not_suspect
                    && (freed
                        || found
                            && (female_noun(ctx, n.start, n.end)
                                || n.cue == Cue::NounMinor && feminine_participle))
            }
            _ => false,
        };
        let between = ctx.doc.tokens.get(n.end..h.start).unwrap_or(&[]);
        noun_ok
            && n.end <= h.start
            && n.start >= sent_start
            && (h.start - n.end <= SUBJECT_REACH && only_age_between(between)
                || h.start - n.end <= RELATIVE_REACH && relative_clause_between(between)
                || h.start - n.end <= BARE_RELATIVE_REACH && bare_relative_between(between))
            && ctx.doc.tokens[n.start..n.end]
                .iter()
                .all(|t| !t.key.ends_with('s') || t.key.ends_with("ss"))
    })
}

/// How far a subject may stand from its verb across a relative clause set off by commas.
const RELATIVE_REACH: usize = 24;

/// Whether the words between a person and the verb are a few modifiers and a relative clause
/// set off by commas: "Una joven venezolana de 19 años, que había sido captada con una falsa
/// oferta, fue rescatada", "The woman, who had been held for months, was freed".
fn relative_clause_between(between: &[crate::text::Token<'_>]) -> bool {
    const MODIFIERS: usize = 5;
    let Some(open) = between.iter().position(|x| x.key == ",") else {
        return false;
    };
    let relative = between.get(open + 1).is_some_and(|x| {
        matches!(
            x.key.as_ref(),
            "que" | "quien" | "who" | "whom" | "which" | "cuyo" | "cuya" | "cujo" | "cuja"
        )
    });
    let closes = between.last().is_some_and(|x| x.key == ",");
    let plain_modifiers = open <= MODIFIERS
        && between[..open]
            .iter()
            .all(|x| x.kind == TokKind::Word || x.kind == TokKind::Number && x.key.len() <= 2);
    // A lone comma is both the opening and the closing one: no clause between them.
    let one_clause = between
        .get(open + 1..between.len().saturating_sub(1))
        .is_some_and(|clause| {
            clause
                .iter()
                .all(|x| !matches!(x.key.as_ref(), "," | ";" | ":" | "(" | ")"))
        });
    relative && closes && plain_modifiers && one_clause
}

/// How far a subject may stand from its verb across a relative clause not set off: "A woman
/// who had been held captive for months was freed".
const BARE_RELATIVE_REACH: usize = 12;

/// Whether the words between a person and the verb are a relative clause with no punctuation:
/// "Una joven que era explotada en un bar fue rescatada", "A woman who had been held captive
/// for months was freed by police".
fn bare_relative_between(between: &[crate::text::Token<'_>]) -> bool {
    between
        .first()
        .is_some_and(|x| matches!(x.key.as_ref(), "que" | "quien" | "who" | "whom" | "that"))
        && between.iter().all(|x| x.kind != TokKind::Punct)
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

/// Words before a victim noun in the singular that make it one known victim: "the victim", "la
/// víctima", "a vítima", "her victim".
const ONE_VICTIM_DETERMINERS: &[&str] = &["the", "la", "su", "sua", "her", "his", "their"];

/// Words before a victim noun that make it any victim, or one of another case: "a victim",
/// "una víctima", "uma vítima".
const ANY_VICTIM_DETERMINERS: &[&str] = &["a", "an", "una", "uma", "un", "one", "any", "cada"];

/// "custody of the victim until she turns 18 … $15,000 to the victim", "restitution to the
/// survivor": an article that counts no victims but speaks of its victim again and again, in the
/// singular after a definite word and never of victims in the plural nor of a victim, has one
/// victim (the trials and sentences of `tune6` and `tune8`). As weak as a count only named.
pub(super) fn sole_victim(ctx: &Ctx) -> Option<Candidate> {
    let t = &ctx.doc.tokens;
    let mut definite = Vec::new();
    for h in ctx.hits.iter().filter(|h| h.cue == Cue::NounVictim) {
        let noun = t[h.end - 1].key.as_ref();
        if !matches!(
            noun,
            "victim" | "victima" | "vitima" | "survivor" | "sobreviviente" | "sobrevivente"
        ) {
            return None;
        }
        let Some(det) = h.start.checked_sub(1).map(|j| t[j].key.as_ref()) else {
            continue;
        };
        // In Portuguese "a" is the definite article ("a vítima"); elsewhere it makes any victim.
        let definite_a = det == "a" && ctx.lang == rastro_geo::Lang::Pt;
        if ANY_VICTIM_DETERMINERS.contains(&det) && !definite_a {
            return None;
        }
        if ONE_VICTIM_DETERMINERS.contains(&det) || definite_a {
            definite.push((h.start - 1, h.end));
        }
    }
    // Named once, "the victim" may be anyone's: a law's words, a generic case.
    let sentences = |(from, _): &(usize, usize)| ctx.sentence_of(*from);
    let (&first, rest) = definite.split_first()?;
    if !rest.iter().any(|d| sentences(d) != sentences(&first)) {
        return None;
    }
    let mut c = Candidate::new(Kind::Victims, 1, first.0, first.1);
    c.weak = true;
    Some(c)
}
