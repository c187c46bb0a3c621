//! Forms of exploitation, forced-labour industries, and migrant smuggling.
//!
//! A form counts when a cue for it appears in a sentence that reports rather than defines: a
//! sentence that defines trafficking or compares it with something else ("the Palermo Protocol
//! defines … forced labour, organ removal …", "unlike migrant smuggling …") names forms that
//! the article does not report. A negation shortly before the cue cancels it too, and so do
//! the other ways a form is named without having happened to this case's victims: a threat or
//! a plan told in the past, statistics of cases by year, the name of an office, a brothel that
//! is only suspected.

use std::collections::BTreeMap;

use super::Ctx;
use crate::model::{ExploitationDetail, ExploitationForm, Industry, IndustryValue};
use crate::words::lexicon::Cue;

/// How far back (tokens) a negation cancels a form.
const NEGATION_WINDOW: usize = 6;
/// Whether the sexual-exploitation cue at `tok` names only a venue under suspicion ("la
/// sospecha es que el lugar funcionaba como prostíbulo", "brothel probe"): until someone is
/// found exploited there, a suspected brothel is not a reported form.
fn suspected_venue(ctx: &Ctx, tok: usize) -> bool {
    let s = ctx.sentence_of(tok);
    let hits = ctx.hits_in(s);
    hits.iter()
        .any(|h| h.cue == Cue::SexVenue && h.start == tok)
        && hits.iter().any(|h| h.cue == Cue::Suspicion)
        && !hits.iter().any(|h| h.cue == Cue::Rescue)
}

/// Whether sentence `s` tells of girls given in marriage for money ("entregadas en matrimonio a
/// cambio de pagos … la venta de niñas como una forma de esclavitud"): there the sale of
/// children and the slavery named are the forced marriage, not an adoption or forced labour.
fn marriage_sale_sentence(ctx: &Ctx, s: usize) -> bool {
    let hits = ctx.hits_in(s);
    hits.iter().any(|h| h.cue == Cue::Marriage)
        && hits
            .iter()
            .any(|h| h.cue == Cue::Form(ExploitationForm::IllegalAdoption))
        && !hits.iter().any(|h| h.cue == Cue::Adoption)
}

/// Whether sentence `s` sells a child for sex ("vendió a su hija a un hombre para explotarla
/// sexualmente"): the sale is the sexual exploitation's, not an adoption, unless adoption is
/// named too.
fn sexual_sale_sentence(ctx: &Ctx, s: usize) -> bool {
    let hits = ctx.hits_in(s);
    hits.iter()
        .any(|h| h.cue == Cue::Form(ExploitationForm::SexualExploitation))
        && !hits.iter().any(|h| h.cue == Cue::Adoption)
}

/// How far back (tokens) an office's name word makes a smuggling cue part of that name.
const INSTITUTION_WINDOW: usize = 6;

pub(crate) struct Forms {
    pub forms: Vec<ExploitationForm>,
    industries: Vec<Industry>,
}

impl Forms {
    pub fn details(&self) -> Vec<ExploitationDetail> {
        self.forms
            .iter()
            .map(|&form| ExploitationDetail {
                form,
                htcds: form.htcds(),
                industries: if form == ExploitationForm::ForcedLabour {
                    self.industries
                        .iter()
                        .map(|&industry| IndustryValue {
                            industry,
                            htcds: industry.htcds(),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
            })
            .collect()
    }
}

/// How far back (tokens) a threat or a plan makes a form something that did not happen
/// ("amenazaban con venderle los órganos", "planned to marry her off").
const IRREALIS_WINDOW: usize = 5;

fn reporting_sentence(ctx: &Ctx, s: usize) -> bool {
    !ctx.sentence_has(s, |c| matches!(c, Cue::Definition | Cue::Unrelated))
}

/// Whether sentence `s` gives statistics: a number of cases and a year ("entre 2010 y 2018 se
/// registraron 211 casos de explotación sexual"). The forms it names are the background of the
/// country, not what this case's victims suffered.
fn statistics_sentence(ctx: &Ctx, s: usize) -> bool {
    use crate::text::TokKind;
    let tokens = &ctx.doc.tokens;
    let counted_cases = ctx.hits_in(s).iter().any(|h| {
        h.cue == Cue::CaseTally && h.start > 0 && tokens[h.start - 1].kind == TokKind::Number
    });
    if !counted_cases {
        return false;
    }
    let sent = ctx.doc.sentences[s];
    tokens[sent.tok_start..sent.tok_end]
        .iter()
        .any(|t| t.is_year())
}

/// Whether a plan told in the past ("iban a llevarlas a Perú, donde las esperaba una red de
/// prostitución") governs the cue at `tok`: the form lay ahead of the victims. A contrast after
/// the plan ("creían que iban a trabajar en un hotel, pero eran explotadas") reports what
/// happened instead, so it ends the plan's reach.
fn prospective(ctx: &Ctx, tok: usize) -> bool {
    let s = ctx.sentence_of(tok);
    ctx.hits_in(s).iter().any(|h| {
        h.cue == Cue::Prospective
            && h.end <= tok
            && !ctx.doc.tokens[h.end..tok].iter().any(|t| {
                matches!(
                    t.key.as_ref(),
                    "pero" | "but" | "mas" | "porem" | "sino" | "however" | "embargo" | "instead"
                )
            })
    })
}

/// Whether an open question or a risk ("investigan si fue captado para explotación laboral",
/// "examining whether the case amounts to trafficking for forced labour") governs the cue at
/// `tok`: the rest of its sentence is asked or feared, not reported, unless a contrast or a
/// rescue turns it back to what happened ("whether more victims exist after 12 women were
/// rescued from sexual exploitation").
fn open_question(ctx: &Ctx, tok: usize) -> bool {
    let s = ctx.sentence_of(tok);
    let hits = ctx.hits_in(s);
    hits.iter().any(|h| {
        h.cue == Cue::OpenQuestion
            && h.end <= tok
            && !hits
                .iter()
                .any(|r| r.cue == Cue::Rescue && r.start >= h.end && r.start < tok)
            && !ctx.doc.tokens[h.end..tok].iter().any(|t| {
                matches!(
                    t.key.as_ref(),
                    "pero" | "but" | "mas" | "porem" | "sino" | "however" | "embargo" | ";"
                )
            })
    })
}

/// Whether a threat or a plan governs the cue at `tok`.
fn irrealis(ctx: &Ctx, tok: usize) -> bool {
    let s = ctx.sentence_of(tok);
    ctx.hits_in(s)
        .iter()
        .any(|h| h.cue == Cue::Irrealis && h.end <= tok && tok - h.end < IRREALIS_WINDOW)
}

/// How far back (tokens) an office's name word makes a form part of that name.
const OFFICE_FORM_WINDOW: usize = 3;

/// Whether the cue at `tok` is part of the name of an office or a programme ("grupo móvel de
/// combate ao trabalho escravo", "Unidad de Trata y Explotación Sexual"): the office exists
/// whatever this case's victims suffered. Where the sentence reports a rescue ("operação de
/// combate ao trabalho escravo resgata 15 trabalhadores"), the office's form is the victims'.
fn in_office_name(ctx: &Ctx, tok: usize) -> bool {
    let s = ctx.sentence_of(tok);
    if ctx.sentence_has(s, |c| c == Cue::Rescue) {
        return false;
    }
    // The name joins office and form with a preposition ("combate ao", "unit against"); a
    // form right after the word ("el día pidiendo dinero") is no name.
    ctx.hits_in(s).iter().any(|o| {
        o.cue == Cue::Institution
            && o.end < tok
            && tok - o.end < OFFICE_FORM_WINDOW
            && ctx.doc.tokens[o.end..tok].iter().all(|t| {
                matches!(
                    t.key.as_ref(),
                    "de" | "del"
                        | "da"
                        | "do"
                        | "das"
                        | "dos"
                        | "ao"
                        | "aos"
                        | "a"
                        | "la"
                        | "las"
                        | "el"
                        | "los"
                        | "o"
                        | "os"
                        | "contra"
                        | "against"
                        | "of"
                        | "on"
                        | "the"
                        | "for"
                        | "para"
                )
            })
    })
}

/// Whether the cue at `[start, end)` is written in capitals inside a running sentence ("la
/// Comisión Interinstitucional contra la Explotación Sexual Comercial", "a Unidade contra a
/// Trata, a Exploração Sexual Comercial e o Tráfico de Pessoas"): the name of an office or a
/// law, which exists whatever this case's victims suffered. The headline, where every word may
/// be capitalised, and a cue opening a quote or a line are read as written.
fn in_capitalised_name(ctx: &Ctx, start: usize, end: usize) -> bool {
    let t = &ctx.doc.tokens;
    let s = ctx.sentence_of(start);
    if s == 0 || start <= ctx.doc.sentences[s].tok_start {
        return false;
    }
    if matches!(
        t[start - 1].key.as_ref(),
        "\"" | "'" | ":" | "-" | "•" | "(" | "*"
    ) {
        return false;
    }
    let mut long = t[start..end]
        .iter()
        .filter(|x| x.kind == crate::text::TokKind::Word && x.key.len() > 3)
        .peekable();
    long.peek().is_some() && long.all(|x| x.cap && !x.upper)
}

/// Whether the form cue at `tok`, in sentence `s`, reports something that happened to this
/// case's victims.
fn reported(ctx: &Ctx, tok: usize, s: usize) -> bool {
    // One look at the sentence's cues says which of the finer readings can apply at all: most
    // sentences have none of their cues.
    let (mut plan, mut tally, mut office, mut venue, mut definition, mut question) =
        (false, false, false, false, false, false);
    for h in ctx.hits_in(s) {
        match h.cue {
            Cue::Definition | Cue::Unrelated => definition = true,
            Cue::Irrealis | Cue::Prospective => plan = true,
            Cue::CaseTally => tally = true,
            Cue::Institution => office = true,
            Cue::SexVenue => venue = true,
            Cue::OpenQuestion => question = true,
            _ => {}
        }
    }
    !definition
        && !ctx.negated(tok, NEGATION_WINDOW)
        && !(plan && (irrealis(ctx, tok) || prospective(ctx, tok)))
        && !(question && open_question(ctx, tok))
        && !(tally && statistics_sentence(ctx, s))
        && !(office && in_office_name(ctx, tok))
        && !(venue && suspected_venue(ctx, tok))
        && !super::generic::generic_sentence(ctx, s)
}

/// How far back (tokens) a word for work makes slavery the work's ("trabalho análogo ao de
/// escravo", "held in domestic work under slave-like conditions").
const SLAVE_WORK_WINDOW: usize = 6;
/// How far after the slavery word a word for work or workers does the same ("condições
/// análogas à escravidão de trabalhadores").
const SLAVE_WORKERS_AFTER: usize = 3;

/// Whether the forced-labour cue `[tok, end)` names slavery and nothing more: no word for work
/// comes shortly before it or right after it.
fn slavery_word_at(ctx: &Ctx, tok: usize, end: usize) -> bool {
    let s = ctx.sentence_of(tok);
    if !ctx
        .hits_in(s)
        .iter()
        .any(|h| h.cue == Cue::SlaveryWord && h.start == tok)
    {
        return false;
    }
    let sent = ctx.doc.sentences[s];
    let from = tok.saturating_sub(SLAVE_WORK_WINDOW).max(sent.tok_start);
    let to = (end + SLAVE_WORKERS_AFTER).min(sent.tok_end);
    !ctx.hits_in(s).iter().any(|h| {
        h.cue == Cue::WorkWord
            && (h.start >= from && h.start < tok || h.start >= end && h.start < to)
    })
}

/// Whether the forced work at `[start, end)` is a sale that the sentence says was of drugs
/// ("obligados a vender droga"): that is forced criminality, read by its own cue, while
/// "obligado a vender dulces" is labour.
fn drug_sale(ctx: &Ctx, start: usize, end: usize) -> bool {
    let sale = ctx.doc.tokens[end - 1].key.starts_with("vend")
        || ctx.doc.tokens[end - 1].key.starts_with("sell");
    sale && ctx
        .hits_in(ctx.sentence_of(start))
        .iter()
        .any(|h| h.cue == Cue::Form(ExploitationForm::ForcedCriminality) && h.start == start)
}

/// Whether a cue of sexual exploitation starts right after `end`: "forced to work as
/// prostitutes" is sexual exploitation, not forced labour.
fn sexual_work_follows(ctx: &Ctx, start: usize, end: usize) -> bool {
    let s = ctx.sentence_of(start);
    ctx.hits_in(s).iter().any(|h| {
        if h.cue != Cue::Form(ExploitationForm::SexualExploitation) {
            return false;
        }
        // Inside it ("esclavitud sexual") or around it ("sexual servitude", "sexual slavery").
        if h.start >= start && h.start < end || h.start <= start && h.end >= end {
            return true;
        }
        // "as prostitutes", "en la prostitución"; but "slavery and sexual exploitation" names two.
        h.start >= end
            && h.start <= end + 3
            && !ctx.doc.tokens[end..h.start]
                .iter()
                .any(|t| matches!(t.key.as_ref(), "y" | "e" | "and" | "," | "or" | "o" | "ou"))
    })
}

pub(crate) fn exploitation(ctx: &mut Ctx) -> Forms {
    let mut found: BTreeMap<ExploitationForm, Vec<(usize, usize)>> = BTreeMap::new();
    let mut labour_sentences = vec![false; ctx.doc.sentences.len()];
    // Labour conditions are weighed after the forms said in words are known.
    let mut conditions = Vec::new();
    for (i, h) in ctx.hits.iter().enumerate() {
        let form = match h.cue {
            Cue::Form(form) => form,
            Cue::ForcedWork
                if !sexual_work_follows(ctx, h.start, h.end) && !drug_sale(ctx, h.start, h.end) =>
            {
                ExploitationForm::ForcedLabour
            }
            Cue::LabourConditions => {
                conditions.push(i);
                continue;
            }
            _ => continue,
        };
        if form == ExploitationForm::ForcedLabour && slavery_word_at(ctx, h.start, h.end) {
            conditions.push(i);
            continue;
        }
        let s = ctx.sentence_of(h.start);
        let form = match form {
            ExploitationForm::IllegalAdoption | ExploitationForm::ForcedLabour
                if matches!(
                    h.cue,
                    Cue::ForcedWork | Cue::Form(ExploitationForm::IllegalAdoption)
                ) && marriage_sale_sentence(ctx, s) =>
            {
                ExploitationForm::ForcedMarriage
            }
            other => other,
        };
        if form == ExploitationForm::IllegalAdoption && sexual_sale_sentence(ctx, s) {
            continue;
        }
        if reported(ctx, h.start, s) && !in_capitalised_name(ctx, h.start, h.end) {
            found.entry(form).or_default().push((h.start, h.end));
            if form == ExploitationForm::ForcedLabour {
                labour_sentences[s] = true;
            }
        }
    }
    // "mantenidas en condiciones degradantes para explotarlas sexualmente": the conditions of
    // sexual exploitation, not another form. Where another form is reported anywhere in the
    // article, the conditions and the slavery named are most likely its victims' ("iludidas com
    // a promessa de emprego, acabavam submetidas a condições degradantes", "una forma de
    // esclavitud moderna" of women prostituted, "niños usados para mendigar … en condiciones
    // infrahumanas").
    let other_form = found.keys().any(|&f| f != ExploitationForm::ForcedLabour);
    // Conditions alone ("los médicos trabajan sin salario desde marzo") say nothing of
    // trafficking: they are its victims' only in an article about it, or about people freed.
    let about_exploitation = || {
        ctx.hits
            .iter()
            .any(|h| matches!(h.cue, Cue::Trafficking | Cue::Rescue | Cue::ForcedWork))
            || ctx.doc.tokens.iter().any(|t| {
                matches!(
                    t.key.as_ref(),
                    "trata" | "trafficking" | "trafficked" | "traffickers" | "trafico"
                )
            })
    };
    if !other_form && !conditions.is_empty() && about_exploitation() {
        for i in conditions {
            let h = &ctx.hits[i];
            let s = ctx.sentence_of(h.start);
            if !ctx.sentence_has(s, |c| c == Cue::Form(ExploitationForm::SexualExploitation))
                && reported(ctx, h.start, s)
            {
                found
                    .entry(ExploitationForm::ForcedLabour)
                    .or_default()
                    .push((h.start, h.end));
                labour_sentences[s] = true;
            }
        }
    }
    let mut industries = Vec::new();
    if found.contains_key(&ExploitationForm::ForcedLabour) {
        let mut spans: BTreeMap<Industry, Vec<(usize, usize)>> = BTreeMap::new();
        for h in &ctx.hits {
            let Cue::Industry(ind) = h.cue else { continue };
            let s = ctx.sentence_of(h.start);
            // An industry word is a forced-labour industry where labour exploitation or a
            // rescue is reported in the same sentence; elsewhere "café" is just coffee.
            let labour_here = labour_sentences[s]
                || ctx.sentence_has(s, |c| c == Cue::Rescue)
                || ind == Industry::DomesticWork;
            if labour_here && reporting_sentence(ctx, s) {
                spans.entry(ind).or_default().push((h.start, h.end));
            }
        }
        for (ind, list) in spans {
            for (a, b) in list {
                ctx.evidence("labour_industry", ind.name(), a, b);
            }
            industries.push(ind);
        }
    }
    let mut forms = Vec::new();
    for (form, list) in found {
        for (a, b) in list {
            ctx.evidence("exploitation", form.name(), a, b);
        }
        forms.push(form);
    }
    Forms { forms, industries }
}

const NOT_MIGRANTS: &[&str] = &[
    "droga",
    "drogas",
    "drugs",
    "drug",
    "cocaina",
    "cocaine",
    "armas",
    "arms",
    "weapons",
    "firearms",
    "mercancia",
    "mercancias",
    "goods",
    "combustible",
    "fuel",
    "cigarrillos",
    "cigarettes",
    "tabaco",
    "oro",
    "gold",
    "fauna",
    "wildlife",
    "contrabando",
];

pub(crate) fn smuggling(ctx: &mut Ctx, forms: &Forms) -> bool {
    let mut spans = Vec::new();
    // Where no form of exploitation is reported, "tráfico de personas" in an article about
    // migrants is their smuggling (its meaning in Mexican and Central American law).
    let migrant_article =
        forms.forms.is_empty() && ctx.hits.iter().any(|h| h.cue == Cue::NounMigrant);
    for h in &ctx.hits {
        let s = ctx.sentence_of(h.start);
        let ok = match h.cue {
            Cue::Smuggling => true,
            // "smuggling" alone is about migrants only when they are in the sentence (or the
            // article) and no goods are.
            Cue::SmugglingWeak | Cue::SmugglingTold => {
                (migrant_article || ctx.sentence_has(s, |c| c == Cue::NounMigrant))
                    && !sentence_mentions(ctx, s, NOT_MIGRANTS)
            }
            _ => false,
        };
        // "examining whether the case amounts to migrant smuggling": asked, not reported.
        if !ok
            || !reporting_sentence(ctx, s)
            || ctx.negated(h.start, NEGATION_WINDOW)
            || open_question(ctx, h.start)
        {
            continue;
        }
        // "Human Smuggling Unit", "Dirección contra la Trata de Personas y Tráfico Ilícito de
        // Migrantes": capitalised words inside a sentence are the name of an office or a law.
        let capitalised = ctx.doc.tokens[h.start..h.end]
            .iter()
            .filter(|t| t.kind == crate::text::TokKind::Word && t.key.len() > 3)
            .all(|t| t.cap);
        let mid_sentence = h.start > ctx.doc.sentences[s].tok_start
            && !matches!(
                ctx.doc.tokens[h.start - 1].key.as_ref(),
                "\"" | "'" | ":" | "-" | "•" | "("
            );
        let office_after = capitalised
            && ctx
                .hits_in(s)
                .iter()
                .any(|o| o.cue == Cue::Institution && o.start >= h.end && o.start <= h.end + 1);
        let in_office_name = office_after
            || (capitalised && mid_sentence)
            || ctx.hits_in(s).iter().any(|o| {
                o.cue == Cue::Institution
                    && o.start < h.start
                    && h.start - o.start <= INSTITUTION_WINDOW
            });
        if !in_office_name {
            spans.push((h.start, h.end));
        }
    }
    if spans.is_empty() && forms.forms.is_empty() {
        carried_by_others(ctx, &mut spans);
    }
    for &(a, b) in &spans {
        ctx.evidence("smuggling", "true", a, b);
    }
    !spans.is_empty()
}

/// An interception of migrants in a boat or a vehicle that others ran: its captain or driver,
/// or the organisers of the trip, are told of ("the captain was arrested", "los organizadores
/// de los viajes"), or the migrants were left in a vehicle's box. Nobody carries people across
/// a border for nothing, so this is smuggling even where no payment is told. Where the text
/// only says it does not know who ran the trip ("did not say whether the captain was
/// identified"), the migrants may have crossed on their own.
fn carried_by_others(ctx: &Ctx, spans: &mut Vec<(usize, usize)>) {
    let mut told = None;
    for h in &ctx.hits {
        if h.cue != Cue::CrossingRole {
            continue;
        }
        let s = ctx.sentence_of(h.start);
        let sent = ctx.doc.sentences[s];
        let before = &ctx.doc.tokens[sent.tok_start..h.start];
        // "não informou … nem quem organizou a travessia": what the source did not tell.
        let denied = ctx.sentence_negates(s)
            && ctx
                .hits_in(s)
                .iter()
                .any(|n| is_negation(n.cue) && n.start < h.start);
        // "warned that … their captains [would be] prosecuted": a warning, not an event.
        let warned = before.iter().any(|t| warning_word(&t.key));
        if denied
            || warned
            || !reporting_sentence(ctx, s)
            || open_question(ctx, h.start)
            || irrealis(ctx, h.start)
            || public_transport_near(ctx, h.start)
        {
            continue;
        }
        if !*told.get_or_insert_with(|| migration_told(ctx)) {
            return;
        }
        spans.push((h.start, h.end));
    }
}

fn is_negation(cue: Cue) -> bool {
    matches!(cue, Cue::Negation | Cue::NegationLocal | Cue::NegationWide)
}

fn warning_word(key: &str) -> bool {
    ["warn", "advirti", "advierte", "advertiu", "alertou"]
        .iter()
        .any(|stem| key.starts_with(stem))
}

/// How far back (tokens) a bus makes a driver its driver.
const BUS_REACH: usize = 80;

/// Whether a bus is named shortly before the role at `tok` or in its sentence: its driver
/// carries fare-paying passengers on a public route ("un autobús que iba de Monterrey a
/// Matamoros … el chofer"), not migrants across a border.
fn public_transport_near(ctx: &Ctx, tok: usize) -> bool {
    let from = tok.saturating_sub(BUS_REACH);
    let to = ctx.doc.sentences[ctx.sentence_of(tok)].tok_end;
    ctx.doc.tokens[from..to].iter().any(|t| {
        matches!(
            t.key.as_ref(),
            "autobus" | "autobuses" | "bus" | "buses" | "onibus" | "omnibus"
        )
    })
}

/// Whether the article speaks of migrants or migration at all ("illegal immigrants", "illegal
/// migration", "migrantes"): a captain or a driver elsewhere carries goods or passengers.
fn migration_told(ctx: &Ctx) -> bool {
    ctx.hits.iter().any(|h| h.cue == Cue::NounMigrant)
        || ctx.doc.tokens.iter().any(|t| {
            ["migra", "immigra", "inmigra", "imigra"]
                .iter()
                .any(|stem| t.key.starts_with(stem))
        })
}

fn sentence_mentions(ctx: &Ctx, s: usize, words: &[&str]) -> bool {
    let sent = ctx.doc.sentences[s];
    ctx.doc.tokens[sent.tok_start..sent.tok_end]
        .iter()
        .any(|t| words.contains(&t.key.as_ref()))
}
