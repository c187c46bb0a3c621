//! Named police operations and named criminal groups.
//!
//! Operations are named after the word "Operación/Operação/Operation" ("Operação Tauéma",
//! "la operación Liberterra II"), after "dubbed/batizada de/denominada" in a sentence about an
//! operation, and in English before "operation" ("the Spartacus III operation"). Groups come
//! from a table of well-known organisations and from the same naming patterns next to a word
//! for a criminal group ("la facción conocida como Los Hijos de Dios", "network known as
//! 'Paniagua'"). A name is a run of capitalised words; a generic description ("una red
//! brasileña", "Colombian mafias") is not one, and neither is a country, a place or an agency.

use std::sync::OnceLock;

use super::lexicon::Cue;
use super::Ctx;
use crate::cues::CueSet;
use crate::text::{tokenize, Doc, TokKind};

const GROUPS_TSV: &str = include_str!("../../data/criminal_groups.tsv");

/// Longest name, in tokens.
const MAX_NAME: usize = 7;

/// Words that may join the capitalised words of a name ("Los Hijos de Dios").
const CONNECTORS: &[&str] = &["de", "del", "da", "do", "dos", "das", "of", "the", "y", "e"];

/// Capitalised words that are not names of operations or groups: agencies, titles and words
/// that start sentences; months and weekdays too (see [`is_not_name`]).
const NOT_NAMES: &[&str] = &[
    "interpol",
    "europol",
    "ameripol",
    "policia",
    "police",
    "policias",
    "pf",
    "pfa",
    "pnp",
    "pdi",
    "fbi",
    "dea",
    "ice",
    "hsi",
    "dhs",
    "fiscalia",
    "ministerio",
    "ministry",
    "gobierno",
    "government",
    "governo",
    "justicia",
    "justice",
    "federal",
    "nacional",
    "national",
    "the",
    "el",
    "la",
    "los",
    "las",
    "o",
    "a",
    "os",
    "as",
    "en",
    "in",
    "em",
    "this",
    "that",
    "esta",
    "este",
    "esa",
    "ese",
    "essa",
    "esse",
    "un",
    "una",
    "um",
    "uma",
    "an",
    "de",
    "del",
    "da",
    "do",
    "unodc",
    "onu",
    "un",
    "oim",
    "iom",
    "unicef",
    "protex",
    "sijin",
    "dijin",
    "gaula",
    "migracion",
    "migration",
    "immigration",
    "customs",
    "aduana",
    "aduanas",
    "army",
    "ejercito",
    "exercito",
    "navy",
    "armada",
    "marinha",
];

/// Whether a folded capitalised word is no name of an operation or group: a listed word, or a
/// month or weekday in any of the three languages.
fn is_not_name(word: &str) -> bool {
    NOT_NAMES.contains(&word) || rastro_text::is_calendar_word(word)
}

/// Words near an operation name that say the "operation" is an organisation ("Operation
/// Underground Railroad", an NGO).
const ORGANISATION_WORDS: &[&str] = &[
    "organizations",
    "organisations",
    "organizaciones",
    "organizacoes",
    "ong",
    "ongs",
    "ngo",
    "ngos",
    "nonprofit",
    "nonprofits",
    "non",
    "charity",
    "charities",
    "foundation",
    "fundacion",
    "fundacao",
];

/// Nouns for an operation or action, which let "dubbed X" name an operation.
const ACTION_NOUNS: &[&str] = &[
    "operacion",
    "operacao",
    "operation",
    "operativo",
    "accion",
    "acao",
    "action",
    "ofensiva",
    "offensive",
    "investigacion",
    "investigacao",
    "investigation",
    "campana",
    "campanha",
    "campaign",
    "crackdown",
    "raid",
    "redada",
    "megaoperativo",
];

/// Capitalised group words that are part of the name itself ("Cartel de Sinaloa").
const NAME_GROUP_WORDS: &[&str] = &[
    "cartel", "clan", "banda", "mara", "pandilla", "faccion", "faccao", "gang",
];

/// Group words that are not criminal by themselves.
const GENERIC_GROUP_WORDS: &[&str] = &[
    "grupo",
    "group",
    "red",
    "rede",
    "network",
    "organizacion",
    "organizacao",
    "organization",
    "organisation",
];

/// Words that may stand between a group word and the group's name.
const GROUP_ADJECTIVES: &[&str] = &[
    "criminal",
    "criminales",
    "delictiva",
    "delictivo",
    "criminosa",
    "criminoso",
    "transnacional",
    "internacional",
    "narcotraficante",
    "armada",
    "armado",
    "juvenil",
];

struct KnownGroups {
    /// Every spelling, with the index of its group.
    set: CueSet<usize>,
}

fn known_groups() -> &'static KnownGroups {
    static TABLE: OnceLock<KnownGroups> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut groups = 0usize;
        let mut patterns: Vec<(String, usize)> = Vec::new();
        for line in GROUPS_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (name, aliases) = line.split_once('\t').unwrap_or((line, ""));
            let id = groups;
            groups += 1;
            for spelling in std::iter::once(name).chain(aliases.split('|')) {
                let keys: Vec<String> = tokenize(spelling.trim())
                    .into_iter()
                    .map(|t| t.key.into_owned())
                    .filter(|k| !k.contains(['|', '*', '~']))
                    .collect();
                if !keys.is_empty() {
                    patterns.push((keys.join(" "), id));
                }
            }
        }
        let entries: Vec<(&str, usize)> =
            patterns.iter().map(|(p, id)| (p.as_str(), *id)).collect();
        let set = CueSet::new(&entries).unwrap_or_else(|_| CueSet::empty());
        KnownGroups { set }
    })
}

fn is_roman(raw: &str) -> bool {
    !raw.is_empty() && raw.len() <= 5 && raw.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// A run of capitalised words (with connectors between them and numbers after them) starting at
/// `i`, or the quoted text starting there. Returns the token range of the name.
fn name_at(doc: &Doc, i: usize, limit: usize) -> Option<(usize, usize)> {
    let first = doc.tokens.get(i)?;
    if i >= limit {
        return None;
    }
    if first.key == "\"" || first.key == "'" {
        let close =
            (i + 1..limit.min(i + 2 + MAX_NAME)).find(|&j| doc.tokens[j].key == first.key)?;
        return (close > i + 1).then_some((i + 1, close));
    }
    let mut j = i;
    let mut end = i;
    while j < limit && j - i < MAX_NAME {
        let t = &doc.tokens[j];
        let raw = &doc.text[t.start..t.end];
        let capital = t.kind == TokKind::Word && (t.cap || t.upper || is_roman(raw));
        if capital || (t.kind == TokKind::Number && end > i) {
            j += 1;
            end = j;
            continue;
        }
        // "MS-13", "Colombia-China": a hyphen glued on both sides keeps the name going.
        if t.key == "-" && t.glued && end > i {
            if let Some(next) = doc.tokens.get(j + 1).filter(|n| n.glued && j + 1 < limit) {
                if next.cap || next.kind == TokKind::Number {
                    j += 1;
                    continue;
                }
            }
        }
        if end > i && CONNECTORS.contains(&t.key.as_ref()) && !t.cap {
            if let Some(next) = doc.tokens.get(j + 1).filter(|_| j + 1 < limit) {
                if next.kind == TokKind::Word && next.cap {
                    j += 1;
                    continue;
                }
            }
        }
        break;
    }
    (end > i).then_some((i, end))
}

/// Whether a candidate name is really a country, a place, an agency or a common word.
fn rejected(ctx: &Ctx, from: usize, to: usize) -> bool {
    let words: Vec<&str> = ctx.doc.tokens[from..to]
        .iter()
        .filter(|t| t.kind == TokKind::Word)
        .map(|t| t.key.as_ref())
        .collect();
    if words.is_empty() || words.iter().all(|w| is_not_name(w)) {
        return true;
    }
    if is_not_name(words[0]) && words.len() == 1 {
        return true;
    }
    // A country, place or nationality the gazetteer found covers the whole name. (Asking the
    // country table directly would be slower: it builds a suggestion for every unknown name.)
    ctx.mentions
        .iter()
        .any(|m| m.tok_start <= from && m.tok_end >= to)
}

/// The name as reported: the raw text without surrounding quotes, and without a leading
/// article for operations ("la Liberterra II" is "Liberterra II").
fn clean(ctx: &Ctx, from: usize, to: usize, drop_article: bool) -> (String, usize) {
    let mut from = from;
    if drop_article
        && to - from > 1
        && matches!(
            ctx.doc.tokens[from].key.as_ref(),
            "the" | "la" | "el" | "a" | "o" | "los" | "las" | "os" | "as"
        )
    {
        from += 1;
    }
    let raw = ctx.doc.span_text(from, to);
    // "'Fratello (irmão)'": a gloss in parentheses is not part of the name.
    let raw = raw.split(" (").next().unwrap_or(raw);
    let text = raw.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    (text, from)
}

fn push_unique(out: &mut Vec<(String, usize, usize)>, name: String, from: usize, to: usize) {
    let key = rastro_text::fold_key(&name);
    if key.is_empty() {
        return;
    }
    if !out.iter().any(|(n, _, _)| rastro_text::fold_key(n) == key) {
        out.push((name, from, to));
    }
}

/// Adds a group found by a naming pattern unless it is a spelling of a known group already
/// reported ("Cártel de Sinaloa" inside a sentence that the table matched).
fn push_unless_known(
    out: &mut Vec<(String, usize, usize)>,
    known: &[(usize, usize)],
    name: String,
    from: usize,
    to: usize,
) {
    if !known.iter().any(|&(a, b)| a < to && from < b) {
        push_unique(out, name, from, to);
    }
}

/// Drops a name that is the start of a longer one: "Turquesa" (the series) when "Turquesa V"
/// (this edition) is also named.
fn drop_prefixes(list: Vec<(String, usize, usize)>) -> Vec<(String, usize, usize)> {
    let keys: Vec<String> = list
        .iter()
        .map(|(n, _, _)| rastro_text::fold_key(n))
        .collect();
    list.into_iter()
        .enumerate()
        .filter(|(i, _)| {
            !keys
                .iter()
                .enumerate()
                .any(|(j, k)| j != *i && k.starts_with(&format!("{} ", keys[*i])))
        })
        .map(|(_, x)| x)
        .collect()
}

fn sentence_limit(ctx: &Ctx, tok: usize) -> usize {
    ctx.doc.sentences[ctx.sentence_of(tok)].tok_end
}

/// Whether tokens `[from, to)`, clipped to the sentence of `anchor`, contain one of `words`.
fn window_has(ctx: &Ctx, anchor: usize, from: usize, to: usize, words: &[&str]) -> bool {
    let sent = ctx.doc.sentences[ctx.sentence_of(anchor)];
    let a = from.max(sent.tok_start);
    let b = to.min(sent.tok_end);
    a < b
        && ctx.doc.tokens[a..b]
            .iter()
            .any(|t| words.contains(&t.key.as_ref()))
}

pub(crate) fn operations(ctx: &mut Ctx) -> Vec<String> {
    let mut found: Vec<(String, usize, usize)> = Vec::new();
    for h in &ctx.hits {
        match h.cue {
            Cue::OperationWord => {
                let limit = sentence_limit(ctx, h.start);
                if window_has(
                    ctx,
                    h.start,
                    h.start.saturating_sub(6),
                    h.start,
                    ORGANISATION_WORDS,
                ) {
                    continue;
                }
                if let Some((a, b)) = name_at(&ctx.doc, h.end, limit) {
                    if !rejected(ctx, a, b) {
                        let (name, a) = clean(ctx, a, b, true);
                        push_unique(&mut found, name, a, b);
                    }
                }
                // English puts the name first: "the Spartacus III operation".
                if ctx.lang == rastro_geo::Lang::En && !ctx.doc.tokens[h.start].cap {
                    if let Some((a, b)) = name_before(ctx, h.start) {
                        if !rejected(ctx, a, b) {
                            let (name, a) = clean(ctx, a, b, true);
                            push_unique(&mut found, name, a, b);
                        }
                    }
                }
            }
            Cue::Naming => {
                let limit = sentence_limit(ctx, h.start);
                let mut start = h.end;
                start = after_naming(ctx, start);
                // "batizada de Operação Tauéma": the operation word itself will be read.
                if ctx
                    .hits_in(ctx.sentence_of(h.start))
                    .iter()
                    .any(|o| o.start == start && o.cue == Cue::OperationWord)
                {
                    continue;
                }
                let near_group = ctx
                    .hits_in(ctx.sentence_of(h.start))
                    .iter()
                    .any(|g| g.cue == Cue::GroupNoun && g.end <= h.start && h.start - g.end <= 6);
                let near_action = window_has(
                    ctx,
                    h.start,
                    h.start.saturating_sub(8),
                    h.end + 12,
                    ACTION_NOUNS,
                );
                if near_group || !near_action {
                    continue;
                }
                if let Some((a, b)) = name_at(&ctx.doc, start, limit) {
                    if !rejected(ctx, a, b) {
                        let (name, a) = clean(ctx, a, b, true);
                        push_unique(&mut found, name, a, b);
                    }
                }
            }
            _ => {}
        }
    }
    let found = drop_prefixes(found);
    for (name, a, b) in &found {
        ctx.evidence("operations", name.clone(), *a, *b);
    }
    found.into_iter().map(|(n, _, _)| n).collect()
}

/// Where the name starts after a naming phrase: past "de"/"como" ("batizada de", "conocida
/// como") and a lowercase article ("known as the 'Dark Angels'").
fn after_naming(ctx: &Ctx, mut start: usize) -> usize {
    if ctx.doc.is_word(start, "de") || ctx.doc.is_word(start, "como") {
        start += 1;
    }
    let article = ctx.doc.tokens.get(start).is_some_and(|t| {
        !t.cap
            && matches!(
                t.key.as_ref(),
                "the" | "el" | "la" | "los" | "las" | "o" | "a" | "os" | "as"
            )
    });
    let name_follows = ctx
        .doc
        .tokens
        .get(start + 1)
        .is_some_and(|t| t.cap || matches!(t.key.as_ref(), "\"" | "'"));
    if article && name_follows {
        start += 1;
    }
    start
}

/// A capitalised run ending right before token `i`.
fn name_before(ctx: &Ctx, i: usize) -> Option<(usize, usize)> {
    let s = ctx.sentence_of(i);
    let sent_start = ctx.doc.sentences[s].tok_start;
    let mut a = i;
    while a > sent_start && i - a < MAX_NAME {
        let t = &ctx.doc.tokens[a - 1];
        let raw = &ctx.doc.text[t.start..t.end];
        if t.kind == TokKind::Word && (t.cap || t.upper || is_roman(raw))
            || (t.kind == TokKind::Number && a < i)
        {
            a -= 1;
        } else {
            break;
        }
    }
    // A sentence-initial article is not part of the name.
    while a < i && matches!(ctx.doc.tokens[a].key.as_ref(), "the" | "a" | "an" | "this") {
        a += 1;
    }
    (a < i).then_some((a, i))
}

pub(crate) fn groups(ctx: &mut Ctx) -> Vec<String> {
    let mut found: Vec<(String, usize, usize)> = Vec::new();
    let table = known_groups();
    // Groups are reported as the article names them ("Sinaloa Cartel" in English, "Cártel de
    // Sinaloa" in Spanish); the table only says which spellings are the same group.
    let mut seen = Vec::new();
    let mut table_spans: Vec<(usize, usize)> = Vec::new();
    for h in table.set.find_all(&ctx.doc, ctx.lang) {
        let first_word = ctx.doc.tokens[h.start..h.end]
            .iter()
            .find(|t| t.kind == TokKind::Word);
        if !first_word.is_some_and(|t| t.cap || t.upper) {
            continue;
        }
        table_spans.push((h.start, h.end));
        if !seen.contains(&h.cue) {
            seen.push(h.cue);
            let (name, a) = clean(ctx, h.start, h.end, false);
            push_unique(&mut found, name, a, h.end);
        }
    }
    for h in &ctx.hits {
        let limit = sentence_limit(ctx, h.start);
        match h.cue {
            Cue::GroupNoun => {
                let tok = &ctx.doc.tokens[h.start];
                if tok.cap && NAME_GROUP_WORDS.contains(&tok.key.as_ref()) {
                    // "Cartel de Sinaloa", "Clan del Golfo": the group word is part of the name.
                    let mut b = h.end;
                    if matches!(
                        ctx.doc.tokens.get(b).map(|t| t.key.as_ref()),
                        Some("de" | "del" | "do" | "da" | "of")
                    ) {
                        b += 1;
                    }
                    if let Some((_, end)) = name_at(&ctx.doc, b, limit) {
                        if !ctx.doc.tokens[b].key.is_empty() && b < end {
                            let (name, a) = clean(ctx, h.start, end, false);
                            push_unless_known(&mut found, &table_spans, name, a, end);
                        }
                    }
                } else if !tok.cap {
                    // "la banda Los Choneros", "the gang MS-13", "la organización criminal
                    // 'Los Malditos'": adjectives of the group word may stand between.
                    let mut start = h.end;
                    while start < limit
                        && start - h.end < 2
                        && GROUP_ADJECTIVES.contains(&ctx.doc.tokens[start].key.as_ref())
                    {
                        start += 1;
                    }
                    // "la banda de Los Luceros": "de" before a capitalised article.
                    if matches!(
                        ctx.doc.tokens.get(start).map(|t| t.key.as_ref()),
                        Some("de" | "del")
                    ) && ctx.doc.tokens.get(start + 1).is_some_and(|t| {
                        t.cap && matches!(t.key.as_ref(), "los" | "las" | "el" | "la")
                    }) {
                        start += 1;
                    }
                    if let Some((a, b)) = name_at(&ctx.doc, start, limit) {
                        let quoted = matches!(ctx.doc.tokens[start].key.as_ref(), "\"" | "'");
                        let acronym_only = b - a == 1 && ctx.doc.tokens[a].upper && !quoted;
                        // "el grupo Bimbo", "the organization Save the Children": a generic word
                        // names a criminal group only with "criminal" or quotes.
                        let generic = GENERIC_GROUP_WORDS.contains(&tok.key.as_ref());
                        let qualified = quoted || start > h.end;
                        if !acronym_only && (!generic || qualified) && !rejected(ctx, a, b) {
                            let (name, a) = clean(ctx, a, b, false);
                            push_unless_known(&mut found, &table_spans, name, a, b);
                        }
                    }
                }
            }
            Cue::Naming => {
                let near_group = ctx
                    .hits_in(ctx.sentence_of(h.start))
                    .iter()
                    .any(|g| g.cue == Cue::GroupNoun && g.end <= h.start && h.start - g.end <= 6);
                if !near_group {
                    continue;
                }
                let mut start = h.end;
                start = after_naming(ctx, start);
                if let Some((a, b)) = name_at(&ctx.doc, start, limit) {
                    if !rejected(ctx, a, b) {
                        let (name, a) = clean(ctx, a, b, false);
                        push_unless_known(&mut found, &table_spans, name, a, b);
                    }
                }
            }
            _ => {}
        }
    }
    for (name, a, b) in &found {
        ctx.evidence("groups", name.clone(), *a, *b);
    }
    found.into_iter().map(|(n, _, _)| n).collect()
}
