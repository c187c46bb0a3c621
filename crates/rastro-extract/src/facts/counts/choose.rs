//! Which of the counts read is the article's figure for its kind.
//!
//! Every count mention carries general features, and the choice is an order over them rather
//! than a rule per phrasing:
//! 1. the scope: a count in a sentence about a period ("el año pasado", "since 2015", "en
//!    2023", "entre 2016 e 2020") is background to the event reported and is not its figure —
//!    unless the article itself reports a period (its headline or lead does), when every count
//!    is of that period;
//! 2. the tie to its kind: a count governed by a rescue or arrest (or naming the people
//!    rescued or arrested) beats one only named as victims or as people exploited;
//! 3. a count marked as the total ("en total", "in all", "a total of") beats its parts;
//! 4. otherwise the first: news states its figure in the headline and the lead, and breaks it
//!    down afterwards.
//!
//! A headline's rounded figure ("quase 270 presos") gives way to the exact figure of the body
//! when the two are the same figure ("268 suspeitos presos").

use super::{Candidate, Kind};
use crate::facts::Ctx;
use crate::text::TokKind;

/// How far (tokens) before a count a total mark still marks it: "en total, 17 personas",
/// "a total of 300".
const TOTAL_REACH: usize = 4;

/// How far a rounded headline figure may be from the exact one of the body, as a share of it.
const ROUNDING: f64 = 0.1;

/// The scope of each sentence: whether its counts may be the article's figures.
pub(super) struct Scope {
    /// Whether the headline or the lead reports a period (the article is statistics): judged
    /// only when a count in a period sentence would be chosen.
    article_period: Option<bool>,
    /// Per sentence: 0 not judged yet, 1 an event, 2 a period. Only the sentences of the
    /// counts that would be chosen are ever judged.
    judged: Vec<u8>,
}

impl Scope {
    pub(super) fn new(ctx: &Ctx) -> Scope {
        Scope {
            article_period: None,
            judged: vec![0; ctx.doc.sentences.len()],
        }
    }

    fn period(&mut self, ctx: &Ctx, s: usize) -> bool {
        match self.judged.get(s).copied() {
            Some(1) | None => false,
            Some(2) => true,
            Some(_) => {
                let period = period_sentence(ctx, s);
                self.judged[s] = if period { 2 } else { 1 };
                period
            }
        }
    }

    fn eligible(&mut self, ctx: &Ctx, c: &Candidate) -> bool {
        if !self.period(ctx, ctx.sentence_of(c.from)) {
            return true;
        }
        if let Some(article) = self.article_period {
            return article;
        }
        // The lead is the first sentence, and the one after it when the first stands alone
        // as a headline.
        let sents = &ctx.doc.sentences;
        let headline = sents.len() > 1 && ctx.doc.text[sents[0].end..sents[1].start].contains('\n');
        let lead = if headline { 2 } else { 1 };
        let article = (0..lead.min(sents.len())).any(|s| self.period(ctx, s));
        self.article_period = Some(article);
        article
    }
}

/// The rank of a candidate: lower is chosen first.
fn rank(ctx: &Ctx, c: &Candidate) -> (bool, bool, usize) {
    (c.weak, !(c.total || total_marked(ctx, c.from)), c.from)
}

/// The count chosen for `kind`, if any.
pub(super) fn choose<'c>(
    ctx: &Ctx,
    scope: &mut Scope,
    candidates: &'c [Candidate],
    kind: Kind,
) -> Option<&'c Candidate> {
    let of_kind = || candidates.iter().filter(|c| c.kind == kind);
    let first = of_kind().min_by_key(|c| rank(ctx, c))?;
    // Most articles choose their first-ranked count; only when it is background is the rest
    // ranked in full.
    let best = if scope.eligible(ctx, first) {
        first
    } else {
        let mut ranked: Vec<((bool, bool, usize), &Candidate)> =
            of_kind().map(|c| (rank(ctx, c), c)).collect();
        ranked.sort_by_key(|&(r, _)| r);
        ranked
            .iter()
            .map(|&(_, c)| c)
            .find(|c| scope.eligible(ctx, c))?
    };
    // "Pais e dois compradores são presos" over "Quatro pessoas foram presas": a headline
    // count that is one of several people named together is a part; the body's first larger
    // count of the kind, tied as strongly, is the whole.
    // "Candidato a vereador é preso em operação": a headline names the one arrest that makes
    // news; the body's larger count of arrests, tied as strongly, is the operation's.
    let one_in_headline = kind == Kind::Arrests && best.value == 1;
    if ctx.sentence_of(best.from) == 0 && (one_in_headline || coordinated_part(ctx, best.from)) {
        let whole = candidates.iter().find(|c| {
            c.kind == kind
                && ctx.sentence_of(c.from) > 0
                && c.weak == best.weak
                && c.value > best.value
                && scope.eligible(ctx, c)
        });
        if whole.is_some() {
            return whole;
        }
    }
    // "O motorista foi preso em flagrante. […] dois motoristas foram presos e um escapou": one
    // arrest told first in the body, the whole told after it.
    // A group told beside the one in the same sentence is added to it where it is read ("the
    // captain had been arrested and a dozen migrants were in custody").
    let s = ctx.sentence_of(best.from);
    let group_beside = || {
        candidates
            .iter()
            .any(|c| c.kind == kind && c.value > 1 && ctx.sentence_of(c.from) == s)
    };
    if kind == Kind::Arrests && best.value == 1 && s > 0 && !group_beside() {
        // In a later sentence: "arrested one of the leaders, who charged 600,000 pesos" and
        // "fue detenida por obligar a sus tres hijos" name no more arrested.
        let whole = candidates.iter().find(|c| {
            c.kind == kind
                && ctx.sentence_of(c.from) > ctx.sentence_of(best.from)
                && !c.weak
                && c.value > 1
                && !super::besides_others(ctx, c)
                && !super::another_time(ctx, ctx.sentence_of(c.from))
                && !super::month_named(ctx, ctx.sentence_of(c.from))
                && scope.eligible(ctx, c)
        });
        if whole.is_some() {
            return whole;
        }
    }
    if ctx.sentence_of(best.from) == 0 && rounded(ctx, best.from) && ctx.doc.sentences.len() > 1 {
        let exact = candidates.iter().find(|c| {
            c.kind == kind
                && ctx.sentence_of(c.from) > 0
                && c.weak == best.weak
                && !rounded(ctx, c.from)
                && (c.value as f64 - best.value as f64).abs() <= ROUNDING * best.value as f64
                && scope.eligible(ctx, c)
        });
        if exact.is_some() {
            return exact;
        }
    }
    Some(best)
}

/// Whether a total mark ("en total", "in all", "ao todo", "a total of", "altogether") stands
/// right before the count at `from`. Read here, for the few counts chosen among, rather than
/// by the cue tables for every word of every article.
pub(super) fn total_marked(ctx: &Ctx, from: usize) -> bool {
    let sent_start = ctx.doc.sentences[ctx.sentence_of(from)].tok_start;
    let window = &ctx.doc.tokens[from.saturating_sub(TOTAL_REACH).max(sent_start)..from];
    window
        .iter()
        .any(|t| matches!(t.key.as_ref(), "total" | "altogether" | "conjunto"))
        || window.windows(2).any(|w| {
            matches!(
                (w[0].key.as_ref(), w[1].key.as_ref()),
                ("in", "all") | ("ao", "todo")
            )
        })
}

/// Whether the count at `from` is the second of groups named together, the first a plural
/// without a number: "Pais e dois compradores", "Sons and two employees of the owner". (A
/// singular first, "Mãe e dois compradores", is added to the count where it is read.)
fn coordinated_part(ctx: &Ctx, from: usize) -> bool {
    let t = &ctx.doc.tokens;
    // The Spanish "a" before a person object: "Capturan a \"Mafe\" y a dos reclutadoras".
    let conj = if from >= 3 && t[from - 1].key == "a" && ctx.lang == rastro_geo::Lang::Es {
        from - 2
    } else {
        from.saturating_sub(1)
    };
    if conj < 1 || !matches!(t[conj].key.as_ref(), "e" | "y" | "and") {
        return false;
    }
    let before = &t[conj - 1];
    // "detienen a dos cubanoamericanos y a ocho personas" is one list, read whole.
    let plural = conj + 1 == from
        && before.kind == TokKind::Word
        && before.key.len() > 3
        && before.key.ends_with('s')
        && !super::NOUN_STOP.contains(&before.key.as_ref());
    // A person named by an alias in quotes: "\"Mafe\" y dos reclutadoras".
    let alias = matches!(before.key.as_ref(), "\"" | "”" | "»") && conj >= 3;
    plural || alias
}

/// Whether the count at `from` is given as rounded: "quase 270", "nearly 12,000", "más de 40",
/// or as a quantity noun ("una veintena", "uma dezena", "a dozen").
fn rounded(ctx: &Ctx, from: usize) -> bool {
    let t = &ctx.doc.tokens;
    let key = |j: usize| t.get(j).map_or("", |x| x.key.as_ref());
    let before = |n: usize| from.checked_sub(n).map_or("", key);
    let quantity_noun = crate::numbers::parse_at(&ctx.doc, from, ctx.lang)
        .is_some_and(|n| crate::numbers::ends_in_quantity_noun(&ctx.doc, &n, ctx.lang));
    quantity_noun
        || matches!(
            before(1),
            "quase"
                | "casi"
                | "nearly"
                | "almost"
                | "about"
                | "around"
                | "approximately"
                | "aproximadamente"
                | "cerca"
                | "some"
                | "unos"
                | "unas"
                | "over"
                | "roughly"
        )
        || matches!(before(1), "de" | "than" | "a")
            && matches!(
                before(2),
                "mas" | "more" | "cerca" | "alrededor" | "menos" | "fewer" | "less" | "perto"
            )
}

/// Whether sentence `s` reports a period rather than an event: a period phrase, a span of
/// years, or a year or month after "en", "in", "desde", "since", "durante"…, as opposed to a
/// date ("el 7 de agosto de 2013").
pub(super) fn period_sentence(ctx: &Ctx, s: usize) -> bool {
    let sent = ctx.doc.sentences[s];
    let t = &ctx.doc.tokens[sent.tok_start..sent.tok_end];
    let key = |i: usize| t.get(i).map_or("", |x| x.key.as_ref());
    let phrase = (0..t.len()).any(|i| period_phrase_at(&key, i));
    if phrase {
        return true;
    }
    let opened = t.windows(2).any(|w| {
        if w[1].is_year() {
            matches!(
                w[0].key.as_ref(),
                "en" | "in" | "em" | "desde" | "since" | "durante" | "during" | "throughout"
            )
        } else {
            matches!(w[0].key.as_ref(), "desde" | "since") && super::is_month(ctx, &w[1])
        }
    });
    opened || super::spans_years(ctx, s)
}

/// Whether the period word at `i` (of a sentence read through `key`) makes a period phrase:
/// "el año pasado", "last year", "per year", "cada año", "the past decade", "los últimos
/// cinco años", "en lo que va del año", "so far this year", "annually".
fn period_phrase_at<'k>(key: &impl Fn(usize) -> &'k str, i: usize) -> bool {
    match key(i) {
        "anualmente" | "annually" | "anual" | "annual" | "yearly" => true,
        // "el año pasado", "last year", "per year", "cada año"
        "ano" | "year" => {
            matches!(key(i + 1), "pasado" | "passado")
                || i > 0
                    && matches!(
                        key(i - 1),
                        "last"
                            | "past"
                            | "previous"
                            | "cada"
                            | "por"
                            | "al"
                            | "ao"
                            | "every"
                            | "each"
                            | "per"
                    )
        }
        // "the past decade", "los últimos cinco años", "in the last 10 years"
        "years" | "anos" | "decade" | "decades" | "decada" | "decadas" | "months" | "meses" => {
            (1..=2).any(|back| {
                i >= back
                    && matches!(
                        key(i - back),
                        "last" | "past" | "previous" | "ultimo" | "ultimos" | "ultimas"
                    )
            })
        }
        // "en lo que va del año", "so far this year"
        "va" | "vai" => {
            key(i.wrapping_sub(1)) == "que"
                && matches!(key(i + 1), "del" | "de" | "do")
                && matches!(key(i + 2), "ano" | "mes")
        }
        "far" => key(i.wrapping_sub(1)) == "so" && matches!(key(i + 2), "year" | "month"),
        _ => false,
    }
}
