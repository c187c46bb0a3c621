//! Migrants put in custody: the writers count migrants said to be detained as arrests ("45
//! Haitians and 3 Bahamians detained" → 48, "84 taken to a detention facility" → 84; notes of
//! `tune4`, `tune6`, `tune10`, `tune14`), while migrants intercepted or sent home and not said to
//! be held are no arrests. The arrest verbs read them where a count of migrants is their object;
//! this reads the wordings those verbs miss: a place or state of custody ("taken to a detention
//! centre", "handed to immigration officials", "mantinham sob custódia 356 imigrantes") and a
//! group told of before ("the group", "all of them", "the 60 men and 22 women") taken there.

use super::{Candidate, Kind};
use crate::facts::Ctx;
use crate::numbers;

/// Words that refer back to a group of people counted before.
const GROUP_WORDS: &[&str] = &[
    "group",
    "grupo",
    "all",
    "todos",
    "todas",
    "they",
    "ellos",
    "ellas",
    "eles",
    "elas",
    "passengers",
    "pasajeros",
    "passageiros",
    "migrants",
    "migrantes",
    "inmigrantes",
    "imigrantes",
];

/// Words that make the custody something announced or threatened, not done ("will be taken to
/// a detention centre", "serán trasladados").
const NOT_DONE: &[&str] = &[
    "will", "would", "could", "should", "may", "might", "seran", "serian", "serao", "seriam",
    "warned", "advirtio", "alertou", "if", "si", "expected",
];

/// Tokens between a count and "on board" it may skip ("84 people on board").
const ABOARD_REACH: usize = 3;

/// Tokens from a verb of handing over to the immigration service it hands to ("handed over to
/// the Department of Immigration").
const HANDOVER_REACH: usize = 5;

/// How far back a group told of before may stand, in sentences.
const ANTECEDENT_REACH: usize = 3;

/// Arrests of migrants put in custody, or nothing. Where others are arrested besides, the
/// article's arrests are theirs and nothing is read: whether the writers add the migrants to
/// them splits ("the captain plus 12 migrants in custody" is 13 in `tune4`, three smugglers
/// and twenty survivors handed to immigration are 3 in `tune2`).
pub(super) fn migrants_in_custody(ctx: &Ctx, candidates: &[Candidate]) -> Option<Candidate> {
    if candidates
        .iter()
        .any(|c| c.kind == Kind::Arrests && !c.weak)
    {
        return None;
    }
    held_group(ctx, candidates)
}

/// The migrants put in custody, counted.
fn held_group(ctx: &Ctx, candidates: &[Candidate]) -> Option<Candidate> {
    for s in 0..ctx.doc.sentences.len() {
        let Some((at, end)) = custody_phrase(ctx, s) else {
            continue;
        };
        if ctx.negated(at, 6) || announced(ctx, s, at) {
            continue;
        }
        // A count of migrants in the sentence itself is the one held.
        if let Some(m) = candidates
            .iter()
            .find(|c| c.kind == Kind::Migrants && ctx.sentence_of(c.from) == s)
        {
            return Some(Candidate::new(Kind::Arrests, m.value, m.from.min(at), end));
        }
        let start = ctx.doc.sentences[s].tok_start;
        let subject = &ctx.doc.tokens[start..at];
        let parts = counts_in(ctx, start, at);
        // A nationality names the group as well as a group word does ("the Haitians were
        // taken to…"); which words are nationalities is the gazetteer's to say.
        let refers_back = subject
            .iter()
            .any(|t| GROUP_WORDS.contains(&t.key.as_ref()))
            || ctx
                .mentions
                .iter()
                .any(|m| m.nationality && (start..at).contains(&m.tok_start));
        if !refers_back && parts.is_none() {
            continue;
        }
        let Some(value) = group_before(ctx, candidates, s) else {
            continue;
        };
        // A breakdown of the group ("the 60 men and 22 women") must add up to it.
        if parts.is_some_and(|sum| sum != value) {
            return None;
        }
        return Some(Candidate::new(Kind::Arrests, value, start, end));
    }
    None
}

/// Where sentence `s` tells of a place or state of custody: "detention centre/facility",
/// "centro de detención", "handed to immigration", "in/under custody", "sob custódia".
fn custody_phrase(ctx: &Ctx, s: usize) -> Option<(usize, usize)> {
    let sent = ctx.doc.sentences[s];
    let key = |j: usize| ctx.doc.tokens.get(j).map_or("", |t| t.key.as_ref());
    for j in sent.tok_start..sent.tok_end {
        let found = match key(j) {
            "detention" => matches!(key(j + 1), "centre" | "center" | "facility" | "centres"),
            "detencion" | "detencao" => {
                key(j.wrapping_sub(1)) == "de" && key(j.wrapping_sub(2)) == "centro"
            }
            // "handed to immigration officers", "handed over to the Department of
            // Immigration", "entregados a Migración".
            "immigration" | "migracion" | "imigracao" => (1..=HANDOVER_REACH).any(|k| {
                matches!(
                    key(j.wrapping_sub(k)),
                    "handed" | "turned" | "entregados" | "entregadas" | "entregues"
                )
            }),
            "custody" => matches!(key(j.wrapping_sub(1)), "in" | "into" | "under"),
            "custodia" => matches!(key(j.wrapping_sub(1)), "sob" | "bajo"),
            // "Depois de serem detidos em alto-mar, os 34 indocumentados…": only a passive
            // after a preposition, whose subject is the count that follows.
            "detidos" | "detidas" | "detenidos" | "detenidas" | "detained" => {
                matches!(key(j.wrapping_sub(1)), "serem" | "ser" | "being")
            }
            _ => false,
        };
        if found {
            let at = phrase_clause_start(ctx, sent.tok_start, j);
            return Some((at, j + 1));
        }
    }
    None
}

/// The start of the predicate that puts the group in custody, so that what comes before it is
/// the subject: the first auxiliary or verb of keeping before `j`, or `j` itself.
fn phrase_clause_start(ctx: &Ctx, start: usize, j: usize) -> usize {
    const PREDICATE_OPENERS: &[&str] = &[
        "were",
        "was",
        "has",
        "have",
        "had",
        "are",
        "is",
        "fueron",
        "fue",
        "han",
        "ha",
        "foram",
        "foi",
        "estan",
        "estao",
        "mantinham",
        "mantienen",
        "mantenian",
        "mantem",
        "held",
        "kept",
    ];
    (start..j)
        .find(|&k| PREDICATE_OPENERS.contains(&ctx.doc.tokens[k].key.as_ref()))
        .unwrap_or(j)
}

/// Whether the subject's part of sentence `s` makes the custody a plan, a threat or a condition.
fn announced(ctx: &Ctx, s: usize, at: usize) -> bool {
    let start = ctx.doc.sentences[s].tok_start;
    ctx.doc.tokens[start..at]
        .iter()
        .any(|t| NOT_DONE.contains(&t.key.as_ref()))
}

/// The sum of the counts in tokens `[from, to)`, if any.
fn counts_in(ctx: &Ctx, from: usize, to: usize) -> Option<u64> {
    let mut sum: Option<u64> = None;
    let mut i = from;
    while i < to {
        let num = numbers::may_start_at(&ctx.doc, i)
            .then(|| numbers::parse_at(&ctx.doc, i, ctx.lang))
            .flatten();
        match num {
            Some(n) if n.end <= to => {
                if let Some(v) = n.count() {
                    sum = Some(sum.unwrap_or(0).saturating_add(v));
                }
                i = n.end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    sum
}

/// The group told of in the sentences just before `s`: the latest count of migrants, or of
/// people on board ("There were 84 people on board").
fn group_before(ctx: &Ctx, candidates: &[Candidate], s: usize) -> Option<u64> {
    let first = s.saturating_sub(ANTECEDENT_REACH);
    let mut best: Option<(usize, u64)> = candidates
        .iter()
        .filter(|c| c.kind == Kind::Migrants)
        .filter(|c| (first..s).contains(&ctx.sentence_of(c.from)))
        .map(|c| (c.from, c.value))
        .max_by_key(|&(from, _)| from);
    if s == 0 {
        return best.map(|(_, v)| v);
    }
    let from = ctx.doc.sentences[first].tok_start;
    let to = ctx.doc.sentences[s].tok_start;
    let key = |j: usize| ctx.doc.tokens.get(j).map_or("", |t| t.key.as_ref());
    let mut i = from;
    while i < to {
        let num = numbers::may_start_at(&ctx.doc, i)
            .then(|| numbers::parse_at(&ctx.doc, i, ctx.lang))
            .flatten();
        let Some(n) = num else {
            i += 1;
            continue;
        };
        let aboard = (n.end..(n.end + ABOARD_REACH).min(to)).any(|j| {
            key(j) == "aboard"
                || (matches!(key(j), "on" | "a") && key(j + 1) == "board")
                || (key(j) == "a" && key(j + 1) == "bordo")
        });
        if let (true, Some(v)) = (aboard, n.count()) {
            if best.is_none_or(|(at, _)| at < n.start) {
                best = Some((n.start, v));
            }
        }
        i = n.end.max(i + 1);
    }
    best.map(|(_, v)| v)
}
