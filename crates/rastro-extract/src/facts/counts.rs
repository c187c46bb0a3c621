//! Headline counts: victims, arrests, migrants, minors.
//!
//! A count is a number with a noun for people ("24 mujeres", "257 arrests", "Seven Dominican
//! nationals") tied to the nearest rescue or arrest cue in its sentence. News states its
//! headline figure first (title, then lead) and breaks it down afterwards ("163 victims, 12 of
//! them children"; "21 personas: diez en Madrid…"), so the first count of each kind that is not
//! marked as a part of another is the total. Negated statements ("no se hallaron víctimas")
//! give zero, but only when nothing positive is said.

use super::lexicon::Cue;
use super::Ctx;
use crate::numbers::{self, NumberPhrase};
use crate::text::TokKind;

#[derive(Default, Debug)]
pub(crate) struct Counts {
    pub victims: Option<u64>,
    pub arrests: Option<u64>,
    pub migrants: Option<u64>,
    pub minors: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Noun {
    Victim,
    Minor,
    Migrant,
    Person,
    /// The number is followed by an arrest word itself: "2.517 detenidos", "257 arrests".
    Arrested,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Victims,
    Arrests,
    Migrants,
    Minors,
}

impl Kind {
    fn field(self) -> &'static str {
        match self {
            Kind::Victims => "victims",
            Kind::Arrests => "arrests",
            Kind::Migrants => "migrants",
            Kind::Minors => "minors",
        }
    }
}

struct Candidate {
    kind: Kind,
    value: u64,
    from: usize,
    to: usize,
}

/// How many tokens after a number may separate it from its noun ("163 potential victims",
/// "Twenty-nine sex trafficking victims").
const NOUN_REACH: usize = 4;
/// How far (tokens) a rescue or arrest cue may be from the count it governs.
const CUE_REACH: usize = 16;
/// Extra distance for crossing a conjunction or comma: "rescataron a 22 víctimas y detuvieron
/// a cuatro hombres" ties 22 to the rescue and four to the arrest.
const CLAUSE_PENALTY: usize = 4;

/// Words that end the search for a count's noun.
const NOUN_STOP: &[&str] = &[
    "de", "of", "do", "da", "em", "en", "in", "y", "e", "and", "que", "who", "por", "by", "from",
    "desde", "para", "to", "a", "with", "con", "com", "on", "at", "for",
];

pub(crate) fn extract(ctx: &mut Ctx) -> Counts {
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut zeros: Vec<Candidate> = Vec::new();
    let n = ctx.doc.tokens.len();
    let mut i = 0;
    // End of the last count that was a part of another: the next items of the same list are
    // parts too ("se divide en 32 ecuatorianos, 25 venezolanos, siete colombianos…").
    let mut last_part_end: Option<usize> = None;
    while i < n {
        let Some(num) = numbers::parse_at(&ctx.doc, i, ctx.lang) else {
            i += 1;
            continue;
        };
        i = num.end.max(i + 1);
        let continues_list = last_part_end.is_some_and(|end| {
            end <= num.start
                && num.start - end <= 2
                && ctx.sentence_of(end.saturating_sub(1)) == ctx.sentence_of(num.start)
                && ctx.doc.tokens[end..num.start]
                    .iter()
                    .all(|t| matches!(t.key.as_ref(), "," | "y" | "e" | "and" | ";"))
        });
        if let Some((c, part_end)) = classify(ctx, &num, continues_list) {
            last_part_end = part_end;
            candidates.extend(c);
        }
    }
    for h in &ctx.hits {
        match h.cue {
            Cue::ArrestOne if !ctx.negated(h.start, 4) => candidates.push(Candidate {
                kind: Kind::Arrests,
                value: 1,
                from: h.start,
                to: h.end,
            }),
            Cue::Negation | Cue::NegationLocal => {
                if let Some(z) = negated_count(ctx, h.start) {
                    zeros.push(z);
                }
            }
            _ => {}
        }
    }
    candidates.sort_by_key(|c| c.from);
    let mut out = Counts::default();
    for kind in [Kind::Victims, Kind::Arrests, Kind::Migrants, Kind::Minors] {
        let chosen = candidates
            .iter()
            .find(|c| c.kind == kind)
            .or_else(|| zeros.iter().find(|c| c.kind == kind));
        let Some(c) = chosen else { continue };
        let (value, from, to) = (c.value, c.from, c.to);
        ctx.evidence(kind.field(), value.to_string(), from, to);
        match kind {
            Kind::Victims => out.victims = Some(value),
            Kind::Arrests => out.arrests = Some(value),
            Kind::Migrants => out.migrants = Some(value),
            Kind::Minors => out.minors = Some(value),
        }
    }
    out
}

/// The noun a number counts, and where it ends.
fn noun_after(ctx: &Ctx, num: &NumberPhrase) -> Option<(Noun, usize)> {
    let s = ctx.sentence_of(num.start);
    let sent_end = ctx.doc.sentences[s].tok_end;
    let reach = if num.one_word { 1 } else { NOUN_REACH + 1 };
    for j in num.end..(num.end + reach).min(sent_end) {
        let tok = &ctx.doc.tokens[j];
        if tok.kind == TokKind::Punct && tok.key != "-" {
            return None;
        }
        if tok.kind == TokKind::Number {
            return None;
        }
        for h in ctx.hits_in(s).iter().filter(|h| h.start == j) {
            let noun = match h.cue {
                Cue::NounVictim => Noun::Victim,
                Cue::NounMinor => Noun::Minor,
                Cue::NounMigrant => Noun::Migrant,
                Cue::NounPerson => Noun::Person,
                Cue::Arrest => Noun::Arrested,
                _ => continue,
            };
            return Some((noun, h.end));
        }
        // A nationality word is the noun itself ("doce venezolanos") unless a noun follows it
        // ("22 Haitian migrants").
        if let Some(m) = ctx
            .mentions
            .iter()
            .find(|m| m.nationality && m.tok_start == j)
        {
            let noun_follows = ctx.hits_in(s).iter().any(|h| {
                h.start == m.tok_end
                    && matches!(
                        h.cue,
                        Cue::NounVictim | Cue::NounMinor | Cue::NounMigrant | Cue::NounPerson
                    )
            });
            if !noun_follows {
                return Some((Noun::Person, m.tok_end));
            }
        }
        // "22 African and Haitian migrants": "and" between two capitalised adjectives.
        let joins_adjectives = matches!(tok.key.as_ref(), "and" | "y" | "e")
            && j > num.end
            && ctx.doc.tokens[j - 1].cap
            && ctx.doc.tokens.get(j + 1).is_some_and(|t| t.cap);
        if NOUN_STOP.contains(&tok.key.as_ref()) && !joins_adjectives {
            return None;
        }
    }
    None
}

/// The cost of crossing a token between a count and its cue: conjunctions and commas separate
/// clauses; "while", "mientras" and semicolons separate sentences in all but punctuation.
fn clause_cost(key: &str) -> usize {
    match key {
        "," | "y" | "e" | "and" | "(" | ")" => CLAUSE_PENALTY,
        ";" | ":" | "mientras" | "enquanto" | "while" | "whereas" | "pero" | "but" | "aunque"
        | "although" | "embora" | "porem" => 2 * CLAUSE_PENALTY,
        _ => 0,
    }
}

/// Distance from the count `[from, to)` to a cue hit, with a penalty per clause break crossed.
fn distance(ctx: &Ctx, from: usize, to: usize, cue_start: usize, cue_end: usize) -> usize {
    let (a, b) = if cue_end <= from {
        (cue_end, from)
    } else if cue_start >= to {
        (to, cue_start)
    } else {
        return 0;
    };
    let cost: usize = ctx.doc.tokens[a..b]
        .iter()
        .map(|t| clause_cost(&t.key))
        .sum();
    (b - a) + cost
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Governor {
    Rescue,
    Identify,
    Arrest,
}

/// The nearest rescue, identification or arrest cue in the sentence.
fn governor(ctx: &Ctx, from: usize, to: usize) -> Option<(Governor, usize)> {
    governor_where(ctx, from, to, |_| true)
}

/// The nearest cue of the kinds `keep` accepts.
fn governor_where(
    ctx: &Ctx,
    from: usize,
    to: usize,
    keep: impl Fn(Governor) -> bool,
) -> Option<(Governor, usize)> {
    let s = ctx.sentence_of(from);
    ctx.hits_in(s)
        .iter()
        .filter_map(|h| {
            let g = match h.cue {
                Cue::Rescue => Governor::Rescue,
                Cue::Identify => Governor::Identify,
                Cue::Arrest | Cue::ArrestOne => Governor::Arrest,
                _ => return None,
            };
            if !keep(g) || h.start < to && h.end > from {
                return None;
            }
            if g == Governor::Arrest && inside_warrant(ctx, s, h.start) {
                return None;
            }
            let raw = if h.end <= from {
                from - h.end
            } else {
                h.start.saturating_sub(to)
            };
            (raw <= CUE_REACH).then(|| (g, distance(ctx, from, to, h.start, h.end)))
        })
        .min_by_key(|&(_, d)| d)
}

/// Whether "victims" follows a count of people closely ("… como potenciais vítimas").
fn victims_named_after(ctx: &Ctx, end: usize) -> bool {
    let s = ctx.sentence_of(end.saturating_sub(1));
    ctx.hits_in(s)
        .iter()
        .any(|h| h.cue == Cue::NounVictim && h.start >= end && h.start <= end + 4)
}

fn is_year(t: &crate::text::Token<'_>) -> bool {
    t.kind == TokKind::Number
        && t.key.len() == 4
        && t.key
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2100).contains(&y))
}

/// "entre 2016 e 2020", "between 2011 and 2015", "desde 2016", "since 2009": the sentence gives
/// statistics over a span of years.
fn spans_years(ctx: &Ctx, s: usize) -> bool {
    let sent = ctx.doc.sentences[s];
    let toks = &ctx.doc.tokens[sent.tok_start..sent.tok_end];
    toks.windows(2).enumerate().any(|(i, w)| {
        let opener = w[0].key.as_ref();
        if !is_year(&w[1]) {
            return false;
        }
        match opener {
            "desde" | "since" => true,
            "entre" | "between" | "from" | "de" => {
                toks.get(i + 2)
                    .is_some_and(|j| matches!(j.key.as_ref(), "e" | "y" | "and" | "a" | "to" | "-"))
                    && toks.get(i + 3).is_some_and(is_year)
            }
            _ => false,
        }
    })
}

/// "rescató este 2016 a 1.134 víctimas": a bare four-digit number in the range of years is a
/// year, not a count.
fn looks_like_year(ctx: &Ctx, num: &NumberPhrase) -> bool {
    num.digits
        && num.end == num.start + 1
        && ctx.doc.tokens[num.start].key.len() == 4
        && (1900.0..=2100.0).contains(&num.value)
}

fn inside_warrant(ctx: &Ctx, s: usize, tok: usize) -> bool {
    ctx.hits_in(s)
        .iter()
        .any(|w| w.cue == Cue::Warrant && w.start <= tok && tok < w.end)
}

fn is_subset(ctx: &Ctx, num: &NumberPhrase, noun_end: usize) -> bool {
    let s = ctx.sentence_of(num.start);
    if num.start > 0 && ctx.doc.tokens[num.start - 1].key == "(" {
        return true;
    }
    ctx.hits_in(s).iter().any(|h| match h.cue {
        Cue::SubsetBefore => h.end <= num.start && num.start - h.end <= 3,
        Cue::SubsetAfter => h.start == num.end || h.start == noun_end,
        _ => false,
    })
}

fn is_percentage(ctx: &Ctx, num: &NumberPhrase) -> bool {
    let next = ctx.doc.tokens.get(num.end).map(|t| t.key.as_ref());
    matches!(next, Some("%" | "percent" | "per" | "por" | "porcento"))
        && (next == Some("%")
            || ctx
                .doc
                .tokens
                .get(num.end + 1)
                .is_some_and(|t| matches!(t.key.as_ref(), "cent" | "ciento" | "cento")))
        || next == Some("percent")
}

/// The candidates a number gives, and where it ends when it is a part of another count.
fn classify(
    ctx: &Ctx,
    num: &NumberPhrase,
    continues_list: bool,
) -> Option<(Vec<Candidate>, Option<usize>)> {
    let value = num.count()?;
    if is_percentage(ctx, num) {
        return None;
    }
    let noun = noun_after(ctx, num);
    if num.one_word && noun.is_none() {
        return None;
    }
    let (noun, noun_end) = match noun {
        Some(x) => (Some(x.0), x.1),
        None => (None, num.end),
    };
    if ctx.negated(num.start, 3) {
        return None;
    }
    // Statistics over a span of years are background to the event reported.
    if spans_years(ctx, ctx.sentence_of(num.start)) {
        return None;
    }
    if continues_list || is_subset(ctx, num, noun_end) {
        // A part is not a headline total, but the children among those rescued are the count
        // of minors: "71 migrantes, incluidos 19 menores".
        let minors = if noun == Some(Noun::Minor) {
            vec![Candidate {
                kind: Kind::Minors,
                value,
                from: num.start,
                to: noun_end,
            }]
        } else {
            Vec::new()
        };
        return Some((minors, Some(noun_end)));
    }
    // "Eight minors and two adults were identified", "128 women and two men were rescued": the
    // parts joined by "and" make the count.
    let (total, span_end) = match (noun, conjoined(ctx, noun_end)) {
        (Some(Noun::Person | Noun::Minor | Noun::Victim), Some((more, end))) => {
            (value.saturating_add(more), end)
        }
        _ => (value, noun_end),
    };
    let gov = governor(ctx, num.start, span_end);
    let cand = |kind| Candidate {
        kind,
        value: if kind == Kind::Minors { value } else { total },
        from: num.start,
        to: span_end,
    };
    let mut out = Vec::new();
    match (noun, gov) {
        (Some(Noun::Arrested), _) => out.push(cand(Kind::Arrests)),
        (Some(Noun::Migrant), _) => out.push(cand(Kind::Migrants)),
        // Victims are rescued or identified, not arrested: an arrest cue nearer to "victims"
        // belongs to another count ("22 people arrested and nearly 350 victims rescued").
        (Some(Noun::Victim), _)
            if governor_where(ctx, num.start, noun_end, |g| g != Governor::Arrest).is_some() =>
        {
            out.push(cand(Kind::Victims))
        }
        (Some(Noun::Minor), Some((Governor::Rescue | Governor::Identify, _))) => {
            out.push(cand(Kind::Victims));
            out.push(cand(Kind::Minors));
        }
        (Some(Noun::Person), Some((Governor::Rescue, _))) => out.push(cand(Kind::Victims)),
        // "identificados 150 estrangeiros como potenciais vítimas"
        (Some(Noun::Person), Some((Governor::Identify, _)))
            if victims_named_after(ctx, span_end) =>
        {
            out.push(cand(Kind::Victims))
        }
        (Some(Noun::Person | Noun::Minor), Some((Governor::Arrest, _))) => {
            out.push(cand(Kind::Arrests))
        }
        // A bare number right after its verb: "PF prende três em Roraima", "rescató a 5".
        (None, Some((g, d))) if d <= 1 && !num.one_word && !looks_like_year(ctx, num) => {
            let before = ctx.hits_in(ctx.sentence_of(num.start)).iter().any(|h| {
                h.end <= num.start
                    && num.start - h.end <= 1
                    && matches!(h.cue, Cue::Rescue | Cue::Arrest)
            });
            if before {
                match g {
                    Governor::Rescue => out.push(cand(Kind::Victims)),
                    Governor::Arrest => out.push(cand(Kind::Arrests)),
                    Governor::Identify => {}
                }
            }
        }
        _ => {}
    }
    Some((out, None))
}

/// A second count of people joined to the one ending at `end` by "and": its value and end.
fn conjoined(ctx: &Ctx, end: usize) -> Option<(u64, usize)> {
    if !matches!(ctx.doc.tokens.get(end)?.key.as_ref(), "y" | "e" | "and") {
        return None;
    }
    let num = numbers::parse_at(&ctx.doc, end + 1, ctx.lang)?;
    let value = num.count()?;
    match noun_after(ctx, &num)? {
        (Noun::Person | Noun::Minor | Noun::Victim, noun_end) => Some((value, noun_end)),
        _ => None,
    }
}

/// A negated statement about victims or arrests with no number: "no se hallaron víctimas",
/// "sin detenidos", "no arrests were made", "não houve prisões".
fn negated_count(ctx: &Ctx, neg: usize) -> Option<Candidate> {
    const REACH: usize = 4;
    let s = ctx.sentence_of(neg);
    let sent_end = ctx.doc.sentences[s].tok_end;
    let end = (neg + 1 + REACH).min(sent_end);
    // Nothing but words between the negation and the noun: "no se hallaron víctimas".
    let clean_until = |stop: usize| {
        !ctx.doc.tokens[neg + 1..stop]
            .iter()
            .any(|t| t.kind == TokKind::Number || t.key == ",")
    };
    let in_window = |cue: Cue| {
        ctx.hits_in(s)
            .iter()
            .find(|h| h.cue == cue && h.start > neg && h.start < end && clean_until(h.start))
    };
    if let Some(victim) = in_window(Cue::NounVictim) {
        // Only with a verb of finding or freeing: "no son consideradas víctimas" says nothing
        // about how many were found.
        let verb = ctx.hits_in(s).iter().any(|h| {
            matches!(h.cue, Cue::Rescue | Cue::Identify)
                && h.start > neg
                && h.start <= victim.end + 3
        });
        if verb {
            return Some(Candidate {
                kind: Kind::Victims,
                value: 0,
                from: neg,
                to: victim.end,
            });
        }
    }
    if let Some(arrest) = in_window(Cue::Arrest) {
        let person_between = ctx
            .hits_in(s)
            .iter()
            .any(|h| h.cue == Cue::NounPerson && h.start > neg && h.start < arrest.start);
        if !person_between {
            return Some(Candidate {
                kind: Kind::Arrests,
                value: 0,
                from: neg,
                to: arrest.end,
            });
        }
    }
    None
}
