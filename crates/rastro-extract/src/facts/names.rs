//! Named criminal groups, and the reading of names that operations share (`operations.rs`).
//!
//! Groups come from a table of well-known organisations and from naming patterns next to a
//! word for a criminal group ("la facción conocida como Los Hijos de Dios", "network known as
//! 'Paniagua'", "gangs with names such as 400 Mawozo and Tokyo"), and from nicknames that start
//! with a capitalised article in a sentence about a group ("los integrantes de Los del
//! Muelle"), and in English from a name before the group word with a naming phrase or a word
//! of crime ("the so-called Molina organization"). A name is a run of capitalised words; a
//! generic description ("una red brasileña", "Colombian mafias") is not one, and neither is a
//! country, a place, an agency or a company ("Digicoop, Inc.").
//! The places inside a nickname ("Tokyo", "Los Colombianos") are not the story's countries:
//! their spans are left in `Ctx::name_spans` for the place resolution to drop.

use super::Ctx;
use crate::text::{Doc, TokKind};
use crate::words::groups::known_groups;
use crate::words::lexicon::Cue;

/// Longest name, in tokens.
pub(super) const MAX_NAME: usize = 7;

/// Words that may join the capitalised words of a name ("Los Hijos de Dios", "Cese al Fuego",
/// "Volta ao Lar").
pub(super) const CONNECTORS: &[&str] = &[
    "de", "del", "da", "do", "dos", "das", "of", "the", "y", "e", "al", "ao",
];

/// Capitalised words that are not names of operations or groups: agencies, titles and words
/// that start sentences; months and weekdays too (see [`is_not_name`]).
/// Written as one `match`, which the compiler turns into a test of the length and a few
/// comparisons, because every capitalised word of every candidate name is asked about.
fn listed_not_name(word: &str) -> bool {
    matches!(
        word,
        "interpol"
            | "europol"
            | "ameripol"
            | "policia"
            | "police"
            | "policias"
            | "pf"
            | "pfa"
            | "pnp"
            | "pdi"
            | "fbi"
            | "dea"
            | "ice"
            | "hsi"
            | "dhs"
            | "fiscalia"
            | "ministerio"
            | "ministry"
            | "gobierno"
            | "government"
            | "governo"
            | "justicia"
            | "justice"
            | "federal"
            | "nacional"
            | "national"
            | "the"
            | "el"
            | "la"
            | "los"
            | "las"
            | "o"
            | "a"
            | "os"
            | "as"
            | "en"
            | "in"
            | "em"
            | "this"
            | "that"
            | "esta"
            | "este"
            | "esa"
            | "ese"
            | "essa"
            | "esse"
            | "un"
            | "una"
            | "um"
            | "uma"
            | "an"
            | "de"
            | "del"
            | "da"
            | "do"
            | "unodc"
            | "onu"
            | "oim"
            | "iom"
            | "unicef"
            | "protex"
            | "sijin"
            | "dijin"
            | "gaula"
            | "migracion"
            | "migration"
            | "immigration"
            | "customs"
            | "aduana"
            | "aduanas"
            | "army"
            | "ejercito"
            | "exercito"
            | "navy"
            | "armada"
            | "marinha"
    )
}

/// Whether a folded capitalised word is no name of an operation or group: a listed word, or a
/// month or weekday in any of the three languages.
fn is_not_name(word: &str) -> bool {
    listed_not_name(word) || rastro_text::is_calendar_word(word)
}

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

pub(super) fn is_roman(raw: &str) -> bool {
    !raw.is_empty() && raw.len() <= 5 && raw.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// A run of capitalised words (with connectors between them and numbers after them) starting at
/// `i`, or the quoted text starting there. Returns the token range of the name.
pub(super) fn name_at(doc: &Doc, i: usize, limit: usize) -> Option<(usize, usize)> {
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
        // "MS-13", "Colombia-China", "FOM'ALE": a hyphen or an apostrophe glued on both sides
        // keeps the name going.
        if matches!(t.key.as_ref(), "-" | "'") && t.glued && end > i {
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
pub(super) fn rejected(ctx: &Ctx, from: usize, to: usize) -> bool {
    rejected_unless_place(ctx, from, to, false)
}

/// Words that make a capitalised name a public body's, not a gang's ("Gang Violence Task
/// Force", "Grupo Especial de Operaciones", "Red Nacional contra la Trata").
fn public_body_word(key: &str) -> bool {
    matches!(
        key,
        "task"
            | "unit"
            | "units"
            | "unidad"
            | "unidade"
            | "department"
            | "departamento"
            | "office"
            | "oficina"
            | "bureau"
            | "agency"
            | "agencia"
            | "division"
            | "squad"
            | "ministry"
            | "ministerio"
            | "fiscalia"
            | "prosecutor"
            | "prosecutors"
            | "court"
            | "tribunal"
            | "police"
            | "policia"
            | "commission"
            | "comision"
            | "comissao"
            | "especial"
            | "especiales"
            | "especiais"
            | "special"
            | "fiscalizacao"
            | "movel"
            | "nacional"
            | "national"
            | "contra"
            | "against"
    )
}

/// Whether the name at `[from, to)` holds a word of [`public_body_word`].
fn names_public_body(ctx: &Ctx, from: usize, to: usize) -> bool {
    ctx.doc.tokens[from..to]
        .iter()
        .any(|t| public_body_word(&t.key))
}

/// As [`rejected`]; with `places_allowed`, a town, region or landmark may be the name (after
/// the word "operation": "la operación Andes"), but a country or nationality may not.
pub(super) fn rejected_unless_place(
    ctx: &Ctx,
    from: usize,
    to: usize,
    places_allowed: bool,
) -> bool {
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
    ctx.mentions.iter().any(|m| {
        m.tok_start <= from
            && m.tok_end >= to
            && (!places_allowed || m.country_name || m.nationality)
    }) || !places_allowed && placed_in_text(ctx, from, to)
}

/// Whether the text writes the name at `[from, to)` as a place somewhere: after "at" ("an
/// operation at Parika" makes "the Parika operation" a place's) or after a place noun ("la
/// localidad de Los Mártires", "the district of X"). Towns the gazetteer does not know are
/// caught by how the article itself speaks of them.
fn placed_in_text(ctx: &Ctx, from: usize, to: usize) -> bool {
    let t = &ctx.doc.tokens;
    let n = to - from;
    let same = |j: usize| (0..n).all(|k| t.get(j + k).is_some_and(|x| x.key == t[from + k].key));
    let place_before = |j: usize| {
        let key = |k: usize| t[k].key.as_ref();
        j >= 1 && (key(j - 1) == "at" || place_noun(key(j - 1)))
            || j >= 2
                && matches!(key(j - 1), "de" | "del" | "da" | "do" | "of")
                && place_noun(key(j - 2))
    };
    (0..t.len()).any(|j| t[j].key == t[from].key && place_before(j) && same(j))
}

/// The name as reported: the raw text without surrounding quotes, and without a leading
/// article for operations ("la Liberterra II" is "Liberterra II").
pub(super) fn clean(ctx: &Ctx, from: usize, to: usize, drop_article: bool) -> (String, usize) {
    let mut from = from;
    // A capitalised article inside the sentence is the name's own ("Operação A Sombra", the
    // operation "La Sombra"); a lowercase one, or a capital that only opens the sentence, is not.
    let article = &ctx.doc.tokens[from];
    let own_article = article.cap && from > ctx.doc.sentences[ctx.sentence_of(from)].tok_start;
    if drop_article
        && to - from > 1
        && !own_article
        && matches!(
            article.key.as_ref(),
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

pub(super) fn push_unique(
    out: &mut Vec<(String, usize, usize)>,
    name: String,
    from: usize,
    to: usize,
) {
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

pub(super) fn sentence_limit(ctx: &Ctx, tok: usize) -> usize {
    ctx.doc.sentences[ctx.sentence_of(tok)].tok_end
}

/// Whether tokens `[from, to)`, clipped to the sentence of `anchor`, contain one of `words`.
pub(super) fn window_has(ctx: &Ctx, anchor: usize, from: usize, to: usize, words: &[&str]) -> bool {
    let sent = ctx.doc.sentences[ctx.sentence_of(anchor)];
    let a = from.max(sent.tok_start);
    let b = to.min(sent.tok_end);
    a < b
        && ctx.doc.tokens[a..b]
            .iter()
            .any(|t| words.contains(&t.key.as_ref()))
}

/// Where the name starts after a naming phrase: past "de"/"como" ("batizada de", "conocida
/// como") and a lowercase article ("known as the 'Dark Angels'").
pub(super) fn after_naming(ctx: &Ctx, mut start: usize) -> usize {
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
pub(super) fn name_before(ctx: &Ctx, i: usize) -> Option<(usize, usize)> {
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
        } else if inside_word_joiner(ctx, a - 1) && a < i {
            // "FOM'ALE II", "Colombia-China": read on past the joiner to the capital before it.
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

/// Whether token `j` is a hyphen or an apostrophe glued between two capitalised words.
fn inside_word_joiner(ctx: &Ctx, j: usize) -> bool {
    let t = &ctx.doc.tokens;
    let capital = |k: usize| {
        t.get(k)
            .is_some_and(|x| x.kind == TokKind::Word && (x.cap || x.upper))
    };
    j > 0
        && matches!(t[j].key.as_ref(), "-" | "'")
        && t[j].glued
        && t.get(j + 1).is_some_and(|n| n.glued)
        && capital(j - 1)
        && capital(j + 1)
}

pub(crate) fn groups(ctx: &mut Ctx) -> Vec<String> {
    let mut found: Vec<(String, usize, usize)> = Vec::new();
    let table = known_groups();
    // Groups are reported as the article names them ("Sinaloa Cartel" in English, "Cártel de
    // Sinaloa" in Spanish); the table only says which spellings are the same group.
    let mut seen = Vec::new();
    let mut table_spans: Vec<(usize, usize)> = Vec::new();
    let vocab = crate::vocab::vocab();
    for h in table
        .set
        .find_all_numbered(&ctx.doc, ctx.lang, |t| vocab.entry(t.vocab).group)
    {
        let first_word = ctx.doc.tokens[h.start..h.end]
            .iter()
            .find(|t| t.kind == TokKind::Word);
        if !first_word.is_some_and(|t| t.cap || t.upper) {
            continue;
        }
        let end = quoted_whole(ctx, h.start, h.end);
        table_spans.push((h.start, end));
        if !seen.contains(&h.cue) {
            seen.push(h.cue);
            let (name, a) = clean(ctx, h.start, end, false);
            push_unique(&mut found, name, a, end);
        }
    }
    let mut named_before = Vec::new();
    for h in &ctx.hits {
        let limit = sentence_limit(ctx, h.start);
        match h.cue {
            Cue::GroupNoun => {
                if let Some(span) = named_before_group_word(ctx, h.start, h.end) {
                    named_before.push(span);
                }
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
                        if !ctx.doc.tokens[b].key.is_empty()
                            && b < end
                            && !names_public_body(ctx, h.start, end)
                        {
                            let (name, a) = clean(ctx, h.start, end, false);
                            push_unless_known(&mut found, &table_spans, name, a, end);
                        }
                    }
                } else if !tok.cap {
                    if let Some((a, b)) = apposed_to_group_word(ctx, h.start, h.end, limit) {
                        let (name, a) = clean(ctx, a, b, false);
                        push_unless_known(&mut found, &table_spans, name, a, b);
                    }
                    // "la banda Los Choneros", "the gang MS-13", "la organización criminal
                    // 'Los Malditos'": adjectives of the group word may stand between.
                    let mut start = h.end;
                    // "la organización internacional Walk Free": being international says
                    // nothing of crime; another adjective must ("red criminal internacional").
                    let mut criminal_adjective = false;
                    while start < limit
                        && start - h.end < 2
                        && GROUP_ADJECTIVES.contains(&ctx.doc.tokens[start].key.as_ref())
                    {
                        criminal_adjective |= !matches!(
                            ctx.doc.tokens[start].key.as_ref(),
                            "internacional" | "international"
                        );
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
                        let b = before_known_group(ctx, &table_spans, a, b);
                        let quoted = matches!(ctx.doc.tokens[start].key.as_ref(), "\"" | "'");
                        let acronym_only = b - a == 1 && ctx.doc.tokens[a].upper && !quoted;
                        // "el grupo Bimbo", "the organization Save the Children": a generic word
                        // names a criminal group only with "criminal" or quotes.
                        let generic = GENERIC_GROUP_WORDS.contains(&tok.key.as_ref());
                        let qualified = quoted || criminal_adjective;
                        if !acronym_only && (!generic || qualified) && !rejected(ctx, a, b) {
                            let (name, a) = clean(ctx, a, b, false);
                            push_unless_known(&mut found, &table_spans, name, a, b);
                        }
                    }
                }
            }
            Cue::Naming => {
                let near_group = ctx.hits_in(ctx.sentence_of(h.start)).iter().any(|g| {
                    g.cue == Cue::GroupNoun
                        && g.end <= h.start
                        && h.start - g.end <= 6
                        && !titled_generic_group_word(ctx, g.start)
                });
                if !near_group {
                    continue;
                }
                let start = after_naming(ctx, h.end);
                // "26 gangs, with names such as 103 Zombies, Village de Dieu and Tokyo": every
                // name of the list, each written with capitals (a quoted "cai cai" is a term).
                let mut at = start;
                while let Some((a, b)) = listed_name_at(ctx, at, limit) {
                    // "a cooperative called Digicoop, Inc.": a company's legal form after the
                    // name says it is a firm, and no list goes on.
                    if company_form_at(ctx, a, b) || company_form_follows(ctx, b, limit) {
                        break;
                    }
                    // A name is a name here even when it is also a town's ("Tokyo").
                    if written_as_name(ctx, a, b) && !rejected_unless_place(ctx, a, b, true) {
                        let (name, a) = clean(ctx, a, b, false);
                        push_unless_known(&mut found, &table_spans, name, a, b);
                        // The places in a nickname do not place the story.
                        ctx.name_spans.push((a, b));
                    }
                    match next_in_list(ctx, b, limit) {
                        Some(next) => at = next,
                        None => break,
                    }
                }
            }
            _ => {}
        }
    }
    nicknames(ctx, &mut found, &table_spans);
    // Read last: a name found otherwise is not given a second spelling with its group word.
    for (a, b) in named_before {
        let (name, a) = clean(ctx, a, b, false);
        let key = rastro_text::fold_key(&name);
        let spelled = found.iter().any(|(n, _, _)| {
            let other = rastro_text::fold_key(n);
            key.contains(other.as_str()) || other.contains(key.as_str())
        });
        if !spelled {
            push_unless_known(&mut found, &table_spans, name, a, b);
        }
    }
    // A nationality word inside any group's name ("Los Colombianos") is not a country of the
    // story.
    for &(_, a, b) in &found {
        for m in ctx.mentions.iter().filter(|m| m.nationality) {
            if a <= m.tok_start && m.tok_end <= b {
                ctx.name_spans.push((m.tok_start, m.tok_end));
            }
        }
    }
    for (name, a, b) in &found {
        ctx.evidence("groups", name.clone(), *a, *b);
    }
    found.into_iter().map(|(n, _, _)| n).collect()
}

/// Where a known group's spelling that opens a quote ends: at the closing quote when the
/// quoted words go on as one name ("\"Los Gallegos de Caracas\"", a cell named after the
/// known gang), since the article reports the whole quoted name.
fn quoted_whole(ctx: &Ctx, start: usize, end: usize) -> usize {
    let t = &ctx.doc.tokens;
    let Some(open) = start
        .checked_sub(1)
        .filter(|&o| matches!(t[o].key.as_ref(), "\"" | "'"))
    else {
        return end;
    };
    let limit = sentence_limit(ctx, start);
    match name_at(&ctx.doc, open, limit) {
        Some((a, b)) if a == start && b > end && t.get(b).is_some_and(|c| c.key == t[open].key) => {
            b
        }
        _ => end,
    }
}

/// English group words after which the name alone is the group's ("the so-called Loma gang" is
/// "Loma", as "400 Mawozo" is written without its "gang"); after the others of
/// [`ENGLISH_GROUP_WORDS`] the name alone is a surname or a place ("the Molina organization").
const CRIMINAL_ENGLISH_GROUP_WORDS: &[&str] =
    &["gang", "cartel", "ring", "syndicate", "clan", "mafia"];

/// Singular English group words a name may stand before ("the Molina organization").
const ENGLISH_GROUP_WORDS: &[&str] = &[
    "gang",
    "cartel",
    "ring",
    "syndicate",
    "clan",
    "mafia",
    "organization",
    "organisation",
    "network",
    "group",
];

/// Words of crime between an English name and its group word ("the Rendon-Reyes Trafficking
/// Organization", "the Molina smuggling ring").
const CRIME_MODIFIERS: &[&str] = &[
    "trafficking",
    "smuggling",
    "criminal",
    "crime",
    "drug",
    "drugs",
    "sex",
    "prostitution",
];

/// Nouns after a group word that make it describe something else ("the Harris County gang
/// unit", "the Denver gang task force").
fn group_word_as_modifier(key: &str) -> bool {
    matches!(
        key,
        "unit" | "units" | "task" | "squad" | "violence" | "prevention" | "database" | "crimes"
    )
}

/// Naming words right before an English name ("the so-called X", "what prosecutors call the X").
fn naming_word(key: &str) -> bool {
    matches!(
        key,
        "called" | "call" | "calls" | "dubbed" | "named" | "codenamed" | "nicknamed"
    )
}

/// "the so-called Molina organization", "what prosecutors call the Rendon-Reyes Trafficking
/// Organization": English puts a group's name before its group word. A naming phrase or a word
/// of crime must say the name is a criminal group's: "the Canoa network" may be a town's, "the
/// Grand Ravine gang" may be written "Grand Ravine" elsewhere. A capitalised group word is a
/// title, which names a criminal group only through a word of crime ("Caribbean Border
/// Interagency Group" is an agency). Returns the span reported: the whole title, the name
/// with a generic group word ("Molina organization"), or the name alone before a criminal one.
fn named_before_group_word(ctx: &Ctx, word: usize, word_end: usize) -> Option<(usize, usize)> {
    if ctx.lang != rastro_geo::Lang::En {
        return None;
    }
    let t = &ctx.doc.tokens;
    let key = t[word].key.as_ref();
    if !ENGLISH_GROUP_WORDS.contains(&key)
        || t.get(word_end)
            .is_some_and(|n| group_word_as_modifier(&n.key))
    {
        return None;
    }
    let sent_start = ctx.doc.sentences[ctx.sentence_of(word)].tok_start;
    let mut j = word;
    while j > sent_start + 1 && word - j < 2 && CRIME_MODIFIERS.contains(&t[j - 1].key.as_ref()) {
        j -= 1;
    }
    let modified = j < word;
    // Modifiers and group word are written alike: all lowercase, or all as a title.
    if (j..word).any(|k| t[k].cap != t[word].cap) || t[word].cap && !modified {
        return None;
    }
    let (a, b) = name_before(ctx, j)?;
    if a <= sent_start || b != j {
        return None;
    }
    let named = (a.saturating_sub(3).max(sent_start)..a).any(|k| naming_word(&t[k].key));
    let definite = t[a - 1].key == "the" && !t[a - 1].cap;
    let acronym = b - a == 1 && t[a].upper;
    // A naming phrase says it alone; a word of crime after "the" says it too.
    let qualified = named || definite && modified;
    if !qualified || acronym || rejected(ctx, a, b) {
        return None;
    }
    let name_alone = !modified && CRIMINAL_ENGLISH_GROUP_WORDS.contains(&key);
    Some((a, if name_alone { b } else { word_end }))
}

/// Whether a group word follows token `at`, past words of crime ("Molina organization",
/// "Molina smuggling ring"): a name read there is a group's.
pub(super) fn group_word_follows(ctx: &Ctx, at: usize) -> bool {
    let t = &ctx.doc.tokens;
    let Some(last) = at.checked_sub(1).filter(|&l| l < t.len()) else {
        return false;
    };
    let limit = sentence_limit(ctx, last);
    let mut j = at;
    while j < limit && j < at + 2 && CRIME_MODIFIERS.contains(&t[j].key.as_ref()) {
        j += 1;
    }
    j < limit
        && ctx
            .hits_in(ctx.sentence_of(last))
            .iter()
            .any(|h| h.cue == Cue::GroupNoun && h.start == j)
}

/// Whether the generic group word at `word` is capitalised inside its sentence: then it is part
/// of a company's or an agency's name ("HDLS Digital Kingdom Investment Group SRL and a
/// cooperative called Digicoop"), and does not make what is named next a criminal group.
fn titled_generic_group_word(ctx: &Ctx, word: usize) -> bool {
    let t = &ctx.doc.tokens[word];
    t.cap
        && GENERIC_GROUP_WORDS.contains(&t.key.as_ref())
        && word > ctx.doc.sentences[ctx.sentence_of(word)].tok_start
}

/// Legal forms of companies ("Inc.", "S.R.L.", "Ltda."), folded and without their dots.
fn company_form(key: &str) -> bool {
    matches!(
        key,
        "inc" | "ltd" | "llc" | "corp" | "plc" | "gmbh" | "srl" | "sac" | "sas" | "ltda" | "eirl"
    )
}

/// Whether the name at `[a, b)` is, or ends in, a company's legal form.
fn company_form_at(ctx: &Ctx, a: usize, b: usize) -> bool {
    ctx.doc.tokens[a..b]
        .iter()
        .rev()
        .find(|t| t.kind == TokKind::Word)
        .is_some_and(|t| company_form(&t.key))
}

/// Whether a company's legal form follows the name ending at `b`, after a comma ("Digicoop,
/// Inc.").
fn company_form_follows(ctx: &Ctx, b: usize, limit: usize) -> bool {
    let t = &ctx.doc.tokens;
    let at = if t.get(b).is_some_and(|x| x.key == ",") {
        b + 1
    } else {
        b
    };
    at < limit && t.get(at).is_some_and(|x| company_form(&x.key))
}

/// "la subestructura Francisco José Morelo del Clan del Golfo": a name that runs through
/// "de/del" into a known group is a part of that group, named up to the connector.
fn before_known_group(ctx: &Ctx, known: &[(usize, usize)], a: usize, b: usize) -> usize {
    let t = &ctx.doc.tokens;
    known
        .iter()
        .filter(|&&(k, _)| k > a + 1 && k < b)
        .find(|&&(k, _)| {
            matches!(t[k - 1].key.as_ref(), "de" | "del" | "da" | "do" | "of") && !t[k - 1].cap
        })
        .map_or(b, |&(k, _)| k - 1)
}

/// Words after a group word that make it say what a person is ("Juan Pérez, a gang leader").
fn person_in_group(key: &str) -> bool {
    matches!(
        key,
        "leader"
            | "leaders"
            | "member"
            | "members"
            | "boss"
            | "chief"
            | "lider"
            | "jefe"
            | "jefa"
            | "cabecilla"
            | "integrante"
            | "miembro"
            | "membro"
            | "chefe"
    )
}

/// "hombres del Frente Oliver Sinisterra, un grupo armado", "a "Casa Inglesa", organização
/// que…": a name before a comma and a group word in apposition. The group word must say the
/// group is criminal by itself ("banda", "cartel"), by an adjective after it ("grupo armado"),
/// or the name must be quoted, as for a name after the word.
fn apposed_to_group_word(
    ctx: &Ctx,
    word: usize,
    word_end: usize,
    limit: usize,
) -> Option<(usize, usize)> {
    let t = &ctx.doc.tokens;
    let mut comma = word.checked_sub(1)?;
    // Only an indefinite article: after "Según X, la banda estaba…" the group word opens a
    // clause of its own.
    let indefinite = match ctx.lang {
        rastro_geo::Lang::En => matches!(t[comma].key.as_ref(), "a" | "an"),
        _ => matches!(t[comma].key.as_ref(), "un" | "una" | "um" | "uma"),
    };
    if indefinite && !t[comma].cap {
        comma = comma.checked_sub(1)?;
    }
    if t[comma].key != "," {
        return None;
    }
    let quoted = comma > 0 && matches!(t[comma - 1].key.as_ref(), "\"" | "'");
    let name_end = if quoted { comma - 1 } else { comma };
    let (mut a, b) = name_before(ctx, name_end)?;
    // "Los Hijos de Dios, organización criminal": the run before the comma may be the end of a
    // name that a connector joins.
    while !quoted
        && a >= 2
        && CONNECTORS.contains(&t[a - 1].key.as_ref())
        && !t[a - 1].cap
        && t[a - 2].cap
    {
        match name_before(ctx, a - 1) {
            Some((start, _)) => a = start,
            None => break,
        }
    }
    let sent_start = ctx.doc.sentences[ctx.sentence_of(a)].tok_start;
    if a == sent_start || quoted && (a < 1 || t[a - 1].key != t[name_end].key) {
        return None;
    }
    let after = t.get(word_end).filter(|_| word_end < limit);
    let qualified = quoted
        || !GENERIC_GROUP_WORDS.contains(&t[word].key.as_ref())
        || after.is_some_and(|x| GROUP_ADJECTIVES.contains(&x.key.as_ref()));
    let acronym_only = b - a == 1 && t[a].upper && !quoted;
    let person = after.is_some_and(|x| person_in_group(&x.key));
    (qualified && !acronym_only && !person && !rejected(ctx, a, b)).then_some((a, b))
}

/// A name of a list: a capitalised run, or a number glued to one ("103 Zombies", "Barrio 18").
fn listed_name_at(ctx: &Ctx, i: usize, limit: usize) -> Option<(usize, usize)> {
    let t = ctx.doc.tokens.get(i)?;
    if t.kind == TokKind::Number && i + 1 < limit {
        let (_, b) = name_at(&ctx.doc, i + 1, limit)?;
        return Some((i, b));
    }
    name_at(&ctx.doc, i, limit)
}

/// Where the next name of a list starts after a name ending at `end` (", ", " y ", ", and ").
fn next_in_list(ctx: &Ctx, end: usize, limit: usize) -> Option<usize> {
    let sep = |j: usize| {
        j < limit
            && ctx
                .doc
                .tokens
                .get(j)
                .is_some_and(|t| matches!(t.key.as_ref(), "," | "y" | "e" | "and" | "or" | "o"))
    };
    if !sep(end) {
        return None;
    }
    let next = if sep(end + 1) { end + 2 } else { end + 1 };
    (next < limit).then_some(next)
}

/// Whether the name at `[a, b)` is written as a name: its first word capitalised (inside
/// quotes too), and not an operation's ("Operación Begonias").
fn written_as_name(ctx: &Ctx, a: usize, b: usize) -> bool {
    let Some(first) = ctx.doc.tokens[a..b]
        .iter()
        .find(|t| t.kind != TokKind::Punct)
    else {
        return false;
    };
    (first.cap || first.upper || first.kind == TokKind::Number)
        && !matches!(
            first.key.as_ref(),
            "operacion" | "operacao" | "operation" | "operativo"
        )
}

/// Words before a "Los …" that make it a place (a neighbourhood, a venue), not a gang; and before
/// "known as …", that make what is named a place, not an operation.
pub(super) const PLACE_NOUNS: &[&str] = &[
    "barrio",
    "bairro",
    "colonia",
    "sector",
    "municipio",
    "distrito",
    "district",
    "calle",
    "avenida",
    "street",
    "hotel",
    "bar",
    "restaurante",
    "discoteca",
    "club",
    "finca",
    "hacienda",
    "fazenda",
    "comunidad",
    "localidad",
    "vereda",
    "caserio",
    "aldea",
    "canton",
    "parroquia",
    "provincia",
    "estado",
    "departamento",
    "region",
    "playa",
    "cerro",
    "rio",
    "lago",
    "isla",
    "islas",
    "sitio",
    "rancho",
    "urbanizacion",
    "residencial",
    "reparto",
    "paraje",
    "zona",
];

/// A word of [`PLACE_NOUNS`], or its plural ("los distritos de Los Olivos y San Martín").
pub(super) fn place_noun(key: &str) -> bool {
    PLACE_NOUNS.contains(&key)
        || key.strip_suffix('s').is_some_and(|k| {
            PLACE_NOUNS.contains(&k)
                || k.strip_suffix('e')
                    .is_some_and(|k| PLACE_NOUNS.contains(&k))
        })
}

/// Groups known by a nickname that starts with an article, "Los del Puerto", "Los Lobos",
/// "Os Manos": a capitalised article in the middle of a sentence starts a name, and in a
/// sentence that speaks of a group, its members or its leaders the name is the group's.
fn nicknames(ctx: &mut Ctx, found: &mut Vec<(String, usize, usize)>, known: &[(usize, usize)]) {
    let tokens = &ctx.doc.tokens;
    let mut spans = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.upper || !matches!(t.key.as_ref(), "los" | "las" | "os") {
            continue;
        }
        // "simpatiza con los Chirizos, una de las bandas": after a lowercase article, one
        // capitalised plural word is a nickname too (a family, "los Pérez", is no plural).
        let lower_article = !t.cap;
        if lower_article
            && !tokens.get(i + 1).is_some_and(|n| {
                n.cap
                    && !n.upper
                    && n.kind == TokKind::Word
                    && n.key.len() > 3
                    && n.key.ends_with('s')
                    && !tokens.get(i + 2).is_some_and(|x| {
                        x.cap && x.kind == TokKind::Word || CONNECTORS.contains(&x.key.as_ref())
                    })
            })
        {
            continue;
        }
        // "Organización Internacional para las Migraciones": inside a longer name.
        if lower_article
            && i >= 2
            && (CONNECTORS.contains(&tokens[i - 1].key.as_ref())
                || matches!(
                    tokens[i - 1].key.as_ref(),
                    "para" | "por" | "for" | "contra" | "against" | "sobre" | "on"
                ))
            && tokens[i - 2].cap
        {
            continue;
        }
        let s = ctx.sentence_of(i);
        let sent = ctx.doc.sentences[s];
        if i == sent.tok_start || tokens[i - 1].kind == TokKind::Punct && tokens[i - 1].key != "," {
            continue;
        }
        // "en Heredia y en Los Chiles": after a preposition of place, a place.
        if place_noun(&tokens[i - 1].key)
            || matches!(tokens[i - 1].key.as_ref(), "en" | "em" | "in" | "at")
        {
            continue;
        }
        let group_talk = ctx.hits_in(s).iter().any(|h| {
            h.cue == Cue::GroupNoun
                || h.cue == Cue::NounPerson
                    && matches!(
                        tokens[h.start].key.as_ref(),
                        "integrantes"
                            | "miembros"
                            | "membros"
                            | "members"
                            | "cabecilla"
                            | "cabecillas"
                            | "lider"
                            | "lideres"
                            | "leader"
                            | "leaders"
                    )
        });
        if !group_talk {
            continue;
        }
        // "Los del Puerto": the article, "de/del", then the capitalised rest.
        let mut rest = i + 1;
        if matches!(
            tokens.get(rest).map(|x| x.key.as_ref()),
            Some("de" | "del" | "da" | "do")
        ) {
            rest += 1;
        }
        let Some((_, b)) = name_at(&ctx.doc, rest, sent.tok_end) else {
            continue;
        };
        if rest >= b || !tokens[rest].cap {
            continue;
        }
        if !rejected(ctx, i, b) && !rejected(ctx, rest, b) {
            spans.push((i, b));
        }
    }
    for (a, b) in spans {
        let (name, a2) = clean(ctx, a, b, false);
        push_unless_known(found, known, name, a2, b);
        ctx.name_spans.push((a, b));
    }
}
