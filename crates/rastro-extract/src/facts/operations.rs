//! Named police operations.
//!
//! A name is read after the word "Operación/Operação/Operation" ("Operação Tauéma", "la
//! operación Liberterra II"), after "dubbed/batizada de/denominada" in a sentence about an
//! operation, and in English before "operation" ("the Spartacus III operation"). News also
//! names operations without the word next to them, and the rules below follow the grammar of
//! those sentences rather than any particular name:
//! - enumerations after a plural "operaciones X, Y e Z", and before an apposition that says
//!   what they were ("Liberterra II e Itzel V, dos operaciones regionales");
//! - a name with an apposition ("Turquesa IV, la cuarta operación de la serie"), or in
//!   apposition itself ("outra investigação, a Nascostos, …");
//! - quoted names listed after a plural word for operations, investigations or cases
//!   ("investigations brought to court include "Race Café" (2013) and "Victoria"");
//! - a phase named by a naming phrase ("Na segunda fase, batizada de Cativeiro II"), while a
//!   phase's word and number alone ("Fase II") and a translation in parentheses ("Operación
//!   Frontera (Operation Border)") name no operation of their own;
//! - the editions of a series once one of them is named ("la operación Turquesa … Turquesa II,
//!   con más de 200 arrestos").

use super::names::{
    after_naming, clean, group_word_follows, is_roman, name_at, name_before, rejected,
    rejected_unless_place, sentence_limit, window_has, PLACE_NOUNS,
};
use super::Ctx;
use crate::text::TokKind;
use crate::words::lexicon::Cue;

/// Words near an operation name that say the "operation" is an organisation ("Operation
/// Underground Railroad", an NGO).
fn organisation_word(key: &str) -> bool {
    matches!(
        key,
        "organizations"
            | "organisations"
            | "organizaciones"
            | "organizacoes"
            | "ong"
            | "ongs"
            | "ngo"
            | "ngos"
            | "nonprofit"
            | "nonprofits"
            | "non"
            | "charity"
            | "charities"
            | "foundation"
            | "fundacion"
            | "fundacao"
    )
}

/// Whether a word of [`organisation_word`] stands within the sentence between `from` and `to`.
fn organisation_near(ctx: &Ctx, anchor: usize, from: usize, to: usize) -> bool {
    let sent = ctx.doc.sentences[ctx.sentence_of(anchor)];
    let (a, b) = (from.max(sent.tok_start), to.min(sent.tok_end));
    a < b
        && ctx.doc.tokens[a..b]
            .iter()
            .any(|t| organisation_word(&t.key))
}

/// How far after the operation word a word of [`organisation_word`] still describes its name.
const ORGANISATION_REACH: usize = 8;

/// How far after a naming phrase the action it names may stand: the name and an apposition's
/// article ("Batizada de Turquesa IV, a ação").
const NAMED_ACTION_REACH: usize = 7;

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
    "dispositivo",
    "despliegue",
    "deployment",
    "sweep",
    "blitz",
    "initiative",
    "iniciativa",
];

/// The plurals of [`ACTION_NOUNS`] that name several operations at once.
const PLURAL_ACTION_NOUNS: &[&str] = &[
    "operaciones",
    "operacoes",
    "operations",
    "operativos",
    "acciones",
    "acoes",
    "actions",
    "ofensivas",
    "offensives",
    "campanas",
    "campanhas",
    "campaigns",
    "raids",
    "redadas",
];

/// Words that may come right before a name given in apposition ("participaron en Turquesa IV,
/// la cuarta operación"), as opposed to a person's title ("el fiscal Juan Pérez, la operación").
const BEFORE_APPOSED: &[&str] = &[
    "en", "in", "em", "na", "no", "de", "of", "da", "do", "del", "y", "e", "and", "con", "with",
    "com", "la", "el", "a", "o", "the", ":", "-",
];

/// Most words between a comma and the operation word of an apposition ("la cuarta", "dos").
const APPOSITION_WORDS: usize = 3;

struct Found {
    name: String,
    /// `fold_key(name)`, kept: every new name is compared with all found before it.
    key: String,
    from: usize,
    to: usize,
    /// Named right after a singular "operación": an operation in its own right even when a
    /// longer name starts with it ("la operación Turquesa" and later "Turquesa II").
    explicit: bool,
}

#[derive(Default)]
struct Names(Vec<Found>);

/// Words that make a capitalised run the name of an institution or unit ("Homeland Security
/// Investigations operation", "el operativo Fiscalía General"), not of an operation.
fn institution_word(w: &str) -> bool {
    matches!(
        w,
        "department"
            | "departamento"
            | "policia"
            | "police"
            | "investigations"
            | "security"
            | "seguridad"
            | "seguranca"
            | "patrol"
            | "fiscalia"
            | "procuraduria"
            | "ministerio"
            | "ministry"
            | "office"
            | "bureau"
            | "agency"
            | "agencia"
            | "task"
            | "unit"
            | "unidad"
            | "unidade"
            | "prosecutor"
            | "sheriff"
            | "marshals"
            | "tribunal"
            | "court"
            | "guard"
            | "guardia"
            | "gendarmeria"
            | "prefeitura"
            | "alcaldia"
            | "secretaria"
            | "command"
            | "comando"
            | "division"
            | "directorate"
            | "direccion"
            | "diretoria"
            | "coordenacao"
            | "coordinacion"
            | "squad"
            | "brigade"
            | "brigada"
            | "headquarters"
            | "center"
            | "centre"
            | "navy"
            | "army"
            | "military"
            | "marina"
            | "armada"
            | "ejercito"
            | "exercito"
    )
}

/// Adjectives that describe any operation ("operação Policial Conjunta"): a name made only
/// of them names none.
fn operation_adjective(w: &str) -> bool {
    matches!(
        w,
        "policial"
            | "policiales"
            | "policiais"
            | "conjunta"
            | "conjunto"
            | "joint"
            | "especial"
            | "special"
            | "integrada"
            | "integrado"
            | "binacional"
            | "internacional"
            | "international"
            | "regional"
            | "simultanea"
            | "simultaneo"
            | "masiva"
            | "massive"
            | "coordinada"
            | "coordenada"
            | "coordinated"
            | "especiales"
            | "especiais"
            | "specials"
    )
}

/// Whether the name at `[from, to)` follows the operation word written as a title, capitalised
/// inside its sentence and right before the name: "in support of Operation Caribbean Guard".
fn titled_by_operation_word(ctx: &Ctx, from: usize) -> bool {
    from >= 1
        && ctx.doc.tokens[from - 1].cap
        && from - 1 > ctx.doc.sentences[ctx.sentence_of(from - 1)].tok_start
        && !plural(&ctx.doc.tokens[from - 1].key)
        && operation_word_at(ctx, from - 1)
}

/// Whether the name at `[from, to)` names an institution or only describes an operation. After
/// "Operation" written as a title, an institution's word that does not open the name is part
/// of it ("Operation Caribbean Guard", "Operation Safe Center"); one that opens it names who ran
/// the operation ("Operación Fiscalía General").
fn not_an_operation_name(ctx: &Ctx, from: usize, to: usize) -> bool {
    if phase_only(ctx, from, to) {
        return true;
    }
    let titled = titled_by_operation_word(ctx, from);
    let words = ctx.doc.tokens[from..to]
        .iter()
        .filter(|t| t.kind == TokKind::Word)
        .map(|t| t.key.as_ref());
    let mut descriptive_only = true;
    for (n, w) in words.enumerate() {
        if institution_word(w) && (n == 0 || !titled) {
            return true;
        }
        descriptive_only &= operation_adjective(w)
            || matches!(
                w,
                "de" | "del" | "da" | "do" | "of" | "the" | "y" | "e" | "and"
            );
    }
    descriptive_only
}

/// Whether the name is a run's word and its number only ("Operación Coliseo - Fase II", "Etapa
/// 3"): it says which phase of an operation, and names none.
fn phase_only(ctx: &Ctx, from: usize, to: usize) -> bool {
    let t = &ctx.doc.tokens[from..to];
    t.len() >= 2
        && EDITION_NOUNS.contains(&t[0].key.as_ref())
        && t[1..]
            .iter()
            .all(|x| x.kind == TokKind::Number || is_roman(&ctx.doc.text[x.start..x.end]))
}

/// An agency that leads the name is who ran the operation, not part of its name: "la
/// operación Interpol Liberterra II" is "Liberterra II".
fn skip_leading_agency(ctx: &Ctx, mut from: usize, to: usize) -> usize {
    while to - from > 1 {
        let t = &ctx.doc.tokens[from];
        let agency = matches!(t.key.as_ref(), "interpol" | "europol" | "ameripol")
            || t.upper && t.key.len() >= 2 && t.kind == TokKind::Word;
        let next = &ctx.doc.tokens[from + 1];
        // In a name written all in capitals every word is "an acronym".
        if !agency || next.kind != TokKind::Word || next.upper {
            break;
        }
        from += 1;
    }
    from
}

/// An agency named after the name says who ran the operation: "la Operación Turquesa I de
/// Interpol" is "Turquesa I".
fn drop_trailing_agency(ctx: &Ctx, from: usize, to: usize) -> usize {
    let t = &ctx.doc.tokens;
    if to < from + 3 {
        return to;
    }
    let (joiner, last) = (&t[to - 2], &t[to - 1]);
    let agency = matches!(last.key.as_ref(), "interpol" | "europol" | "ameripol")
        || last.upper && last.kind == TokKind::Word && last.key.len() >= 2;
    let joined = !joiner.cap && matches!(joiner.key.as_ref(), "de" | "del" | "da" | "do" | "of");
    if agency && joined {
        to - 2
    } else {
        to
    }
}

/// A word that describes the operation leads its name without being part of it: "Operação
/// Nacional Proteção Integral III" is "Proteção Integral III", as the article writes it later.
fn skip_leading_descriptors(ctx: &Ctx, mut from: usize, to: usize) -> usize {
    while to - from > 1 {
        let t = &ctx.doc.tokens[from];
        let describes =
            operation_adjective(&t.key) || matches!(t.key.as_ref(), "nacional" | "national");
        let next = &ctx.doc.tokens[from + 1];
        if !describes || next.kind != TokKind::Word || !next.cap {
            break;
        }
        from += 1;
    }
    from
}

impl Names {
    fn push(&mut self, ctx: &Ctx, from: usize, to: usize, explicit: bool) {
        if not_an_operation_name(ctx, from, to) {
            return;
        }
        let from = skip_leading_agency(ctx, from, to);
        let from = skip_leading_descriptors(ctx, from, to);
        let to = drop_trailing_agency(ctx, from, to);
        let to = place_after_contraction(ctx, from, to).unwrap_or(to);
        let (name, from) = clean(ctx, from, to, true);
        let key = rastro_text::fold_key(&name);
        if key.is_empty() {
            return;
        }
        if let Some(old) = self.0.iter_mut().find(|f| f.key == key) {
            old.explicit |= explicit;
            return;
        }
        self.0.push(Found {
            name,
            key,
            from,
            to,
            explicit,
        });
    }
}

/// Where a name read through "al"/"ao" runs on into a place: "la operación Turquesa al Perú" is
/// "Turquesa", going to Peru, while "Cese al Fuego" and "Volta ao Lar" are names.
fn place_after_contraction(ctx: &Ctx, from: usize, to: usize) -> Option<usize> {
    (from + 1..to).find(|&j| {
        matches!(ctx.doc.tokens[j].key.as_ref(), "al" | "ao")
            && ctx.mentions.iter().any(|m| m.tok_start == j + 1)
    })
}

fn plural(key: &str) -> bool {
    key.ends_with('s')
}

/// A single acronym ("PNC", "OIJ") names an agency, not an operation.
fn acronym_only(ctx: &Ctx, a: usize, b: usize) -> bool {
    b - a == 1 && ctx.doc.tokens[a].upper && ctx.doc.tokens[a].kind == TokKind::Word
}

/// The names of an enumeration starting at `i`: "X, Y e Z".
fn list_after(ctx: &Ctx, i: usize, limit: usize, out: &mut Vec<(usize, usize)>) {
    let mut at = i;
    while let Some((a, b)) = name_at(&ctx.doc, at, limit) {
        // Names of a list are joined by "y", which a single name may contain too ("Trinidad y
        // Tobago"); in an enumeration it separates.
        let mut from = a;
        for j in a..b {
            if matches!(ctx.doc.tokens[j].key.as_ref(), "y" | "e" | "and") {
                if from < j {
                    out.push((from, j));
                }
                from = j + 1;
            }
        }
        if from < b {
            out.push((from, b));
        }
        // A quoted name ends on its closing quote: "las operaciones "Jaguar" y "Halcón"".
        let b = if ctx
            .doc
            .tokens
            .get(b)
            .is_some_and(|t| matches!(t.key.as_ref(), "\"" | "'"))
            && a > 0
            && ctx.doc.tokens[a - 1].key == ctx.doc.tokens[b].key
        {
            b + 1
        } else {
            b
        };
        let sep = |j: usize| {
            ctx.doc
                .tokens
                .get(j)
                .is_some_and(|t| matches!(t.key.as_ref(), "," | "y" | "e" | "and"))
        };
        if !sep(b) || b + 1 >= limit {
            break;
        }
        at = if sep(b + 1) { b + 2 } else { b + 1 };
        if let Some(next) = past_place_aside(ctx, at, limit) {
            at = next;
        }
    }
}

/// Longest aside that says where one operation of a list ran, in tokens: "em Uberaba (MG)".
const PLACE_ASIDE: usize = 6;

/// "as operações Sinal de Fumaça, em Uberaba (MG), e Nicotina Falsa": where a list's item is
/// followed by where it ran, the list goes on after the aside's comma and "e/y/and". Returns
/// the token where the next name starts.
fn past_place_aside(ctx: &Ctx, at: usize, limit: usize) -> Option<usize> {
    let t = &ctx.doc.tokens;
    if !matches!(
        t.get(at)?.key.as_ref(),
        "em" | "en" | "in" | "no" | "na" | "nos" | "nas" | "at"
    ) {
        return None;
    }
    let comma = (at + 1..limit.min(at + 1 + PLACE_ASIDE)).find(|&j| t[j].key == ",")?;
    let and = comma + 1;
    (and + 1 < limit && matches!(t[and].key.as_ref(), "e" | "y" | "and")).then_some(and + 1)
}

/// How far after a plural operation word the colon or dash that opens its list may stand: a
/// short description of what the operations were comes between.
const LIST_OPENER_REACH: usize = 14;

/// "nas três operações anteriores contra a exploração sexual — Glasnost, Pureza 2 e Infância
/// Segura —", "As operações que compõem o balanço:" followed by one line for each: a plural
/// operation word that no name follows announces a list after a colon or a dash, in the same
/// sentence or, when the colon ends it, on the lines that follow, each opened by a bullet.
fn list_after_colon(ctx: &Ctx, word_end: usize, limit: usize, out: &mut Vec<(usize, usize)>) {
    let t = &ctx.doc.tokens;
    let Some(opener) = (word_end..limit.min(word_end + LIST_OPENER_REACH))
        .find(|&j| t[j].key == ":" || t[j].key == "-" && !t[j].glued)
    else {
        return;
    };
    if opener + 1 < limit {
        list_after(ctx, opener + 1, limit, out);
        return;
    }
    if t[opener].key != ":" {
        return;
    }
    let mut s = ctx.sentence_of(opener) + 1;
    while let Some(sent) = ctx.doc.sentences.get(s) {
        let bullet = t
            .get(sent.tok_start)
            .is_some_and(|b| matches!(b.key.as_ref(), "-" | "•" | "*"));
        let Some(span) = bullet
            .then(|| name_at(&ctx.doc, sent.tok_start + 1, sent.tok_end))
            .flatten()
        else {
            break;
        };
        out.push(span);
        s += 1;
    }
}

/// "Operação Luz na Infância": a Portuguese contraction of "em" and an article joins the words
/// of a name unless what follows is a place ("Operação Tauéma na Bahia", "no bairro X").
fn through_contraction(ctx: &Ctx, a: usize, b: usize, limit: usize) -> usize {
    let t = &ctx.doc.tokens;
    let joins = t
        .get(b)
        .is_some_and(|x| matches!(x.key.as_ref(), "na" | "no" | "nas" | "nos"));
    if !joins || b + 1 >= limit || b - a > 2 {
        return b;
    }
    let next = &t[b + 1];
    let place = PLACE_NOUNS.contains(&next.key.as_ref())
        || ctx.mentions.iter().any(|m| m.tok_start == b + 1);
    if !next.cap || next.kind != TokKind::Word || place {
        return b;
    }
    name_at(&ctx.doc, b + 1, limit).map_or(b, |(_, end)| end)
}

/// The names of an enumeration ending right before token `end`: "X e Y", "X, Y and Z".
fn list_before(ctx: &Ctx, end: usize, out: &mut Vec<(usize, usize)>) {
    let sent_start = ctx.doc.sentences[ctx.sentence_of(end.saturating_sub(1))].tok_start;
    let mut at = end;
    while let Some((a, b)) = name_before(ctx, at) {
        if a <= sent_start {
            // A capitalised run at the start of a sentence may be any words.
            break;
        }
        out.push((a, b));
        let prev = &ctx.doc.tokens[a - 1];
        if !matches!(prev.key.as_ref(), "," | "y" | "e" | "and") {
            break;
        }
        at = a - 1;
        if at > 0 && ctx.doc.tokens[at - 1].key == "," {
            at -= 1;
        }
    }
}

/// "Turquesa IV, la cuarta operación", "Liberterra II e Itzel V, dos operaciones": names
/// before a comma and an apposition that ends in the operation word at `op`.
fn apposed_before(ctx: &Ctx, op: usize, op_plural: bool, out: &mut Vec<(usize, usize)>) {
    let sent_start = ctx.doc.sentences[ctx.sentence_of(op)].tok_start;
    let mut j = op;
    while j > sent_start && op - j < APPOSITION_WORDS {
        let t = &ctx.doc.tokens[j - 1];
        if t.kind == TokKind::Punct || t.cap {
            break;
        }
        j -= 1;
    }
    // "na Chacal, operação contra…": the apposition may be the bare operation word.
    if j <= sent_start || ctx.doc.tokens[j - 1].key != "," {
        return;
    }
    let comma = j - 1;
    let mut names = Vec::new();
    if op_plural {
        list_before(ctx, comma, &mut names);
        names.reverse();
    } else if let Some((a, b)) = name_before(ctx, comma) {
        names.push((a, b));
    }
    for (a, b) in names {
        let before_ok = a > sent_start
            && BEFORE_APPOSED.contains(&ctx.doc.tokens[a - 1].key.as_ref())
            && !ctx.doc.tokens[a - 1].cap;
        if before_ok && !acronym_only(ctx, a, b) && !tail_of_longer_name(ctx, a, sent_start) {
            out.push((a, b));
        }
    }
}

/// Whether the capitalised run starting at `a` ends a longer name that a lowercase connector
/// joins ("Fiscalía Especializada en Delitos de Trata y Tráfico de Personas, el primer
/// operativo"): the run is then the tail of an agency's or a law's name, not an operation's.
fn tail_of_longer_name(ctx: &Ctx, a: usize, sent_start: usize) -> bool {
    let t = &ctx.doc.tokens;
    a >= sent_start + 2
        && matches!(
            t[a - 1].key.as_ref(),
            "de" | "del" | "da" | "do" | "dos" | "das" | "of" | "en" | "em"
        )
        && !t[a - 1].cap
        && t[a - 2].kind == TokKind::Word
        && t[a - 2].cap
        && a - 2 > sent_start
}

/// "outra investigação, a Nascostos, que…": a name in apposition after the operation word.
fn apposed_after(ctx: &Ctx, word_end: usize, limit: usize) -> Option<(usize, usize)> {
    let t = &ctx.doc.tokens;
    if t.get(word_end)?.key != "," {
        return None;
    }
    let article = t.get(word_end + 1)?;
    if article.cap
        || !matches!(
            article.key.as_ref(),
            "la" | "el" | "a" | "o" | "the" | "os" | "as" | "los" | "las"
        )
    {
        return None;
    }
    let (a, b) = name_at(&ctx.doc, word_end + 2, limit)?;
    let closes = t
        .get(b)
        .is_some_and(|x| matches!(x.key.as_ref(), "," | "." | ")" | ";" | ":"));
    (closes && !acronym_only(ctx, a, b)).then_some((a, b))
}

/// "Special Operations Command", "Emergency Operations Center", "Comando de Operaciones
/// Tácticas": a plural operation word inside a capitalised run is part of a unit's name.
fn in_unit_name(ctx: &Ctx, op: usize) -> bool {
    let t = &ctx.doc.tokens;
    let sent_start = ctx.doc.sentences[ctx.sentence_of(op)].tok_start;
    let capital = |j: usize| t[j].kind == TokKind::Word && t[j].cap && j > sent_start;
    t[op].cap
        && plural(&t[op].key)
        && op > sent_start
        && (capital(op - 1)
            || op >= 2 && matches!(t[op - 1].key.as_ref(), "de" | "of" | "da") && capital(op - 2))
}

/// Whether the words after an operation word (at `end`) are a headline in capitals, where
/// capitals do not mark a name: every word capitalised in an English headline ("Police
/// Operation Frees 40 Women From Brothel"), or all in capitals in any language ("OPERACIÓN EN
/// CUSCO: RESCATAN A 12 MUJERES"). A quoted name is still one.
fn headline_case_name(ctx: &Ctx, end: usize) -> bool {
    const MIN_WORDS: usize = 3;
    let t = &ctx.doc.tokens;
    if end == 0
        || t.get(end)
            .is_some_and(|x| matches!(x.key.as_ref(), "\"" | "'"))
    {
        return false;
    }
    // Headlines are the first line; in running text a sentence full of names is no headline.
    let s = ctx.sentence_of(end - 1);
    if s != 0 {
        return false;
    }
    let sent = ctx.doc.sentences[s];
    let long: Vec<&crate::text::Token> = t[sent.tok_start..sent.tok_end]
        .iter()
        .filter(|x| x.kind == TokKind::Word && x.key.len() >= 4)
        .collect();
    if long.len() < MIN_WORDS {
        return false;
    }
    let lower = long.iter().filter(|x| !x.cap && !x.upper).count();
    // Headline style capitalises every word of four letters or more ("From", "With").
    long.iter().all(|x| x.upper)
        || ctx.lang == rastro_geo::Lang::En && lower == 0 && long.len() > MIN_WORDS
}

/// Nouns for one run of a series: "la tercera edición de la operación Liberterra", "a quarta
/// edição da Operação Resgate", "the second phase of Operation X".
const EDITION_NOUNS: &[&str] = &[
    "edicion", "edicao", "edition", "fase", "phase", "etapa", "stage", "version", "versao",
];

/// Whether the operation word at `op` names a series through one of its runs ("la tercera
/// edición de la operación Liberterra"): the series' name is then not an operation of its own
/// beside the numbered edition ("Liberterra III").
fn series_named(ctx: &Ctx, op: usize) -> bool {
    let t = &ctx.doc.tokens;
    let key = |j: usize| t.get(j).map_or("", |x| x.key.as_ref());
    let mut j = op;
    if j > 0 && matches!(key(j - 1), "la" | "el" | "a" | "o" | "the") {
        j -= 1;
    }
    j >= 2
        && matches!(key(j - 1), "de" | "da" | "do" | "del" | "of")
        && EDITION_NOUNS.contains(&key(j - 2))
}

/// "A FOM'ALE II, como foi batizada a ação", "Halcón, as the operation was dubbed": the name
/// before a comma and the naming phrase that follows it.
fn named_before_naming(ctx: &Ctx, naming: usize) -> Option<(usize, usize)> {
    const BETWEEN: &[&str] = &[
        "como", "as", "foi", "fue", "fuera", "fora", "se", "it", "was", "is", "e", "es",
    ];
    let t = &ctx.doc.tokens;
    let mut j = naming;
    // English puts the action between: ", as the operation was dubbed".
    while j > 0
        && naming - j < 5
        && (BETWEEN.contains(&t[j - 1].key.as_ref())
            || ACTION_NOUNS.contains(&t[j - 1].key.as_ref())
            || matches!(t[j - 1].key.as_ref(), "the" | "la" | "el" | "a" | "o"))
    {
        j -= 1;
    }
    if j == naming || j == 0 || t[j - 1].key != "," || !matches!(t[j].key.as_ref(), "como" | "as") {
        return None;
    }
    name_before(ctx, j - 1).filter(|&(a, b)| !acronym_only(ctx, a, b) && !operation_word_at(ctx, a))
}

/// Whether an operation word starts at token `i`.
fn operation_word_at(ctx: &Ctx, i: usize) -> bool {
    ctx.hits_in(ctx.sentence_of(i))
        .iter()
        .any(|h| h.start == i && h.cue == Cue::OperationWord)
}

/// Participles that say an operation was launched.
fn launch_participle(key: &str) -> bool {
    ["deflagrad", "desencadead", "lanzad", "desplegad"]
        .iter()
        .any(|stem| key.starts_with(stem))
        || key == "launched"
}

/// "Rapax se soma a Tauéma, deflagrada em julho", "joined Halcón, launched in May": in an
/// article that names operations, a name apposed to the participle of launching one names
/// another. The name must follow a preposition or an article, not open a sentence.
fn launched(ctx: &Ctx, names: &mut Names) {
    let t = &ctx.doc.tokens;
    for p in 1..t.len() {
        if t[p - 1].key != "," || t[p].kind != TokKind::Word || !launch_participle(&t[p].key) {
            continue;
        }
        let Some((a, b)) = name_before(ctx, p - 1) else {
            continue;
        };
        // "na Operação Espelho, desencadeada…": the name after the word was read with it.
        if operation_word_at(ctx, a) {
            continue;
        }
        let sent_start = ctx.doc.sentences[ctx.sentence_of(a)].tok_start;
        let before_ok =
            a > sent_start && BEFORE_APPOSED.contains(&t[a - 1].key.as_ref()) && !t[a - 1].cap;
        if before_ok && !acronym_only(ctx, a, b) && !rejected(ctx, a, b) {
            names.push(ctx, a, b, false);
        }
    }
}

/// Editions of a named series anywhere in the text: once "Turquesa" or "Turquesa V" is an
/// operation, "Turquesa II" is one too.
fn editions(ctx: &Ctx, names: &mut Names) {
    let stems: Vec<Vec<String>> = names
        .0
        .iter()
        .filter_map(|f| {
            let mut keys: Vec<String> = crate::text::tokenize(&f.name)
                .into_iter()
                .map(|t| t.key.into_owned())
                .collect();
            let last = f.name.split_whitespace().last()?;
            if keys.len() > 1 && (is_roman(last) || last.chars().all(|c| c.is_ascii_digit())) {
                keys.pop();
            }
            (!keys.is_empty()).then_some(keys)
        })
        .collect();
    if stems.is_empty() {
        return;
    }
    // Editions end in a number or a roman numeral, which few tokens are: look back from those.
    let tokens = &ctx.doc.tokens;
    for (e, edition) in tokens.iter().enumerate() {
        let numbered = edition.kind == TokKind::Number
            || edition.upper && is_roman(&ctx.doc.text[edition.start..edition.end]);
        if !numbered {
            continue;
        }
        for stem in &stems {
            let n = stem.len();
            let Some(i) = e.checked_sub(n) else { continue };
            if tokens[i].cap
                && (0..n).all(|k| tokens[i + k].key == stem[k])
                && ctx.sentence_of(i) == ctx.sentence_of(e)
            {
                names.push(ctx, i, e + 1, false);
            }
        }
    }
}

/// Lowercase words that join the words of one name: "Aliados por la Infancia V", "Luz na
/// Infância". "y/e/and" are left out: between names they separate an enumeration.
fn name_connector(key: &str) -> bool {
    matches!(
        key,
        "de" | "del"
            | "da"
            | "do"
            | "das"
            | "dos"
            | "la"
            | "las"
            | "el"
            | "los"
            | "por"
            | "na"
            | "no"
            | "en"
            | "em"
            | "of"
            | "the"
            | "for"
            | "para"
    )
}

/// Editions of a series named without the word "operation" ("La acción formó parte de Aliados
/// por la Infancia V", "A primeira, a Oneesca IV, foi deflagrada"): in an article that already
/// names an operation, a run of capitalised words closed by a roman numeral is numbered the way
/// operations are. A lone "I" is left out (it is the English pronoun).
fn numbered_series(ctx: &Ctx, names: &mut Names) {
    let t = &ctx.doc.tokens;
    for e in 1..t.len() {
        // A numeral is capitalised; most words are not, and are passed over on that alone.
        if !t[e].cap || t[e].kind != TokKind::Word {
            continue;
        }
        let raw = &ctx.doc.text[t[e].start..t[e].end];
        if raw == "I" || !is_roman(raw) {
            continue;
        }
        // Most numbered names were read already, after the word "operation".
        if names.0.iter().any(|f| f.to == e + 1) {
            continue;
        }
        let sent_start = ctx.doc.sentences[ctx.sentence_of(e)].tok_start;
        let capital = |j: usize| t[j].kind == TokKind::Word && (t[j].cap || t[j].upper);
        let mut a = e;
        let connector = |j: usize| {
            name_connector(&t[j].key) && !t[j].cap
                || matches!(t[j].key.as_ref(), "-" | "'") && t[j].glued
        };
        while a > sent_start {
            if capital(a - 1) {
                a -= 1;
                continue;
            }
            // Up to two joining words ("por la") or a glued joiner ("FOM'ALE"), then a capital.
            let mut j = a;
            while j > sent_start + 1 && a - j < 2 && connector(j - 1) {
                j -= 1;
            }
            if j < a && capital(j - 1) {
                a = j - 1;
            } else {
                break;
            }
        }
        // A sentence's first word is capitalised for that alone: "Batizada de Turquesa IV".
        if a == sent_start {
            if a + 1 < e
                && (name_connector(&t[a].key) || BEFORE_APPOSED.contains(&t[a].key.as_ref()))
            {
                a += 1;
            }
            let glued_joiner = |j: usize| matches!(t[j].key.as_ref(), "-" | "'") && t[j].glued;
            while a < e && !(capital(a) && (a + 1..e).all(|j| capital(j) || glued_joiner(j))) {
                a += 1;
            }
        }
        if e - a < 1 || (a..=e).any(|j| operation_word_at(ctx, j)) || rejected(ctx, a, e + 1) {
            continue;
        }
        names.push(ctx, a, e + 1, false);
    }
}

fn quote_at(ctx: &Ctx, i: usize) -> bool {
    ctx.doc
        .tokens
        .get(i)
        .is_some_and(|t| matches!(t.key.as_ref(), "\"" | "'"))
}

/// Whether a case word ("caso", "case") stands right before the naming words at `naming`,
/// alone or with a comma: "the case known as", "el caso, denominado".
fn case_named(ctx: &Ctx, naming: usize) -> bool {
    let at = if naming > 0 && ctx.doc.tokens[naming - 1].key == "," {
        naming - 1
    } else {
        naming
    };
    ctx.hits_in(ctx.sentence_of(naming))
        .iter()
        .any(|c| c.cue == Cue::CaseWord && c.end == at)
}

/// Longest quoted name read backwards from its closing quote, in tokens.
const QUOTED_NAME: usize = 8;

/// "the "Venus" and "Freedom" cases": quoted names ending right before token `end`, joined as
/// an enumeration. Quotes mark the names given to the cases; a case called by its party or its
/// place ("the Brasil Verde case") is written without them.
fn quoted_before(ctx: &Ctx, end: usize, out: &mut Vec<(usize, usize)>) {
    let t = &ctx.doc.tokens;
    let sent_start = ctx.doc.sentences[ctx.sentence_of(end.saturating_sub(1))].tok_start;
    let mut at = end;
    while at > sent_start + 1 && quote_at(ctx, at - 1) {
        let close = at - 1;
        let lowest = close.saturating_sub(QUOTED_NAME).max(sent_start);
        let Some(open) = (lowest..close).rev().find(|&j| t[j].key == t[close].key) else {
            break;
        };
        if open + 1 < close {
            out.push((open + 1, close));
        }
        if open <= sent_start || !matches!(t[open - 1].key.as_ref(), "," | "and" | "or") {
            break;
        }
        at = open - 1;
        if at > sent_start && t[at - 1].key == "," {
            at -= 1;
        }
    }
}

/// A case named by the police or prosecutors: a quoted name right after "caso/case" ("el caso
/// "Tres Belle"", "os casos "Venus" e "Freedom""), or before it in English.
fn case_names(ctx: &Ctx, start: usize, end: usize, names: &mut Names) {
    let limit = sentence_limit(ctx, start);
    let mut spans = Vec::new();
    if quote_at(ctx, end) {
        if plural(&ctx.doc.tokens[start].key) {
            list_after(ctx, end, limit, &mut spans);
        } else if let Some(span) = name_at(&ctx.doc, end, limit) {
            spans.push(span);
        }
    }
    if ctx.lang == rastro_geo::Lang::En {
        let from = spans.len();
        quoted_before(ctx, start, &mut spans);
        // Read backwards; reported in the text's order.
        spans[from..].reverse();
    }
    for (a, b) in spans {
        if !rejected_unless_place(ctx, a, b, true) {
            names.push(ctx, a, b, false);
        }
    }
}

pub(crate) fn operations(ctx: &mut Ctx) -> Vec<String> {
    let mut names = Names::default();
    let mut spans = Vec::new();
    for h in &ctx.hits {
        match h.cue {
            Cue::OperationWord => {
                if in_unit_name(ctx, h.start) || headline_case_name(ctx, h.end) {
                    continue;
                }
                let limit = sentence_limit(ctx, h.start);
                // "Operation Underground Railroad, a nonprofit": said of the name either side.
                if organisation_near(
                    ctx,
                    h.start,
                    h.start.saturating_sub(6),
                    h.end + ORGANISATION_REACH,
                ) {
                    continue;
                }
                let op_plural = plural(&ctx.doc.tokens[h.start].key);
                if op_plural && !ctx.doc.tokens[h.start].cap {
                    quoted_list_of(ctx, h.start, h.end, &mut names);
                }
                if op_plural {
                    // "as operações Libertação e Palácios"
                    spans.clear();
                    list_after(ctx, h.end, limit, &mut spans);
                    if spans.is_empty() {
                        list_after_colon(ctx, h.end, limit, &mut spans);
                    }
                    for &(a, b) in &spans {
                        if !rejected_unless_place(ctx, a, b, true) {
                            names.push(ctx, a, b, false);
                        }
                    }
                } else if let Some((a, b)) = name_at(&ctx.doc, h.end, limit) {
                    let b = through_contraction(ctx, a, b, limit);
                    if !rejected_unless_place(ctx, a, b, true) {
                        names.push(ctx, a, b, !series_named(ctx, h.start));
                    }
                }
                // English puts the name first: "the Spartacus III operation".
                if ctx.lang == rastro_geo::Lang::En && !ctx.doc.tokens[h.start].cap {
                    if let Some((a, b)) = name_before(ctx, h.start) {
                        // One capitalised word that opens its sentence is capitalised for
                        // that alone: "Naval operation targets smugglers".
                        let opens_sentence =
                            b == a + 1 && a == ctx.doc.sentences[ctx.sentence_of(a)].tok_start;
                        if !opens_sentence && !rejected(ctx, a, b) {
                            names.push(ctx, a, b, false);
                        }
                    }
                }
                if !ctx.doc.tokens[h.start].cap {
                    spans.clear();
                    apposed_before(ctx, h.start, op_plural, &mut spans);
                    for &(a, b) in &spans {
                        if !rejected(ctx, a, b) {
                            names.push(ctx, a, b, false);
                        }
                    }
                    if !op_plural {
                        if let Some((a, b)) = apposed_after(ctx, h.end, limit) {
                            if !rejected(ctx, a, b) {
                                names.push(ctx, a, b, false);
                            }
                        }
                    }
                }
            }
            Cue::CaseWord if !ctx.doc.tokens[h.start].cap => {
                case_names(ctx, h.start, h.end, &mut names);
                quoted_list_of(ctx, h.start, h.end, &mut names);
            }
            Cue::InquiryWord if !ctx.doc.tokens[h.start].cap => {
                if plural(&ctx.doc.tokens[h.start].key) {
                    quoted_list_of(ctx, h.start, h.end, &mut names);
                    continue;
                }
                let limit = sentence_limit(ctx, h.start);
                // "la investigación Tres Belle": the code name right after the word, as after
                // "operación".
                if let Some((a, b)) = name_at(&ctx.doc, h.end, limit) {
                    if !acronym_only(ctx, a, b) && !rejected_unless_place(ctx, a, b, true) {
                        names.push(ctx, a, b, false);
                    }
                }
                if let Some((a, b)) = apposed_after(ctx, h.end, limit) {
                    if !rejected(ctx, a, b) {
                        names.push(ctx, a, b, false);
                    }
                }
            }
            Cue::Naming => {
                // "las redadas en tres bares de la zona conocida como X": what is named is the
                // noun right before the naming words, here a place.
                if h.start > 0 && PLACE_NOUNS.contains(&ctx.doc.tokens[h.start - 1].key.as_ref()) {
                    continue;
                }
                let limit = sentence_limit(ctx, h.start);
                let start = after_naming(ctx, h.end);
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
                // The action is what is named ("an operation dubbed X", "Batizada de X, a
                // ação"); an action further on is something the named did ("known as 'Doña
                // X', who is suspected of running the operation").
                let by_case = case_named(ctx, h.start);
                // "Na segunda fase, batizada de Cativeiro II": a run of an operation is one.
                let phase_named = window_has(
                    ctx,
                    h.start,
                    h.start.saturating_sub(3),
                    h.start,
                    EDITION_NOUNS,
                );
                let near_action = by_case
                    || phase_named
                    || window_has(
                        ctx,
                        h.start,
                        h.start.saturating_sub(8),
                        h.end + NAMED_ACTION_REACH,
                        ACTION_NOUNS,
                    )
                    || window_has(
                        ctx,
                        h.start,
                        h.start.saturating_sub(8),
                        h.start,
                        PLURAL_ACTION_NOUNS,
                    );
                if near_group || !near_action {
                    continue;
                }
                // "The operations, named Blue Lightning and Safe Harbor": plural actions are
                // named by a list.
                let plural_action = ctx.doc.tokens[h.start.saturating_sub(8)..h.start]
                    .iter()
                    .any(|t| PLURAL_ACTION_NOUNS.contains(&t.key.as_ref()));
                if plural_action && name_at(&ctx.doc, start, limit).is_some() {
                    spans.clear();
                    list_after(ctx, start, limit, &mut spans);
                    for &(a, b) in &spans {
                        if !rejected(ctx, a, b) {
                            names.push(ctx, a, b, false);
                        }
                    }
                } else if let Some((a, b)) = name_at(&ctx.doc, start, limit) {
                    // "the raid on the so-called Molina organization": what is named is the
                    // group that the raid was on.
                    let closed = if quote_at(ctx, start) { b + 1 } else { b };
                    if group_word_follows(ctx, closed) {
                        continue;
                    }
                    // A quoted name is the one given ("denominada "Úbeda""), even a town's.
                    if !rejected_unless_place(ctx, a, b, quote_at(ctx, start)) {
                        names.push(ctx, a, b, false);
                    }
                } else if let Some((a, b)) = named_before_naming(ctx, h.start) {
                    if !rejected(ctx, a, b) {
                        names.push(ctx, a, b, false);
                    }
                }
            }
            _ => {}
        }
    }
    if !names.0.is_empty() {
        launched(ctx, &mut names);
        numbered_series(ctx, &mut names);
    }
    editions(ctx, &mut names);
    let found = drop_translations(ctx, drop_prefixes(names.0));
    for f in &found {
        ctx.evidence("operations", f.name.clone(), f.from, f.to);
    }
    found.into_iter().map(|f| f.name).collect()
}

/// How far after a plural word for operations, investigations or cases a list of quoted names
/// may start: the verb and the words that say who brought them come between.
const QUOTED_LIST_REACH: usize = 12;

/// Longest aside after one quoted name of a list, in tokens: "(2013)", "(em 2019)".
const LIST_ASIDE: usize = 4;

/// "Earlier investigations brought to court include "Race Café" (2013), "Victoria" (2014) and
/// "Bandera Grill"": the sentence of a plural word for operations, investigations or cases goes
/// on to list quoted names, two or more, each capitalised. Quotes joined as a list are the
/// code names given; a quotation of what someone said is neither short nor listed.
fn quoted_list_of(ctx: &Ctx, word: usize, word_end: usize, names: &mut Names) {
    if !plural(&ctx.doc.tokens[word].key) {
        return;
    }
    let limit = sentence_limit(ctx, word);
    let t = &ctx.doc.tokens;
    let Some(first) =
        (word_end..limit.min(word_end + QUOTED_LIST_REACH)).find(|&j| quote_at(ctx, j))
    else {
        return;
    };
    let mut spans = Vec::new();
    let mut at = first;
    while at < limit && quote_at(ctx, at) {
        let Some(close) =
            (at + 1..limit.min(at + 2 + QUOTED_NAME)).find(|&j| t[j].key == t[at].key)
        else {
            break;
        };
        if close == at + 1 || !(t[at + 1].cap || t[at + 1].upper) {
            break;
        }
        spans.push((at + 1, close));
        let mut next = close + 1;
        // "(2013)": when or where it ran.
        if t.get(next).is_some_and(|x| x.key == "(") {
            match (next + 1..limit.min(next + 2 + LIST_ASIDE)).find(|&j| t[j].key == ")") {
                Some(shut) => next = shut + 1,
                None => break,
            }
        }
        let sep = |j: usize| {
            j < limit && matches!(t[j].key.as_ref(), "," | "y" | "e" | "and" | "or" | "o")
        };
        if !sep(next) {
            break;
        }
        at = if sep(next + 1) { next + 2 } else { next + 1 };
    }
    if spans.len() < 2 {
        return;
    }
    for (a, b) in spans {
        if !rejected_unless_place(ctx, a, b, true) {
            names.push(ctx, a, b, false);
        }
    }
}

/// Drops a name given in parentheses right after another, which translates it: "Operación
/// Frontera (Operation Border)", "Operation Dawn (Operación Amanecer)". The article names one
/// operation, in the words it reports it by first.
fn drop_translations(ctx: &Ctx, list: Vec<Found>) -> Vec<Found> {
    let t = &ctx.doc.tokens;
    let opens_at = |j: usize| t.get(j).is_some_and(|x| x.key == "(");
    let translated: Vec<bool> = list
        .iter()
        .map(|f| {
            // The parenthesis opens before the name, or before its operation word.
            let mut open = f.from.checked_sub(1);
            if let Some(o) = open.filter(|&o| operation_word_at(ctx, o)) {
                open = o.checked_sub(1);
            }
            let Some(open) = open.filter(|&o| opens_at(o)) else {
                return false;
            };
            list.iter().any(|other| {
                other.from < f.from
                    && (other.to == open || other.to + 1 == open && quote_at(ctx, other.to))
            })
        })
        .collect();
    list.into_iter()
        .zip(translated)
        .filter_map(|(f, dropped)| (!dropped).then_some(f))
        .collect()
}

/// Drops a name that is the start of a longer one, "Turquesa" (the series) when "Turquesa V"
/// (this edition) is also named, unless it was itself named as an operation.
fn drop_prefixes(list: Vec<Found>) -> Vec<Found> {
    let keep: Vec<bool> = list
        .iter()
        .enumerate()
        .map(|(i, f)| {
            f.explicit
                || !list.iter().enumerate().any(|(j, other)| {
                    let k = &other.key;
                    j != i
                        && k.len() > f.key.len()
                        && k.starts_with(f.key.as_str())
                        && k.as_bytes()[f.key.len()] == b' '
                })
        })
        .collect();
    list.into_iter()
        .zip(keep)
        .filter_map(|(f, keep)| keep.then_some(f))
        .collect()
}
