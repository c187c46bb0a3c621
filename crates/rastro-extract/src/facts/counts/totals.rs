//! Counts that are the whole of others: a total stated after its parts ("outros 85
//! estrangeiros: 87 pessoas ao todo") and a figure brought up to date ("the figure had risen to
//! 123 women"). Both outrank the counts they sum or replace, as a total mark does.

use super::{noun_after, Candidate, Kind, Noun};
use crate::facts::Ctx;
use crate::numbers::{self, NumberPhrase};
use crate::words::lexicon::Cue;

/// "…a fuga dos dois e de outros 85 estrangeiros: 87 pessoas ao todo", "twelve women and
/// three girls, 15 people in all": a count of people marked after its noun as the total, in a
/// sentence that gives a count read before it as one of its parts, is that count's total, of
/// the same kind and tie.
pub(super) fn total_after(
    ctx: &Ctx,
    num: &NumberPhrase,
    earlier: &[Candidate],
) -> Option<Candidate> {
    let value = num.count()?;
    let (noun, end) = noun_after(ctx, num)?;
    if !matches!(
        noun,
        Noun::Person | Noun::Victim | Noun::Minor | Noun::Migrant
    ) || !total_mark_after(ctx, end)
    {
        return None;
    }
    let sent_start = ctx.doc.sentences[ctx.sentence_of(num.start)].tok_start;
    let mut parts = Vec::new();
    let mut j = sent_start;
    while j < num.start {
        match numbers::parse_at(&ctx.doc, j, ctx.lang) {
            Some(p) => {
                parts.extend(p.count());
                j = p.end.max(j + 1);
            }
            None => j += 1,
        }
    }
    let part = earlier.iter().rev().find(|c| {
        matches!(c.kind, Kind::Victims | Kind::Arrests)
            && c.value < value
            && parts.contains(&c.value)
    })?;
    let mut total = Candidate::new(part.kind, value, num.start, end);
    total.weak = part.weak;
    total.total = true;
    Some(total)
}

/// Verbs that say a figure changed: "the figure had risen to 123", "la cifra ascendió a 50",
/// "o número subiu para 40".
const UPDATE_VERBS: &[&str] = &[
    "risen",
    "rose",
    "increased",
    "climbed",
    "grown",
    "grew",
    "ascendio",
    "ascendido",
    "subio",
    "aumento",
    "elevo",
    "subiu",
    "aumentou",
    "elevou",
    "passou",
];

/// Whether a verb of change and "to" stand right before the count: "risen to 123".
pub(super) fn update_verb_before(ctx: &Ctx, num: &NumberPhrase) -> bool {
    let t = &ctx.doc.tokens;
    let key = |j: usize| t.get(j).map_or("", |x| x.key.as_ref());
    let to_word = num.start.checked_sub(1).map_or("", key);
    let verb = num.start.checked_sub(2).map_or("", key);
    matches!(to_word, "to" | "a" | "para") && UPDATE_VERBS.contains(&verb)
}

/// "Police initially said 84 victims had been rescued; by Saturday the figure had risen to 123
/// women": a count of people reached by a verb of change, after a smaller count of one kind in
/// its sentence, is that count brought up to date.
pub(super) fn updated(ctx: &Ctx, num: &NumberPhrase, earlier: &[Candidate]) -> Option<Candidate> {
    let value = num.count()?;
    if !update_verb_before(ctx, num) {
        return None;
    }
    let (noun, end) = noun_after(ctx, num)?;
    if !matches!(noun, Noun::Person | Noun::Victim | Noun::Minor) {
        return None;
    }
    let s = ctx.sentence_of(num.start);
    let before = earlier.iter().rev().find(|c| {
        matches!(c.kind, Kind::Victims | Kind::Arrests)
            && ctx.sentence_of(c.from) == s
            && c.value < value
    })?;
    let mut update = Candidate::new(before.kind, value, num.start, end);
    update.weak = before.weak;
    update.total = true;
    Some(update)
}

/// A total mark right after a count's noun: "ao todo", "en total", "in all", "in total",
/// "altogether", optionally after a comma.
/// "A los capturados, siete en total, …", "Os resgatados, 40 ao todo, …", "the arrested, nine
/// in all": a bare count set off after the people of an arrest or a rescue, and marked as their
/// total, counts them.
pub(super) fn apposed_total(ctx: &Ctx, num: &NumberPhrase) -> Option<Candidate> {
    let value = num.count()?;
    let comma = num.start.checked_sub(1)?;
    if ctx.doc.tokens[comma].key != "," || !total_mark_after(ctx, num.end) {
        return None;
    }
    let word = comma.checked_sub(1)?;
    let kind = ctx
        .hits_in(ctx.sentence_of(word))
        .iter()
        .find(|h| h.end == word + 1)
        .and_then(|h| match h.cue {
            Cue::Arrest | Cue::ArrestHeld => Some(Kind::Arrests),
            Cue::Rescue | Cue::NounVictim => Some(Kind::Victims),
            _ => None,
        })?;
    // The people themselves, named by a determiner: "los detenidos", not "detuvo, …".
    let determined = word.checked_sub(1).is_some_and(|d| {
        matches!(
            ctx.doc.tokens[d].key.as_ref(),
            "los" | "las" | "os" | "as" | "the" | "sus" | "seus" | "suas"
        )
    });
    let mut c = Candidate::new(kind, value, num.start, num.end);
    c.total = true;
    determined.then_some(c)
}

fn total_mark_after(ctx: &Ctx, end: usize) -> bool {
    let key = |j: usize| ctx.doc.tokens.get(j).map_or("", |t| t.key.as_ref());
    let at = if key(end) == "," { end + 1 } else { end };
    matches!(
        (key(at), key(at + 1)),
        ("altogether" | "total", _)
            | ("en" | "in" | "no", "total")
            | ("ao" | "al", "todo")
            | ("in", "all")
    )
}

/// Verbs that carry a running figure to a new value: "bringing the number to 18", "elevando el
/// número de detenidos a 11", "levando o total para 12"; and those that say it was revised,
/// or reached a value, right before "to": "sobe para 22 o número", "the number … was updated to
/// 22", "la cifra de detenidos asciende a 12".
const CARRYING_VERBS: &[&str] = &[
    "bringing", "brought", "brings", "bring", "taking", "took", "takes", "elevando", "eleva",
    "elevan", "elevaram", "levando", "levou", "sumando",
];
const REVISING_VERBS: &[&str] = &[
    // A figure that reaches a value: "la cifra de detenidos asciende a 12", "o número de presos
    // chegou a 12", "the number of arrests rose to 12".
    "asciende",
    "ascienden",
    "ascendio",
    "subio",
    "llega",
    "llego",
    "aumento",
    "chega",
    "chegou",
    "subiu",
    "aumentou",
    "rose",
    "risen",
    "climbed",
    "increased",
    "grew",
    "sobe",
    "sube",
    "suben",
    "sobem",
    "rises",
    "rise",
    "climbs",
    "atualizado",
    "actualizado",
    "updated",
    "revised",
    "corrigido",
    "corregido",
];

/// Words that name a running figure: "the number of people in custody", "el total de
/// detenidos", "o número de argentinos resgatados".
const FIGURE_NOUNS: &[&str] = &[
    "number", "total", "count", "tally", "figure", "numero", "cifra", "saldo",
];

/// How far a carrying verb may stand before its number: "bringing the number of people held
/// in custody to 18".
const CARRY_REACH: usize = 10;
/// How far after a figure noun the words that say what it counts may go: "o número de
/// trabalhadores argentinos resgatados".
const FIGURE_REACH: usize = 6;

/// "…bringing the number of people in custody to 18", "Sobe para 22 o número de argentinos
/// resgatados", "O número de trabalhadores resgatados … foi atualizado para 22": a count that a
/// named figure is brought or revised to is that figure's new total, of the kind the words
/// after the figure noun name (an arrest, a rescue, victims).
pub(super) fn brought_to(ctx: &Ctx, num: &NumberPhrase) -> Option<Candidate> {
    let value = num.count()?;
    let t = &ctx.doc.tokens;
    let to = num.start.checked_sub(1)?;
    if !matches!(t[to].key.as_ref(), "to" | "a" | "para" | "en") {
        return None;
    }
    let s = ctx.sentence_of(num.start);
    let sentence = ctx.doc.sentences[s];
    let revised = to
        .checked_sub(1)
        .is_some_and(|v| v >= sentence.tok_start && REVISING_VERBS.contains(&t[v].key.as_ref()));
    let carried = (to.saturating_sub(CARRY_REACH).max(sentence.tok_start)..to)
        .any(|j| CARRYING_VERBS.contains(&t[j].key.as_ref()));
    if !revised && !carried {
        return None;
    }
    // The figure named anywhere in the sentence: before the verb, or after the number when the
    // verb opens a headline ("Sobe para 22 o número de …").
    let kind = (sentence.tok_start..sentence.tok_end)
        .filter(|&j| FIGURE_NOUNS.contains(&t[j].key.as_ref()))
        .find_map(|f| {
            let counted = |cues: &[Cue]| {
                ctx.hits_in(s).iter().any(|h| {
                    h.start > f
                        && h.start <= f + FIGURE_REACH
                        && h.start != num.start
                        && cues.contains(&h.cue)
                })
            };
            if counted(&[Cue::Arrest, Cue::ArrestHeld]) {
                Some(Kind::Arrests)
            } else if counted(&[Cue::Rescue, Cue::NounVictim]) {
                Some(Kind::Victims)
            } else {
                None
            }
        })?;
    let mut total = Candidate::new(kind, value, num.start, num.end);
    total.total = true;
    Some(total)
}
