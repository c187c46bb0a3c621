//! A learned scorer of count mentions, beside the rules.
//!
//! The rules read the phrasings they were written from; on articles written later their counts
//! scored well below what they reach on the sets they were tuned on. This module describes
//! every count mention of an article — every number, every count the readers found, the sums
//! they chose — by general features of its context (the folded words around it, the nearest
//! cue of rescue or arrest, the sentence's place and period scope, what the number looks like,
//! which reader found it), and a logistic model per kind (victims, arrests) gives each mention
//! the probability that its value is the article's figure. [`decide`] then keeps the rules'
//! figure, reorders the readers' candidates, adds a figure no reader found or drops one,
//! as the [`Decision`] allows.
//!
//! The weights are trained offline by `rastro-extract-train` from the tuning sets' gold and
//! kept in `data/count_weights.txt`; nothing here depends on an article id or on whole
//! sentences.

use std::sync::OnceLock;

use super::{choose, is_age, is_percentage, looks_like_year, Candidate, Kind, NOUN_STOP};
use crate::facts::Ctx;
use crate::numbers;
use crate::text::TokKind;
use crate::words::lexicon::Cue;

/// Hashed feature space: `1 << FEATURE_BITS` weights per kind.
pub const FEATURE_BITS: u32 = 18;
const DIM_MASK: u64 = (1 << FEATURE_BITS) - 1;

/// Tokens read on each side of a mention.
const WINDOW: usize = 4;
/// Letters kept of a word for its stem feature ("rescatadas", "rescatados" → "resca").
const STEM: usize = 5;

/// The two kinds the model scores, in the order of [`ArticleMentions::rules`].
pub const KINDS: [&str; 2] = ["victims", "arrests"];

/// One count mention with its features.
#[derive(Clone, Debug, PartialEq)]
pub struct CountMention {
    pub value: u64,
    /// Token span, for the evidence of a figure the model chooses.
    pub from: usize,
    pub to: usize,
    /// Whether a reader found it as a count of victims, of arrests.
    pub candidate: [bool; 2],
    /// Whether it is a sum no reader gave ([`part_sums`], [`list_sums`]).
    pub sum: bool,
    /// Whether its sentence gives statistics of a period ("last year", "in 2019"), which are
    /// background to an event's figure.
    pub background: bool,
    /// Hashed feature indices, each below `1 << FEATURE_BITS`.
    pub features: Vec<u32>,
}

/// Every count mention of an article and the figures the rules chose.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleMentions {
    pub mentions: Vec<CountMention>,
    /// The rules' figure for victims and for arrests.
    pub rules: [Option<u64>; 2],
    /// Whether a rule of the annotation guide chose that figure, which the model may not
    /// overrule.
    pub locked: [bool; 2],
}

/// What the model may change in the rules' choice.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decision {
    /// Another of the readers' candidates replaces the rules' figure when its probability is
    /// above the figure's by more than this.
    pub switch_margin: Option<f32>,
    /// Any mention of the event, found by a reader or not, is taken where the rules chose no
    /// figure when its probability is above this; over the rules' figure, only a reader's
    /// candidate of the kind, above the figure's probability (by the switch margin, when one
    /// is set).
    pub add_above: Option<f32>,
    /// No figure is given when the chosen one's probability is below this.
    pub none_below: Option<f32>,
}

impl Decision {
    /// The rules alone.
    pub const RULES: Decision = Decision {
        switch_margin: None,
        add_above: None,
        none_below: None,
    };
}

/// A logistic model per kind over hashed features.
#[derive(Clone, Debug, PartialEq)]
pub struct CountModel {
    pub weights: [Vec<f32>; 2],
}

impl Default for CountModel {
    fn default() -> CountModel {
        CountModel {
            weights: [vec![0.0; 1 << FEATURE_BITS], vec![0.0; 1 << FEATURE_BITS]],
        }
    }
}

#[derive(thiserror::Error, Debug, PartialEq, Eq)]
#[error("count weights line {line}: {message}")]
pub struct WeightsError {
    pub line: usize,
    pub message: String,
}

impl CountModel {
    /// The model trained on the tuning sets, kept in the crate.
    pub fn shipped() -> &'static CountModel {
        static MODEL: OnceLock<CountModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            // The file is the crate's own and checked by a test; an unreadable one scores
            // every mention alike, which leaves the rules' figure in place.
            CountModel::parse(include_str!("../../../data/count_weights.txt")).unwrap_or_default()
        })
    }

    /// Reads weights written by [`CountModel::render`]: `# comment` lines, then
    /// `KIND INDEX WEIGHT` lines.
    pub fn parse(text: &str) -> Result<CountModel, WeightsError> {
        let mut model = CountModel::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: &str| WeightsError {
                line: i + 1,
                message: message.to_string(),
            };
            let mut parts = line.split_ascii_whitespace();
            let kind = match parts.next() {
                Some("victims") => 0,
                Some("arrests") => 1,
                _ => return Err(err("unknown kind")),
            };
            let index: usize = parts
                .next()
                .and_then(|p| p.parse().ok())
                .filter(|&x: &usize| x < 1 << FEATURE_BITS)
                .ok_or_else(|| err("bad index"))?;
            let weight: f32 = parts
                .next()
                .and_then(|p| p.parse().ok())
                .filter(|w: &f32| w.is_finite())
                .ok_or_else(|| err("bad weight"))?;
            model.weights[kind][index] = weight;
        }
        Ok(model)
    }

    /// The weights as text, after `header` (each of its lines made a comment); weights that
    /// round to zero are left out.
    pub fn render(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        for (kind, weights) in KINDS.iter().zip(&self.weights) {
            for (i, w) in weights.iter().enumerate() {
                let shown = format!("{w:.3}");
                if shown
                    .trim_start_matches('-')
                    .trim_start_matches(['0', '.'])
                    .is_empty()
                {
                    continue;
                }
                out.push_str(&format!("{kind} {i} {shown}\n"));
            }
        }
        out
    }

    /// The probability that the mention's value is the article's figure of kind `k`.
    pub fn probability(&self, k: usize, mention: &CountMention) -> f32 {
        let w = &self.weights[k];
        let z: f32 = mention.features.iter().map(|&f| w[f as usize]).sum();
        1.0 / (1.0 + (-z).exp())
    }
}

/// The figure of kind `k` after the model's say: `probs` are the mentions' probabilities for
/// that kind, `rules` the rules' figures of victims and arrests, `locked` whether a rule of the
/// annotation guide chose the one of kind `k`.
pub fn decide(
    mentions: &[CountMention],
    probs: &[f32],
    k: usize,
    rules: [Option<u64>; 2],
    locked: bool,
    decision: Decision,
) -> Option<u64> {
    let rule = rules[k];
    if locked {
        return rule;
    }
    // The best mention among those `pred` admits; the earlier on a tie, as news states its
    // figure first.
    let best = |pred: &dyn Fn(&CountMention) -> bool| {
        mentions.iter().zip(probs).filter(|(m, _)| pred(m)).fold(
            None,
            |acc: Option<(u64, f32)>, (m, &p)| match acc {
                Some((_, q)) if q >= p => acc,
                _ => Some((m.value, p)),
            },
        )
    };
    // The guide makes a period's statistics background to an event's figure: a rules' figure
    // read from the event is replaced by no figure of a period, however likely the model finds
    // it (a period figure is a large, victim-worded count, which the model learns to like).
    let rule_of_event =
        rule.is_some_and(|v| mentions.iter().any(|m| m.value == v && !m.background));
    // A mention the readers tied to the other kind alone, or the figure the rules chose for the
    // other kind, is that kind's ("detienen a mujer por explotar a sus tres hijos": the three
    // are victims, never the arrests).
    let other_kinds = |m: &CountMention| {
        m.candidate[1 - k] && !m.candidate[k]
            || Some(m.value) == rules[1 - k] && Some(m.value) != rule
    };
    let admissible = |m: &CountMention| !(other_kinds(m) || rule_of_event && m.background);
    let mut choice = rule.map(|v| (v, best(&|m| m.value == v).map_or(0.0, |(_, p)| p)));
    let best = |pred: &dyn Fn(&CountMention) -> bool| best(&|m| admissible(m) && pred(m));
    let margin = decision.switch_margin.unwrap_or(0.0);
    // The rules' figure is open to change only where a reader found another of its kind: the
    // sums of parts come with such parts, and most articles need no mentions read
    // ([`may_change`]).
    let contested = rule.is_some_and(|v| {
        mentions
            .iter()
            .any(|m| m.candidate[k] && !m.sum && m.value != v)
    });
    if let (Some(m), Some((_, q)), true) = (decision.switch_margin, choice, contested) {
        if let Some((v, p)) = best(&|c| c.candidate[k]) {
            if p > q + m {
                choice = Some((v, p));
            }
        }
    }
    // A figure added is the event's: never a period's statistics ("fue detenido en 2019"),
    // however likely. Over the rules' figure it must be one the readers found of its kind (a
    // date's "3 de mayo" is no count of arrests that a figure of the guide gives way to).
    // Over the rules' figure, adding is a switch: only where switching is allowed.
    let over_rule = contested && decision.switch_margin.is_some();
    if let Some(t) = decision.add_above.filter(|_| rule.is_none() || over_rule) {
        let ruled = choice.is_some();
        if let Some((v, p)) = best(&|m| !m.background && (!ruled || m.candidate[k])) {
            if p > t && choice.is_none_or(|(_, q)| p > q + margin) {
                choice = Some((v, p));
            }
        }
    }
    if let Some(t) = decision.none_below {
        if choice.is_some_and(|(_, p)| p < t) {
            return None;
        }
    }
    choice.map(|(v, _)| v)
}

/// How many values a decision weighs at most, the rules' figures among them.
const MAX_VALUES: usize = 4;

/// Whether another value may be weighed beside `kept`: the rules' figures always, others while
/// there is room beside them. News gives its figure early; the later counts of a long article
/// are its breakdown.
fn room(kept: &[u64], value: u64, rules: &[Option<u64>; 2]) -> bool {
    let is_rule = |v: u64| rules.contains(&Some(v));
    is_rule(value) || kept.iter().filter(|&&v| !is_rule(v)).count() + 2 <= MAX_VALUES
}

/// The mentions a decision weighs: those `keep` admits whose value is one of the rules' figures
/// (`rules`) or one of the earliest others, up to [`MAX_VALUES`] values. Reading the features
/// of these alone keeps the scorer cheap; the extractor reads only these, and cross-validation
/// weighs the same.
pub fn thin(
    mentions: &[CountMention],
    keep: &dyn Fn(u64, [bool; 2]) -> bool,
    rules: [Option<u64>; 2],
) -> Vec<CountMention> {
    let mut out: Vec<CountMention> = Vec::new();
    let mut kept: Vec<u64> = Vec::new();
    for m in mentions {
        if !keep(m.value, m.candidate) {
            continue;
        }
        if !kept.contains(&m.value) {
            if !room(&kept, m.value, &rules) {
                continue;
            }
            kept.push(m.value);
        }
        out.push(m.clone());
    }
    out
}

/// Whether `decision` may choose a mention of `value`, found by readers as `candidate`, over
/// the rules' figure `rule` of kind `k`.
pub fn may_choose(
    decision: Decision,
    k: usize,
    rule: Option<u64>,
    value: u64,
    candidate: [bool; 2],
) -> bool {
    // Adding takes any mention only where the rules chose no figure ([`decide`]).
    decision != Decision::RULES
        && (decision.add_above.is_some()
            || decision.none_below.is_some()
            || candidate[k]
            || Some(value) == rule)
}

/// Whether `decision` could change the rules' figure `rule` of kind `k`: switching (and adding
/// over the rules' figure) needs a candidate of the kind with another value, adding alone needs
/// no figure of the rules, dropping may act on any article. Most articles are spared reading
/// their mentions.
pub(super) fn may_change(
    decision: Decision,
    candidates: &[Candidate],
    zeros: &[Candidate],
    k: usize,
    rule: RuleChoice,
) -> bool {
    let kind = [Kind::Victims, Kind::Arrests][k];
    let switch = || {
        rule.is_some_and(|(v, _, _)| {
            candidates
                .iter()
                .chain(zeros)
                .any(|c| c.kind == kind && c.value != v)
        })
    };
    decision.none_below.is_some()
        || decision.add_above.is_some() && rule.is_none()
        || decision.switch_margin.is_some() && switch()
}

/// Whether the candidate the rules chose was chosen by a rule of the annotation guide rather
/// than by the plain order: a total ("en total", "in all", "ao todo"), or a figure of the body
/// chosen over the headline's (a rounded figure, a part, the one arrest that makes news).
pub(super) fn guided(ctx: &Ctx, candidates: &[Candidate], chosen: &Candidate) -> bool {
    let headline_yielded = ctx.sentence_of(chosen.from) > 0
        && candidates.iter().any(|o| {
            o.kind == chosen.kind && o.weak == chosen.weak && ctx.sentence_of(o.from) == 0
        });
    chosen.total || choose::total_marked(ctx, chosen.from) || headline_yielded
}

/// Full-batch passes over the examples in [`fit`].
pub const ITERATIONS: usize = 300;
pub const LEARNING_RATE: f32 = 0.5;
/// L2 penalty on the weights of victims and of arrests, against the mean log-loss. Victims'
/// is the one leave-one-set-out over the write sets alone chooses (`rastro-extract-train
/// --split`), which scores the judge sets 119/153 against 118/153 at 3e-2.
pub const L2: [f32; 2] = [3e-3, 3e-2];
/// Weights smaller than this are dropped after training: they move no probability that
/// matters, and keeping them would make the weights file many times larger.
pub const PRUNE: f32 = 0.01;

/// Logistic weights for rows of (features, positive) by full-batch AdaGrad with an L2 penalty of
/// `l2`: the same rows in the same order give the same weights, with no random start to seed.
pub fn fit(rows: &[(&[u32], bool)], l2: f32) -> Vec<f32> {
    let dim = 1usize << FEATURE_BITS;
    let mut touched: Vec<u32> = rows.iter().flat_map(|(f, _)| f.iter().copied()).collect();
    touched.sort_unstable();
    touched.dedup();
    let n = rows.len().max(1) as f32;
    let mut w = vec![0f32; dim];
    let mut grad = vec![0f32; dim];
    let mut sum_sq = vec![0f32; dim];
    for _ in 0..ITERATIONS {
        for &j in &touched {
            grad[j as usize] = 0.0;
        }
        for &(features, positive) in rows {
            let z: f32 = features.iter().map(|&f| w[f as usize]).sum();
            let g = 1.0 / (1.0 + (-z).exp()) - if positive { 1.0 } else { 0.0 };
            for &f in features {
                grad[f as usize] += g;
            }
        }
        for &j in &touched {
            let j = j as usize;
            let g = grad[j] / n + l2 * w[j];
            sum_sq[j] += g * g;
            w[j] -= LEARNING_RATE * g / (sum_sq[j].sqrt() + 1e-8);
        }
    }
    for x in &mut w {
        if x.abs() < PRUNE {
            *x = 0.0;
        }
    }
    w
}

/// Marks a span carries before its features are read.
const CAND_VICTIMS: u16 = 1;
const CAND_ARRESTS: u16 = 1 << 1;
const CAND_MIGRANTS: u16 = 1 << 2;
const CAND_MINORS: u16 = 1 << 3;
const WEAK: u16 = 1 << 4;
const TOTAL: u16 = 1 << 5;
const ZERO: u16 = 1 << 6;
const RULE_VICTIMS: u16 = 1 << 7;
const RULE_ARRESTS: u16 = 1 << 8;
const NUMBER: u16 = 1 << 9;
const DIGITS: u16 = 1 << 10;
const SUM: u16 = 1 << 11;
const VAGUE_ROUNDED: u16 = 1 << 12;
/// The sum of a list of counted nouns joined by "y", "e", "and" or commas ([`list_sums`]).
const LIST: u16 = 1 << 15;
/// The sum of the counts the readers found of a kind across the article ([`part_sums`]).
const SUM_VICTIMS: u16 = 1 << 13;
const SUM_ARRESTS: u16 = 1 << 14;

const MARK_NAMES: [(u16, &str); 16] = [
    (CAND_VICTIMS, "cand_victims"),
    (CAND_ARRESTS, "cand_arrests"),
    (CAND_MIGRANTS, "cand_migrants"),
    (CAND_MINORS, "cand_minors"),
    (WEAK, "weak"),
    (TOTAL, "total"),
    (ZERO, "zero"),
    (RULE_VICTIMS, "rule_victims"),
    (RULE_ARRESTS, "rule_arrests"),
    (NUMBER, "number"),
    (DIGITS, "digits"),
    (SUM, "sum"),
    (VAGUE_ROUNDED, "rounded"),
    (SUM_VICTIMS, "parts_victims"),
    (SUM_ARRESTS, "parts_arrests"),
    (LIST, "list"),
];

struct Span {
    value: u64,
    from: usize,
    to: usize,
    marks: u16,
    /// The number read here, if one was: what it looks like is read only for the spans kept.
    num: Option<numbers::NumberPhrase>,
    /// For a sum of a kind's parts, how they were given.
    parts: Option<Parts>,
}

/// How the parts of a [`part_sums`] mention were given: the features that tell a sum the
/// article leaves to its reader ("detuvo a 19 … y a otros cinco") from counts that overlap.
#[derive(Clone, Copy)]
struct Parts {
    count: usize,
    /// Whether they are in more than one sentence.
    across: bool,
    /// Whether a part after the first is marked as more of them ("otros cinco", "five more",
    /// "also held").
    additive: bool,
}

/// Whether a number looks like a year, an age, a percentage, money or a date.
fn shape(ctx: &Ctx, num: &numbers::NumberPhrase) -> &'static str {
    if looks_like_year(ctx, num) {
        "year"
    } else if is_age(ctx, num) {
        "age"
    } else if is_percentage(ctx, num) {
        "percent"
    } else if money_near(ctx, num.start, num.end) {
        "money"
    } else if date_near(ctx, num.start, num.end) {
        "date"
    } else {
        "plain"
    }
}

/// What the readers and the rules made of an article, for [`mentions`].
pub(super) struct Read<'r> {
    /// Every number read, in the order of the text.
    pub numbers: &'r [numbers::NumberPhrase],
    pub candidates: &'r [Candidate],
    pub zeros: &'r [Candidate],
    pub rules: [RuleChoice; 2],
    /// Whether the sums of counts of victims, of arrests, are wanted (a kind the model may not
    /// change needs none).
    pub sums_of: [bool; 2],
}

/// A rule's choice: the figure (perhaps a sum) and the tokens it was read from.
pub(super) type RuleChoice = Option<(u64, usize, usize)>;

/// Every count mention of the article that `keep` admits (given its value and whether a reader
/// found it as victims, as arrests), with its features; with `capped`, only those of the values
/// [`thin`] leaves. Only the mentions a decision can choose
/// need their features read; the rest still count for the features of those kept.
pub(super) fn mentions(
    ctx: &Ctx,
    read: &Read,
    keep: &dyn Fn(u64, [bool; 2]) -> bool,
    capped: bool,
) -> Vec<CountMention> {
    let Read {
        numbers: numbers_read,
        candidates,
        zeros,
        rules,
        sums_of,
    } = *read;
    let n = ctx.doc.tokens.len();
    let mut spans: Vec<Span> = Vec::with_capacity(numbers_read.len() + candidates.len());
    for num in numbers_read {
        let Some(value) = num.count() else { continue };
        let mut marks = NUMBER;
        if num.digits {
            marks |= DIGITS;
        }
        spans.push(Span {
            value,
            from: num.start,
            to: num.end,
            marks,
            num: Some(*num),
            parts: None,
        });
    }
    for c in candidates.iter().chain(zeros) {
        let mut marks = match c.kind {
            Kind::Victims => CAND_VICTIMS,
            Kind::Arrests => CAND_ARRESTS,
            Kind::Migrants => CAND_MIGRANTS,
            Kind::Minors => CAND_MINORS,
        };
        if c.weak {
            marks |= WEAK;
        }
        if c.total {
            marks |= TOTAL;
        }
        if c.value == 0 {
            marks |= ZERO;
        }
        mark_or_add(&mut spans, c.value, c.from, c.to, marks);
    }
    for (rule, mark) in rules.into_iter().zip([RULE_VICTIMS, RULE_ARRESTS]) {
        let Some((value, from, to)) = rule else {
            continue;
        };
        let mut found = false;
        for s in spans.iter_mut().filter(|s| s.value == value) {
            s.marks |= mark;
            found = true;
        }
        if !found {
            spans.push(Span {
                value,
                from,
                to,
                marks: mark | SUM,
                num: None,
                parts: None,
            });
        }
    }
    let headline = ctx.doc.sentences.len() > 1
        && ctx.doc.text[ctx.doc.sentences[0].end..ctx.doc.sentences[1].start].contains('\n');
    let mut period: Vec<Option<bool>> = vec![None; ctx.doc.sentences.len()];
    part_sums(ctx, candidates, headline, sums_of, &mut period, &mut spans);
    list_sums(ctx, numbers_read, sums_of, &mut spans);
    // Each reader candidate's order among those of its kind, and whether it is the largest:
    // news gives its figure first, and a total is larger than its parts.
    let order = |mark: u16, span: &Span| {
        let before = spans
            .iter()
            .filter(|o| o.parts.is_none())
            .filter(|o| o.marks & mark != 0 && (o.from, o.value) < (span.from, span.value))
            .count();
        let largest = spans
            .iter()
            .filter(|o| o.parts.is_none() && o.marks & mark != 0)
            .all(|o| o.value <= span.value);
        (before, largest)
    };
    let mut out = Vec::with_capacity(spans.len());
    let mut kept_values: Vec<u64> = Vec::new();
    let rule_values = rules.map(|r| r.map(|(v, _, _)| v));
    for span in &spans {
        let candidate = [
            span.marks & (CAND_VICTIMS | SUM_VICTIMS) != 0,
            span.marks & (CAND_ARRESTS | SUM_ARRESTS) != 0,
        ];
        if !keep(span.value, candidate) {
            continue;
        }
        if capped && !kept_values.contains(&span.value) {
            if !room(&kept_values, span.value, &rule_values) {
                continue;
            }
            kept_values.push(span.value);
        }
        // Sums are left out, so that a kind's sums, read only where the model may choose that
        // kind, change no other mention's features.
        let repeats = spans
            .iter()
            .filter(|o| o.parts.is_none() && o.value == span.value)
            .count();
        let s = ctx.sentence_of(span.from.min(n.saturating_sub(1)));
        let in_period = *period[s].get_or_insert_with(|| choose::period_sentence(ctx, s));
        let place = match (s, headline) {
            (0, true) => "headline",
            (0, false) | (1, true) => "lead",
            (s, _) if s <= 3 => "early",
            _ => "body",
        };
        let mut f = Features(Vec::with_capacity(48));
        let mut look = "plain";
        let mut marks = span.marks;
        if let Some(num) = &span.num {
            look = shape(ctx, num);
            if numbers::ends_in_quantity_noun(&ctx.doc, num, ctx.lang) {
                marks |= VAGUE_ROUNDED;
            }
        }
        let seen = Seen {
            place,
            in_period,
            repeats,
            look,
            marks,
        };
        describe(ctx, span, &seen, &mut f);
        if let Some(parts) = span.parts {
            f.add(&["parts", ["2", "3", "4+"][parts.count.clamp(2, 4) - 2]]);
            f.add(&["parts_across", if parts.across { "yes" } else { "no" }]);
            if parts.additive {
                f.add(&["parts_additive"]);
            }
        }
        for (mark, name) in [(CAND_VICTIMS, "victims"), (CAND_ARRESTS, "arrests")] {
            if span.marks & mark != 0 {
                let (before, largest) = order(mark, span);
                f.add(&["order", name, ["first", "second", "later"][before.min(2)]]);
                if largest {
                    f.add(&["largest", name]);
                }
            }
        }
        out.push(CountMention {
            value: span.value,
            from: span.from,
            to: span.to,
            candidate,
            sum: span.parts.is_some(),
            background: in_period || super::more_at_another_time(ctx, span.from, span.to),
            features: f.0,
        });
    }
    out
}

/// Marks the span read at `from` with `value`, or adds one when no number was read there (one
/// person in the singular, a sum of parts).
fn mark_or_add(spans: &mut Vec<Span>, value: u64, from: usize, to: usize, marks: u16) {
    if let Some(s) = spans
        .iter_mut()
        .find(|s| s.value == value && s.from >= from && s.from < to.max(from + 1))
    {
        s.marks |= marks;
        return;
    }
    spans.push(Span {
        value,
        from,
        to,
        marks: marks | if value > 1 { SUM } else { 0 },
        num: None,
        parts: None,
    });
}

/// Words before a count that make it more of those counted before ("otros cinco", "a further
/// three"); "more" after the count is read from the token after it.
const ADDITIVE_BEFORE: [&str; 9] = [
    "otros", "otras", "outros", "outras", "another", "further", "also", "tambien", "ademas",
];

/// Adds, for victims and for arrests, the sum of the counts the readers found of that kind, when
/// there are several: news often gives a raid's figure only in parts, place by place or clause by
/// clause ("capturaron a tres … En San Miguel, detuvo a once …", "19 en alta mar y otros cinco en
/// Miches"), and no reader adds them. The headline repeats the body and a period's statistics
/// are no part of the event, so neither is a part; a figure given twice is one part, and a
/// count inside another of its kind (a part of a sum a reader made) is left to that one.
fn part_sums(
    ctx: &Ctx,
    candidates: &[Candidate],
    headline: bool,
    sums_of: [bool; 2],
    period: &mut [Option<bool>],
    spans: &mut Vec<Span>,
) {
    for (k, (kind, mark)) in [(Kind::Victims, SUM_VICTIMS), (Kind::Arrests, SUM_ARRESTS)]
        .into_iter()
        .enumerate()
    {
        if !sums_of[k] {
            continue;
        }
        let of_kind = || {
            candidates
                .iter()
                .filter(move |c| c.kind == kind && c.value > 0 && !c.total)
        };
        let mut values = of_kind().map(|c| c.value);
        let first = values.next();
        if values.all(|v| Some(v) == first) {
            continue;
        }
        // The headline's parts and the body's are summed apart: each may give the figure whole.
        for in_headline in [false, true] {
            if in_headline && !headline {
                continue;
            }
            let mut parts: Vec<&Candidate> = Vec::new();
            for c in of_kind() {
                let s = ctx.sentence_of(c.from);
                let inside_another = of_kind()
                    .any(|o| o.from <= c.from && c.to <= o.to && (o.to - o.from) > (c.to - c.from));
                if (headline && (s == 0) != in_headline)
                    || inside_another
                    || parts.iter().any(|p| p.value == c.value)
                {
                    continue;
                }
                parts.push(c);
            }
            // Whether a part's sentence is a period's is read last, only where a sum may be: a
            // round-up of more than six raids is no one event's parts.
            if !(2..=6).contains(&parts.len()) {
                continue;
            }
            parts.retain(|c| {
                let s = ctx.sentence_of(c.from);
                !*period[s].get_or_insert_with(|| choose::period_sentence(ctx, s))
            });
            if (2..=6).contains(&parts.len()) {
                spans.push(part_sum(ctx, &parts, mark));
            }
        }
    }
}

/// Adds the sum of each list of counted nouns in one sentence ("cinco colombianas y una
/// alemana", "44 men, nine women and one minor", "três homens e uma mulher"), which news leaves
/// its reader to add up. Each item is a count followed by at least one word before the next
/// count, the items joined by a comma or by "y", "e", "and"; a count that looks like a year,
/// an age, a percentage, money or a date is no item. The sum is a candidate of victims when the
/// sentence has a cue of rescue or of victims, of arrests when it has one of arrest: the model
/// weighs it by its context like any other.
fn list_sums(
    ctx: &Ctx,
    numbers_read: &[numbers::NumberPhrase],
    sums_of: [bool; 2],
    spans: &mut Vec<Span>,
) {
    if sums_of == [false; 2] {
        return;
    }
    let toks = &ctx.doc.tokens;
    let joiner = |j: usize| matches!(toks[j].key.as_ref(), "y" | "e" | "and" | ",");
    let item = |num: &numbers::NumberPhrase| num.count().filter(|_| shape(ctx, num) == "plain");
    // Whether `next` continues the list whose last item is `prev`: words after `prev`, then a
    // joiner right before `next`, all in one sentence and no more than six tokens apart.
    let continues = |prev: &numbers::NumberPhrase, next: &numbers::NumberPhrase| {
        let gap = prev.end..next.start;
        next.start > prev.end + 1
            && next.start <= prev.end + 6
            && ctx.sentence_of(prev.start) == ctx.sentence_of(next.start)
            && joiner(next.start - 1)
            && toks[gap.clone()]
                .iter()
                .all(|t| t.kind == TokKind::Word || t.key.as_ref() == ",")
            && toks[gap]
                .iter()
                .any(|t| t.kind == TokKind::Word && !joiner_word(&t.key))
    };
    let mut i = 0;
    while i < numbers_read.len() {
        // The shape of a number is read only where a list goes on: most numbers are in none.
        let starts_list = numbers_read
            .get(i + 1)
            .is_some_and(|next| continues(&numbers_read[i], next));
        let Some(first) = item(&numbers_read[i]).filter(|_| starts_list) else {
            i += 1;
            continue;
        };
        let mut value = first;
        let mut last = i;
        while let Some(next) = numbers_read.get(last + 1) {
            if !continues(&numbers_read[last], next) {
                break;
            }
            let Some(v) = item(next) else { break };
            value = value.saturating_add(v);
            last += 1;
        }
        if last > i {
            let s = ctx.sentence_of(numbers_read[i].start);
            let has = |pred: fn(Cue) -> bool| ctx.hits_in(s).iter().any(|h| pred(h.cue));
            let mut marks = LIST;
            if has(|c| {
                matches!(
                    c,
                    Cue::Rescue | Cue::RescueOne | Cue::Identify | Cue::NounVictim | Cue::CareOne
                )
            }) {
                marks |= SUM_VICTIMS;
            }
            if has(|c| matches!(c, Cue::Arrest | Cue::ArrestOne | Cue::ArrestHeld)) {
                marks |= SUM_ARRESTS;
            }
            let wanted = [SUM_VICTIMS, SUM_ARRESTS]
                .iter()
                .zip(sums_of)
                .any(|(&m, on)| on && marks & m != 0);
            if !wanted && sums_of != [true; 2] {
                i = last + 1;
                continue;
            }
            spans.push(Span {
                value,
                from: numbers_read[i].start,
                to: numbers_read[last].end,
                marks,
                num: None,
                parts: Some(Parts {
                    count: last - i + 1,
                    across: false,
                    additive: false,
                }),
            });
        }
        i = last + 1;
    }
}

fn joiner_word(key: &str) -> bool {
    matches!(key, "y" | "e" | "and")
}

/// The mention of the sum of `parts` (in the order of the text, at least one).
fn part_sum(ctx: &Ctx, parts: &[&Candidate], mark: u16) -> Span {
    let value: u64 = parts.iter().map(|c| c.value).sum();
    let first_sentence = ctx.sentence_of(parts[0].from);
    let key = |j: usize| ctx.doc.tokens.get(j).map_or("", |t| t.key.as_ref());
    let additive = parts[1..].iter().any(|c| {
        (c.from.saturating_sub(2)..c.from).any(|j| ADDITIVE_BEFORE.contains(&key(j)))
            || matches!(key(c.to), "more" | "mas" | "mais")
    });
    Span {
        value,
        from: parts[0].from,
        to: parts[0].to,
        marks: mark,
        num: None,
        parts: Some(Parts {
            count: parts.len(),
            across: parts
                .iter()
                .any(|c| ctx.sentence_of(c.from) != first_sentence),
            additive,
        }),
    }
}

#[derive(Default)]
struct Features(Vec<u32>);

impl Features {
    fn add(&mut self, parts: &[&str]) {
        // Eight bytes at a time: a byte-at-a-time hash cost more than all the model's other
        // work. Each part is closed by its length, so that ("ab", "c") and ("a", "bc") differ.
        let mut h: u64 = 0x243f_6a88_85a3_08d3;
        for part in parts {
            let bytes = part.as_bytes();
            let mut chunks = bytes.chunks_exact(8);
            for chunk in &mut chunks {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                h = mix(h ^ u64::from_le_bytes(word));
            }
            let rest = chunks.remainder();
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            h = mix(h ^ u64::from_le_bytes(word) ^ ((bytes.len() as u64) << 56));
        }
        // The final mix of MurmurHash3, so that the low bits kept depend on every input bit.
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        self.0.push((h & DIM_MASK) as u32);
    }
}

fn mix(x: u64) -> u64 {
    x.rotate_left(23).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

fn stem(key: &str) -> &str {
    key.char_indices().nth(STEM).map_or(key, |(i, _)| &key[..i])
}

fn magnitude(value: u64) -> &'static str {
    match value {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=5 => "3-5",
        6..=10 => "6-10",
        11..=20 => "11-20",
        21..=50 => "21-50",
        51..=100 => "51-100",
        101..=1000 => "101-1000",
        _ => "1000+",
    }
}

fn distance_bucket(d: usize) -> &'static str {
    match d {
        0..=2 => "near",
        3..=5 => "mid",
        6..=10 => "far",
        _ => "farther",
    }
}

/// The cues whose place around a count tells its kind.
fn cue_class(cue: Cue) -> Option<&'static str> {
    Some(match cue {
        Cue::Rescue => "rescue",
        Cue::RescueOne => "rescue_one",
        Cue::Identify => "identify",
        Cue::Arrest => "arrest",
        Cue::ArrestOne => "arrest_one",
        Cue::ArrestHeld => "held",
        Cue::CareOne => "care",
        Cue::WarrantServed => "warrant_served",
        Cue::Warrant => "warrant",
        Cue::Negation | Cue::NegationWide | Cue::NegationLocal => "negation",
        Cue::Irrealis => "irrealis",
        Cue::SubsetBefore | Cue::SubsetAfter => "subset",
        Cue::NounVictim => "noun_victim",
        Cue::NounPerson => "noun_person",
        Cue::NounMinor => "noun_minor",
        Cue::NounMigrant => "noun_migrant",
        Cue::Dead => "dead",
        Cue::Trafficking => "trafficking",
        Cue::Smuggling | Cue::SmugglingWeak => "smuggling",
        _ => return None,
    })
}

/// What is known of a span from the article around it, for [`describe`].
struct Seen<'p> {
    place: &'p str,
    in_period: bool,
    /// How many spans have its value.
    repeats: usize,
    look: &'static str,
    marks: u16,
}

fn describe(ctx: &Ctx, span: &Span, seen: &Seen, f: &mut Features) {
    let Seen {
        place,
        in_period,
        repeats,
        look,
        marks,
    } = *seen;
    let toks = &ctx.doc.tokens;
    let s = ctx.sentence_of(span.from.min(toks.len().saturating_sub(1)));
    let sent = ctx.doc.sentences[s];
    let lang = ctx.lang.code();
    let scope = if in_period { "period" } else { "event" };
    f.add(&["bias"]);
    f.add(&["lang", lang]);
    f.add(&["place", place]);
    f.add(&["scope", scope]);
    f.add(&["scope_place", scope, place]);
    f.add(&["magnitude", magnitude(span.value)]);
    f.add(&["shape", look]);
    f.add(&["repeats", ["1", "2", "3+"][repeats.clamp(1, 3) - 1]]);
    if ctx.negated(span.from, 4) {
        f.add(&["negated"]);
    }
    for &(mark, name) in &MARK_NAMES {
        // Which figure the rules chose is left out: on the sets the rules were tuned on it is
        // nearly always right, and a model that learned to trust it would add nothing where
        // the rules fail.
        if marks & mark != 0 && mark & (RULE_VICTIMS | RULE_ARRESTS) == 0 {
            f.add(&["mark", name]);
            f.add(&["mark_place", name, place]);
        }
    }
    let bucket = |d: usize| ["1", "2", "3-4", "3-4"][d.min(4) - 1];
    for d in 1..=WINDOW {
        if let Some(j) = span.from.checked_sub(d).filter(|&j| j >= sent.tok_start) {
            let key = toks[j].key.as_ref();
            f.add(&["left", bucket(d), stem(key)]);
            if d == 1 {
                f.add(&["left_stem", stem(key)]);
            }
        }
        let j = span.to + d - 1;
        if j < sent.tok_end && j > span.from {
            let key = toks[j].key.as_ref();
            f.add(&["right", bucket(d), stem(key)]);
            if d == 1 {
                f.add(&["right_stem", stem(key)]);
            }
        }
    }
    // The noun counted: the first word after the number that is no function word.
    if let Some(noun) = (span.to..(span.to + WINDOW).min(sent.tok_end))
        .map(|j| &toks[j])
        .take_while(|t| t.kind != TokKind::Punct)
        .find(|t| t.kind == TokKind::Word && !NOUN_STOP.contains(&t.key.as_ref()))
    {
        f.add(&["noun", stem(&noun.key)]);
    }
    // Every cue of the sentence by side and distance, and the nearest by class alone.
    let mut nearest: Option<(usize, &str, &str)> = None;
    for h in ctx.hits_in(s) {
        let Some(class) = cue_class(h.cue) else {
            continue;
        };
        let (side, d) = if h.end <= span.from {
            ("before", span.from - h.end)
        } else if h.start >= span.to {
            ("after", h.start - span.to)
        } else {
            ("over", 0)
        };
        f.add(&["cue", class, side, distance_bucket(d)]);
        if nearest.is_none_or(|(nd, _, _)| d < nd) {
            nearest = Some((d, class, side));
        }
    }
    match nearest {
        Some((d, class, side)) => {
            f.add(&["nearest", class, side]);
            f.add(&["nearest_at", class, distance_bucket(d)]);
            f.add(&["nearest_place", class, place]);
        }
        None => f.add(&["nearest", "none"]),
    }
}

/// A currency beside the number: "$ 500", "US$ 2 millones", "30 mil reais", "5,000 dollars".
fn money_near(ctx: &Ctx, from: usize, to: usize) -> bool {
    let key = |j: usize| ctx.doc.tokens.get(j).map_or("", |t| t.key.as_ref());
    let currency = |k: &str| {
        matches!(
            k,
            "$" | "us$"
                | "r$"
                | "usd"
                | "eur"
                | "€"
                | "£"
                | "dolares"
                | "dollars"
                | "dolar"
                | "reais"
                | "real"
                | "pesos"
                | "euros"
                | "soles"
                | "quetzales"
        )
    };
    from.checked_sub(1).is_some_and(|j| currency(key(j))) || (to..to + 3).any(|j| currency(key(j)))
}

/// A month beside the number: "7 de agosto", "August 7", "el 12 de marzo".
fn date_near(ctx: &Ctx, from: usize, to: usize) -> bool {
    let month = |j: usize| {
        ctx.doc.tokens.get(j).is_some_and(|t| {
            t.kind == TokKind::Word && rastro_text::month_number(&t.key, ctx.lang).is_some()
        })
    };
    let key = |j: usize| ctx.doc.tokens.get(j).map_or("", |t| t.key.as_ref());
    month(to)
        || matches!(key(to), "de" | "of") && month(to + 1)
        || from.checked_sub(1).is_some_and(month)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{count_mentions, Article, Extractor};

    fn article(text: &str) -> Article {
        Article {
            id: "t".to_string(),
            text: text.to_string(),
            ..Article::default()
        }
    }

    fn mention(value: u64, candidate: bool) -> CountMention {
        CountMention {
            value,
            from: 0,
            to: 1,
            candidate: [candidate, false],
            sum: false,
            background: false,
            features: Vec::new(),
        }
    }

    /// An invented kind of report whose figure is the one a ministry certified, not the first
    /// one rescued: the rules take the first, and a model trained on such reports learns the
    /// context of the certified figure and chooses it in a report it never saw.
    #[test]
    fn a_model_trained_on_a_context_chooses_by_it_where_the_rules_take_the_first() {
        let report = |rescued: u64, certified: u64, place: &str| {
            format!(
                "Police rescued {rescued} people from a {place} on Monday. The ministry later \
                 certified {certified} victims of trafficking among those found there."
            )
        };
        let places = ["ranch", "farm", "mill", "quarry", "warehouse", "sawmill"];
        let pairs = [(12, 5), (7, 3), (30, 11), (9, 4), (15, 8), (21, 2)];
        let trained: Vec<ArticleMentions> = pairs
            .iter()
            .zip(places)
            .map(|(&(a, b), place)| count_mentions(&article(&report(a, b, place))))
            .collect();
        let rows: Vec<(&[u32], bool)> = trained
            .iter()
            .zip(pairs)
            .flat_map(|(m, (_, gold))| {
                m.mentions
                    .iter()
                    .map(move |x| (x.features.as_slice(), x.value == gold))
            })
            .collect();
        let model = CountModel {
            weights: [fit(&rows, L2[0]), vec![0.0; 1 << FEATURE_BITS]],
        };
        let unseen = count_mentions(&article(&report(16, 6, "brick kiln")));
        assert_eq!(unseen.rules[0], Some(16), "the rules take the first count");
        assert!(!unseen.locked[0]);
        let probs: Vec<f32> = unseen
            .mentions
            .iter()
            .map(|m| model.probability(0, m))
            .collect();
        let decision = Decision {
            switch_margin: Some(0.2),
            add_above: None,
            none_below: None,
        };
        let decide_with = |d| decide(&unseen.mentions, &probs, 0, unseen.rules, false, d);
        assert_eq!(decide_with(decision), Some(6));
        assert_eq!(decide_with(Decision::RULES), Some(16));
    }

    /// The values of the mentions that are candidates of kind `k`.
    fn sums_of(text: &str, k: usize) -> Vec<u64> {
        count_mentions(&article(text))
            .mentions
            .iter()
            .filter(|m| m.candidate[k])
            .map(|m| m.value)
            .collect()
    }

    #[test]
    fn a_list_of_counted_nouns_is_summed_in_each_language() {
        for (text, sum) in [
            (
                "La policía rescató a tres adolescentes y una joven en un hotel.",
                4,
            ),
            (
                "Police rescued five Colombian women and one German woman from a bar.",
                6,
            ),
            (
                "A polícia resgatou dois homens, quatro mulheres e uma criança.",
                7,
            ),
            (
                "Agents arrested 44 men, nine women and one minor aboard the boat.",
                54,
            ),
        ] {
            let k = usize::from(text.contains("arrested"));
            assert!(sums_of(text, k).contains(&sum), "{text}");
        }
        // Near misses: ages and years are no items, nor counts with nothing counted between.
        for (text, not) in [
            ("La policía detuvo a dos argentinos de 34 y 26 años.", 60),
            (
                "Police rescued 12 women in 2019 and 2020 from the same farm.",
                4039,
            ),
        ] {
            let k = usize::from(text.contains("detuvo"));
            assert!(!sums_of(text, k).contains(&not), "{text}");
        }
    }

    #[test]
    fn a_kinds_counts_given_place_by_place_are_summed() {
        for (text, k, sum) in [
            (
                "Police arrested three men in Lima. In Callao, officers arrested five more \
                 people on the same night.",
                1,
                8,
            ),
            (
                "La policía rescató a 42 extranjeros en Pucusana. En San Miguel, los agentes \
                 rescataron a cinco mujeres.",
                0,
                47,
            ),
        ] {
            assert!(sums_of(text, k).contains(&sum), "{text}");
        }
        // A figure given twice is one part.
        let twice = "Police arrested three men in Lima. The three men arrested were charged.";
        assert!(!sums_of(twice, 1).contains(&6));
    }

    #[test]
    fn decide_switches_adds_and_drops_only_as_allowed() {
        let ms = [mention(12, true), mention(11, true), mention(40, false)];
        let switch = Decision {
            switch_margin: Some(0.2),
            add_above: None,
            none_below: None,
        };
        assert_eq!(
            decide(&ms, &[0.3, 0.6, 0.9], 0, [Some(12), None], false, switch),
            Some(11)
        );
        // Not by less than the margin, and never over a figure a rule of the guide chose.
        assert_eq!(
            decide(&ms, &[0.5, 0.6, 0.9], 0, [Some(12), None], false, switch),
            Some(12)
        );
        assert_eq!(
            decide(&ms, &[0.3, 0.6, 0.9], 0, [Some(12), None], true, switch),
            Some(12)
        );
        // A mention no reader found only when adding is allowed.
        let add = Decision {
            add_above: Some(0.7),
            ..switch
        };
        // Over the rules' figure, adding takes only a reader's candidate of the kind.
        assert_eq!(
            decide(&ms, &[0.3, 0.6, 0.9], 0, [Some(12), None], false, add),
            Some(11)
        );
        assert_eq!(
            decide(&ms, &[0.3, 0.6, 0.9], 0, [None, None], false, add),
            Some(40)
        );
        // Never a period's statistics, nor the figure the rules chose for the other kind.
        let mut period = mention(40, false);
        period.background = true;
        assert_eq!(decide(&[period], &[0.9], 0, [None, None], false, add), None);
        assert_eq!(
            decide(&ms, &[0.3, 0.6, 0.9], 0, [None, Some(40)], false, add),
            None
        );
        let drop = Decision {
            none_below: Some(0.4),
            ..Decision::RULES
        };
        assert_eq!(
            decide(&ms, &[0.3, 0.6, 0.9], 0, [Some(12), None], false, drop),
            None
        );
        assert_eq!(
            decide(
                &ms,
                &[0.3, 0.6, 0.9],
                0,
                [Some(12), None],
                false,
                Decision::RULES
            ),
            Some(12)
        );
    }

    #[test]
    fn a_period_figure_never_replaces_an_event_figure() {
        let event = mention(14, true);
        let period = CountMention {
            background: true,
            ..mention(230, true)
        };
        let switch = Decision {
            switch_margin: Some(0.1),
            add_above: Some(0.5),
            none_below: None,
        };
        let ms = [event.clone(), period.clone()];
        assert_eq!(
            decide(&ms, &[0.2, 0.9], 0, [Some(14), None], false, switch),
            Some(14)
        );
        // Where the rules' figure is itself a period's, another period figure may replace it.
        let ms = [
            CountMention {
                background: true,
                ..event
            },
            period,
        ];
        assert_eq!(
            decide(&ms, &[0.2, 0.9], 0, [Some(14), None], false, switch),
            Some(230)
        );
    }

    #[test]
    fn weights_read_back_as_written_and_bad_lines_are_errors() {
        let mut model = CountModel::default();
        model.weights[0][7] = 1.25;
        model.weights[1][(1 << FEATURE_BITS) - 1] = -0.5;
        model.weights[1][3] = 0.0001;
        let text = model.render("trained on nothing\nby hand");
        assert!(text.starts_with("# trained on nothing\n# by hand\n"));
        let back = CountModel::parse(&text).unwrap();
        assert_eq!(back.weights[0][7], 1.25);
        assert_eq!(back.weights[1][(1 << FEATURE_BITS) - 1], -0.5);
        assert_eq!(
            back.weights[1][3], 0.0,
            "a weight that rounds to zero is left out"
        );
        for bad in [
            "victims 1",
            "minors 1 0.5",
            "arrests 999999999 1",
            "victims 2 NaN",
        ] {
            assert_eq!(CountModel::parse(bad).unwrap_err().line, 1, "{bad}");
        }
    }

    #[test]
    fn the_shipped_weights_are_read() {
        let shipped = CountModel::shipped();
        assert!(shipped.weights[0].iter().any(|&w| w != 0.0));
    }

    #[test]
    fn odd_input_does_not_panic_with_every_way_of_deciding_on() {
        let everything = Decision {
            switch_margin: Some(0.0),
            add_above: Some(0.0),
            none_below: Some(0.5),
        };
        let mut extractor = Extractor::with_learned_counts([everything; 2]);
        let long_list = "1, ".repeat(5000);
        let odd = [
            "",
            "0",
            "\n\n\n",
            "99999999999999999999999999 personas rescatadas",
            "1 2 3 4 5 6 7 8 9 10",
            "una veintena",
            "€ 5 $ 6 R$ 7 % 8 %",
            "rescataron a",
            "2024 2025 del 1 al 3 de marzo de 2026",
            "🙂 3 🙂 detenidos 🙂",
            "Detenidos: 4.\n\nRescatadas: 12.\n\nEn total, 16 personas.",
            &long_list,
        ];
        for text in odd {
            let a = article(text);
            let _ = extractor.extract(&a);
            let _ = count_mentions(&a);
        }
    }
}
