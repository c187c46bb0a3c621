//! From the TOML text to a checked catalogue, collecting every error on the way.

use std::collections::{BTreeMap, HashMap, HashSet};

use rastro_model::CountryCode;
use toml::Spanned;

use super::error::{enclosing_table, line_of, CatalogueError, CatalogueErrors};
use super::raw::{Item, ListRef, RawCatalogue, RawFilter, RawRule, RawTypology};
use super::{Direction, Filter, Inner, KeyField, Measure, Rule, SubjectKind, Typology};
use crate::money::Currency;
use crate::time::SECONDS_PER_DAY;
use crate::txn::Channel;

/// At most this many distinct filters: each is one bit of an event's mask.
const MAX_FILTERS: usize = 64;
/// At most this many word lists: each is one bit of a text's word mask.
const MAX_WORD_LISTS: usize = 32;
/// The cash reporting threshold when the catalogue gives none (in its money).
const FALLBACK_THRESHOLD: f64 = 10_000.0;

struct Errors<'a> {
    text: &'a str,
    list: Vec<CatalogueError>,
}

impl Errors<'_> {
    fn at(&mut self, offset: usize, rule: Option<&str>, field: Option<&str>, message: String) {
        self.list.push(CatalogueError {
            line: line_of(self.text, offset),
            rule: rule.map(str::to_string),
            field: field.map(str::to_string),
            message,
        });
    }
}

pub(super) fn empty() -> Inner {
    Inner {
        version: "empty".into(),
        title: String::new(),
        description: String::new(),
        money: Currency::USD,
        rates: HashMap::new(),
        default_threshold: FALLBACK_THRESHOLD,
        thresholds: HashMap::new(),
        word_lists: Vec::new(),
        filters: Vec::new(),
        rules: Vec::new(),
        typologies: Vec::new(),
        rules_by_kind: [Vec::new(), Vec::new()],
        typologies_by_kind: [Vec::new(), Vec::new()],
        filter_mask: [0, 0],
        source: String::new(),
    }
}

pub(super) fn compile(text: &str) -> Result<Inner, CatalogueErrors> {
    let raw: RawCatalogue = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(text, s.start));
        CatalogueErrors(vec![CatalogueError {
            line,
            rule: enclosing_table(text, line),
            field: None,
            message: e.message().trim().to_string(),
        }])
    })?;
    let mut errors = Errors {
        text,
        list: Vec::new(),
    };
    let mut inner = empty();
    inner.source = text.to_string();
    inner.title = raw.title.clone();
    inner.description = raw.description.clone();

    inner.version = raw.version.get_ref().trim().to_string();
    if inner.version.is_empty() {
        errors.at(
            raw.version.span().start,
            None,
            Some("version"),
            "the version is empty".into(),
        );
    }

    if let Some(money) = &raw.money {
        match Currency::parse(money.get_ref()) {
            Some(c) => inner.money = c,
            None => errors.at(
                money.span().start,
                None,
                Some("money"),
                format!("{:?} is not an ISO 4217 currency code", money.get_ref()),
            ),
        }
    }
    for (code, rate) in &raw.rates {
        match Currency::parse(code) {
            Some(c) if *rate.get_ref() > 0.0 && rate.get_ref().is_finite() => {
                inner.rates.insert(c, *rate.get_ref());
            }
            Some(_) => errors.at(
                rate.span().start,
                None,
                Some(&format!("rates.{code}")),
                "a rate must be a positive number".into(),
            ),
            None => errors.at(
                rate.span().start,
                None,
                Some(&format!("rates.{code}")),
                format!("{code:?} is not an ISO 4217 currency code"),
            ),
        }
    }
    inner.rates.entry(inner.money).or_insert(1.0);

    for (key, value) in &raw.cash_thresholds {
        let field = format!("cash_thresholds.{key}");
        if !(*value.get_ref() > 0.0 && value.get_ref().is_finite()) {
            errors.at(
                value.span().start,
                None,
                Some(&field),
                "a threshold must be a positive number".into(),
            );
            continue;
        }
        if key == "default" {
            inner.default_threshold = *value.get_ref();
            continue;
        }
        match country_code(key) {
            Some(c) => {
                inner.thresholds.insert(c, *value.get_ref());
            }
            None => errors.at(
                value.span().start,
                None,
                Some(&field),
                format!("{key:?} is not an ISO 3166 alpha-2 country code (or `default`)"),
            ),
        }
    }

    let lists = compile_lists(&raw.lists, &mut errors, &mut inner);

    let mut rule_index: HashMap<String, (usize, usize)> = HashMap::new();
    // Rules written but refused: typologies that weigh them are left out without a second error.
    let mut refused: HashSet<String> = HashSet::new();
    for raw_rule in &raw.rules {
        let name = raw_rule.name.get_ref().trim().to_string();
        let offset = raw_rule.name.span().start;
        if !valid_name(&name) {
            errors.at(
                offset,
                Some(&format!("rule {name}")),
                Some("name"),
                "a rule's name is lower-case letters, digits and `_`".into(),
            );
        }
        if let Some((_, first)) = rule_index.get(&name) {
            let first_line = line_of(text, *first);
            errors.at(
                offset,
                Some(&format!("rule {name}")),
                Some("name"),
                format!("a rule of this name is already defined on line {first_line}"),
            );
            continue;
        }
        match compile_rule(raw_rule, &name, &lists, &mut errors, &mut inner) {
            Some(rule) => {
                rule_index.insert(name, (inner.rules.len(), offset));
                inner.rules.push(rule);
            }
            None => {
                refused.insert(name);
            }
        }
    }

    let mut typology_lines: HashMap<String, usize> = HashMap::new();
    for raw_typology in &raw.typologies {
        let name = raw_typology.name.get_ref().trim().to_string();
        let offset = raw_typology.name.span().start;
        if !valid_name(&name) {
            errors.at(
                offset,
                Some(&format!("typology {name}")),
                Some("name"),
                "a typology's name is lower-case letters, digits and `_`".into(),
            );
        }
        if let Some(first) = typology_lines.get(&name) {
            let first_line = line_of(text, *first);
            errors.at(
                offset,
                Some(&format!("typology {name}")),
                Some("name"),
                format!("a typology of this name is already defined on line {first_line}"),
            );
            continue;
        }
        typology_lines.insert(name.clone(), offset);
        if let Some(t) = compile_typology(
            raw_typology,
            &name,
            &rule_index,
            &refused,
            &mut errors,
            &inner,
        ) {
            inner.typologies.push(t);
        }
    }
    if raw.typologies.is_empty() && !raw.rules.is_empty() {
        errors.at(
            raw.version.span().start,
            None,
            Some("typology"),
            "no [[typology]]: rules raise alerts only through a typology".into(),
        );
    }

    if inner.filters.len() > MAX_FILTERS {
        errors.at(
            0,
            None,
            None,
            format!(
                "the rules use {} different filters; at most {MAX_FILTERS} are supported",
                inner.filters.len()
            ),
        );
    }

    for (i, rule) in inner.rules.iter().enumerate() {
        let k = rule.subject as usize;
        inner.rules_by_kind[k].push(i);
        inner.filter_mask[k] |= rule.mask | rule.over_mask;
    }
    for (i, t) in inner.typologies.iter().enumerate() {
        inner.typologies_by_kind[t.subject as usize].push(i);
    }

    if errors.list.is_empty() {
        Ok(inner)
    } else {
        errors.list.sort_by_key(|e| e.line);
        Err(CatalogueErrors(errors.list))
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// An alpha-2 code only: a catalogue is a technical file, and a name ("Congo") can be ambiguous.
fn country_code(text: &str) -> Option<CountryCode> {
    let text = text.trim();
    if text.len() != 2 {
        return None;
    }
    text.parse::<CountryCode>().ok()
}

/// The named lists: the raw items by name (for MCC and country lists), and each list also as
/// folded phrases (for word lists).
fn compile_lists(
    raw: &BTreeMap<String, Spanned<Vec<Item>>>,
    errors: &mut Errors,
    inner: &mut Inner,
) -> HashMap<String, (Vec<Item>, usize)> {
    let mut lists = HashMap::new();
    for (name, items) in raw {
        let offset = items.span().start;
        if items.get_ref().is_empty() {
            errors.at(
                offset,
                None,
                Some(&format!("lists.{name}")),
                "the list is empty".into(),
            );
        }
        let phrases: Vec<String> = items
            .get_ref()
            .iter()
            .map(|i| rastro_text::fold_key(&i.text()))
            .filter(|p| !p.is_empty())
            .map(|p| format!(" {p} "))
            .collect();
        lists.insert(name.clone(), (items.get_ref().clone(), offset));
        inner.word_lists.push((name.clone(), phrases));
    }
    lists
}

/// A window such as `30d`, `12h`, `90m` or `2w`, in seconds.
pub(crate) fn parse_window(text: &str) -> Option<i64> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let number: i64 = text[..text.len() - unit.len_utf8()].trim().parse().ok()?;
    let seconds = match unit {
        'm' => 60,
        'h' => 3600,
        'd' => SECONDS_PER_DAY,
        'w' => 7 * SECONDS_PER_DAY,
        _ => return None,
    };
    (number > 0 && number <= 3660).then_some(number * seconds)
}

fn compile_rule(
    raw: &RawRule,
    name: &str,
    lists: &HashMap<String, (Vec<Item>, usize)>,
    errors: &mut Errors,
    inner: &mut Inner,
) -> Option<Rule> {
    let label = format!("rule {name}");
    let before = errors.list.len();
    let subject = match raw
        .subject
        .as_ref()
        .map(|s| (s.get_ref().as_str(), s.span().start))
    {
        None | Some(("account", _)) => SubjectKind::Account,
        Some(("party", _)) => SubjectKind::Party,
        Some((other, offset)) => {
            errors.at(
                offset,
                Some(&label),
                Some("subject"),
                format!("{other:?} is not a subject: account or party"),
            );
            SubjectKind::Account
        }
    };
    let measure = match raw.measure.get_ref().as_str() {
        "count" => Some(Measure::Count),
        "sum" => Some(Measure::Sum),
        "distinct" => Some(Measure::Distinct),
        "ratio" => Some(Measure::Ratio),
        "since" => Some(Measure::Since),
        other => {
            errors.at(
                raw.measure.span().start,
                Some(&label),
                Some("measure"),
                format!("{other:?} is not a measure: count, sum, distinct, ratio or since"),
            );
            None
        }
    };
    let of = match (&raw.of, measure) {
        (Some(of), Some(Measure::Distinct)) => {
            let field = KeyField::parse(of.get_ref());
            if field.is_none() {
                errors.at(
                    of.span().start,
                    Some(&label),
                    Some("of"),
                    format!(
                        "{:?} is not a field to count: city, branch, place, country, contact, counterparty or counterparty_name",
                        of.get_ref()
                    ),
                );
            }
            field
        }
        (None, Some(Measure::Distinct)) => {
            errors.at(
                raw.measure.span().start,
                Some(&label),
                Some("of"),
                "a distinct count needs `of`".into(),
            );
            None
        }
        (Some(of), Some(_)) => {
            errors.at(
                of.span().start,
                Some(&label),
                Some("of"),
                "`of` is only for a distinct count".into(),
            );
            None
        }
        _ => None,
    };
    let window = match (&raw.window, measure) {
        (Some(w), Some(Measure::Since)) => {
            errors.at(
                w.span().start,
                Some(&label),
                Some("window"),
                "`since` looks back to the subject's first transaction and takes no window".into(),
            );
            0
        }
        (Some(w), _) => parse_window(w.get_ref()).unwrap_or_else(|| {
            errors.at(
                w.span().start,
                Some(&label),
                Some("window"),
                format!(
                    "{:?} is not a window: a number and m, h, d or w (30d, 12h), up to 3660",
                    w.get_ref()
                ),
            );
            0
        }),
        (None, Some(Measure::Since)) | (None, None) => 0,
        (None, Some(_)) => {
            errors.at(
                raw.measure.span().start,
                Some(&label),
                Some("window"),
                "the rule needs a window (30d, 12h…)".into(),
            );
            0
        }
    };

    let mut mask = 0u64;
    match (&raw.filter, &raw.where_any) {
        (Some(_), Some(any)) => errors.at(
            any.span().start,
            Some(&label),
            Some("where_any"),
            "give `where` or `where_any`, not both".into(),
        ),
        (Some(filter), None) => {
            if let Some(f) = compile_filter(
                filter.get_ref(),
                filter.span().start,
                &label,
                "where",
                lists,
                errors,
                inner,
            ) {
                mask |= filter_bit(inner, f);
            }
        }
        (None, Some(any)) => {
            if any.get_ref().is_empty() {
                errors.at(
                    any.span().start,
                    Some(&label),
                    Some("where_any"),
                    "`where_any` is empty".into(),
                );
            }
            for f in any.get_ref() {
                if let Some(f) = compile_filter(
                    f,
                    any.span().start,
                    &label,
                    "where_any",
                    lists,
                    errors,
                    inner,
                ) {
                    mask |= filter_bit(inner, f);
                }
            }
        }
        (None, None) => {
            let f = compile_filter(
                &RawFilter::default(),
                raw.name.span().start,
                &label,
                "where",
                lists,
                errors,
                inner,
            );
            if let Some(f) = f {
                mask |= filter_bit(inner, f);
            }
        }
    }
    let mut over_mask = 0u64;
    match (&raw.over, measure) {
        (Some(over), Some(Measure::Ratio)) => {
            if let Some(f) = compile_filter(
                over.get_ref(),
                over.span().start,
                &label,
                "over",
                lists,
                errors,
                inner,
            ) {
                over_mask |= filter_bit(inner, f);
            }
        }
        (None, Some(Measure::Ratio)) => errors.at(
            raw.measure.span().start,
            Some(&label),
            Some("over"),
            "a ratio needs `over`: the filter of its denominator".into(),
        ),
        (Some(over), Some(_)) => errors.at(
            over.span().start,
            Some(&label),
            Some("over"),
            "`over` is only for a ratio".into(),
        ),
        _ => {}
    }

    let min_count = match &raw.min_count {
        Some(m) if *m.get_ref() < 0 || *m.get_ref() > 1_000_000 => {
            errors.at(
                m.span().start,
                Some(&label),
                Some("min_count"),
                "min_count is a count from 0".into(),
            );
            0
        }
        Some(m) => *m.get_ref() as u32,
        None => 0,
    };

    let below = match raw
        .compare
        .as_ref()
        .map(|c| (c.get_ref().as_str(), c.span().start))
    {
        None | Some(("above", _)) => false,
        Some(("below", _)) => true,
        Some((other, offset)) => {
            errors.at(
                offset,
                Some(&label),
                Some("compare"),
                format!("{other:?} is not a comparison: above or below"),
            );
            false
        }
    };
    let bands = raw.bands.get_ref();
    let values = [bands.low, bands.medium, bands.high];
    if values
        .iter()
        .any(|v| !v.is_finite() || *v < 0.0 || (!below && *v == 0.0))
    {
        errors.at(
            raw.bands.span().start,
            Some(&label),
            Some("bands"),
            "bands must be positive numbers (0 is allowed only with compare = \"below\")".into(),
        );
    } else if !below && (bands.low > bands.medium || bands.medium > bands.high) {
        errors.at(
            raw.bands.span().start,
            Some(&label),
            Some("bands"),
            format!(
                "bands must rise: low {} ≤ medium {} ≤ high {}",
                bands.low, bands.medium, bands.high
            ),
        );
    } else if below && (bands.low < bands.medium || bands.medium < bands.high) {
        errors.at(
            raw.bands.span().start,
            Some(&label),
            Some("bands"),
            format!(
                "with compare = \"below\" bands must fall: low {} ≥ medium {} ≥ high {}",
                bands.low, bands.medium, bands.high
            ),
        );
    }

    if below && min_count == 0 {
        errors.at(
            raw.bands.span().start,
            Some(&label),
            Some("min_count"),
            "compare = \"below\" needs min_count ≥ 1, or a subject with nothing counted would fire"
                .into(),
        );
    }

    let reason = raw.reason.get_ref().trim().to_string();
    if reason.is_empty() {
        errors.at(
            raw.reason.span().start,
            Some(&label),
            Some("reason"),
            "the reason is empty".into(),
        );
    }
    if let Some(unknown) = unknown_placeholder(&reason) {
        errors.at(
            raw.reason.span().start,
            Some(&label),
            Some("reason"),
            format!("unknown placeholder {{{unknown}}}: use {{value}}, {{window}}, {{band}} or {{count}}"),
        );
    }

    if errors.list.len() > before {
        return None;
    }
    Some(Rule {
        name: name.to_string(),
        title: if raw.title.trim().is_empty() {
            name.to_string()
        } else {
            raw.title.trim().to_string()
        },
        subject,
        measure: measure?,
        of,
        window,
        mask,
        over_mask,
        min_count,
        below,
        bands: values,
        reason,
    })
}

fn unknown_placeholder(reason: &str) -> Option<String> {
    let mut rest = reason;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let end = after.find('}')?;
        let name = &after[..end];
        if !matches!(name, "value" | "window" | "band" | "count") {
            return Some(name.to_string());
        }
        rest = &after[end + 1..];
    }
    None
}

/// The bit of a filter, adding it to the catalogue's filters when no equal one is there.
fn filter_bit(inner: &mut Inner, filter: Filter) -> u64 {
    let index = match inner.filters.iter().position(|f| *f == filter) {
        Some(i) => i,
        None => {
            inner.filters.push(filter);
            inner.filters.len() - 1
        }
    };
    if index < 64 {
        1u64 << index
    } else {
        0
    }
}

#[allow(clippy::too_many_arguments)]
fn compile_filter(
    raw: &RawFilter,
    offset: usize,
    label: &str,
    field: &str,
    lists: &HashMap<String, (Vec<Item>, usize)>,
    errors: &mut Errors,
    inner: &Inner,
) -> Option<Filter> {
    let before = errors.list.len();
    let mut error = |what: &str, message: String| {
        errors.at(
            offset,
            Some(label),
            Some(&format!("{field}.{what}")),
            message,
        );
    };
    let direction = match raw.direction.as_deref() {
        None | Some("any") => Direction::Any,
        Some("in") => Direction::In,
        Some("out") => Direction::Out,
        Some(other) => {
            error(
                "direction",
                format!("{other:?} is not a direction: in, out or any"),
            );
            Direction::Any
        }
    };
    let mut channels = 0u16;
    for name in raw.channel.iter().flatten() {
        match Channel::ALL.iter().find(|c| c.as_str() == name.trim()) {
            Some(c) => channels |= c.bit(),
            None => {
                let known: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
                error(
                    "channel",
                    format!("unknown channel {name:?}; one of {}", known.join(", ")),
                );
            }
        }
    }
    if raw.channel.as_ref().is_some_and(Vec::is_empty) {
        error("channel", "the channel list is empty".into());
    }
    let mut mcc = Vec::new();
    if let Some(list) = &raw.mcc {
        match resolve(list, lists) {
            Ok(items) => {
                for item in items {
                    match mcc_range(&item.text()) {
                        Some(r) => mcc.push(r),
                        None => error(
                            "mcc",
                            format!(
                                "{:?} is not a merchant category code or range (5411, 3000-3299)",
                                item.text()
                            ),
                        ),
                    }
                }
            }
            Err(name) => error("mcc", format!("no list named {name:?} in [lists]")),
        }
        mcc.sort_unstable();
    }
    let list_names = inner.list_names();
    let mut word_list = |what: &str, name: &Option<String>| -> Option<usize> {
        let name = name.as_ref()?;
        if !list_names.contains(name.as_str()) {
            error(what, format!("no list named {name:?} in [lists]"));
            return None;
        }
        let index = inner.word_lists.iter().position(|(n, _)| n == name)?;
        if index >= MAX_WORD_LISTS {
            error(
                what,
                format!("word lists are limited to the first {MAX_WORD_LISTS} of [lists]"),
            );
            return None;
        }
        Some(index)
    };
    let subject_words = word_list("subject_words", &raw.subject_words);
    let subject_not_words = word_list("subject_not_words", &raw.subject_not_words);
    let counterparty_words = word_list("counterparty_words", &raw.counterparty_words);
    let description_words = word_list("description_words", &raw.description_words);
    let hours = raw.hours.as_ref().and_then(|h| {
        let parsed = parse_hours(h);
        if parsed.is_none() {
            error("hours", format!("{h:?} is not an hour range such as \"22-5\" (local hours, from inclusive to exclusive)"));
        }
        parsed
    });
    for (what, value) in [
        ("min_amount", raw.min_amount),
        ("max_amount", raw.max_amount),
    ] {
        if value.is_some_and(|v| !v.is_finite() || v < 0.0) {
            error(what, "an amount bound is a number from 0".into());
        }
    }
    if let (Some(lo), Some(hi)) = (raw.min_amount, raw.max_amount) {
        if lo > hi {
            error(
                "min_amount",
                format!("min_amount {lo} is above max_amount {hi}"),
            );
        }
    }
    let threshold_share = raw
        .threshold_share
        .as_ref()
        .and_then(|v| match v.as_slice() {
            [lo, hi] if *lo >= 0.0 && lo < hi && hi.is_finite() => Some((*lo, *hi)),
            _ => {
                error(
                    "threshold_share",
                    "give [from, to): 0 ≤ from < to, shares of the cash reporting threshold".into(),
                );
                None
            }
        });
    let mut countries = Vec::new();
    if let Some(list) = &raw.countries {
        match resolve(list, lists) {
            Ok(items) => {
                for item in items {
                    match country_code(&item.text()) {
                        Some(c) => countries.push(c),
                        None => error(
                            "countries",
                            format!("{:?} is not an ISO 3166 alpha-2 country code", item.text()),
                        ),
                    }
                }
            }
            Err(name) => error("countries", format!("no list named {name:?} in [lists]")),
        }
        countries.sort_unstable();
        countries.dedup();
    }
    if errors.list.len() > before {
        return None;
    }
    Some(Filter {
        direction,
        channels,
        mcc,
        subject_words,
        subject_not_words,
        counterparty_words,
        description_words,
        hours,
        min_amount: raw.min_amount,
        max_amount: raw.max_amount,
        threshold_share,
        foreign: raw.foreign,
        countries,
        known_contact: raw.known_contact,
    })
}

fn resolve(
    list: &ListRef,
    lists: &HashMap<String, (Vec<Item>, usize)>,
) -> Result<Vec<Item>, String> {
    match list {
        ListRef::Items(items) => Ok(items.clone()),
        ListRef::Name(name) => lists
            .get(name)
            .map(|(items, _)| items.clone())
            .ok_or_else(|| name.clone()),
    }
}

fn mcc_range(text: &str) -> Option<(u16, u16)> {
    let code = |t: &str| -> Option<u16> {
        let t = t.trim();
        (!t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    match text.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (code(a)?, code(b)?);
            (a <= b).then_some((a, b))
        }
        None => code(text).map(|c| (c, c)),
    }
}

fn parse_hours(text: &str) -> Option<(u8, u8)> {
    let (a, b) = text.split_once('-')?;
    let a: u8 = a.trim().parse().ok()?;
    let b: u8 = b.trim().parse().ok()?;
    (a <= 24 && b <= 24 && a != b).then_some((a % 24, b % 24))
}

fn compile_typology(
    raw: &RawTypology,
    name: &str,
    rules: &HashMap<String, (usize, usize)>,
    refused: &HashSet<String>,
    errors: &mut Errors,
    inner: &Inner,
) -> Option<Typology> {
    let label = format!("typology {name}");
    let before = errors.list.len();
    let offset = raw.weights.span().start;
    let mut weights = Vec::new();
    // A rule refused for its own errors was reported there; it only keeps this typology out.
    let mut weighs_refused = false;
    for (rule, weight) in raw.weights.get_ref() {
        if refused.contains(rule) {
            weighs_refused = true;
            continue;
        }
        match rules.get(rule) {
            Some((index, _)) if weight.is_finite() && *weight != 0.0 => {
                weights.push((*index, *weight))
            }
            Some(_) => errors.at(
                offset,
                Some(&label),
                Some(&format!("weights.{rule}")),
                "a weight is a non-zero number".into(),
            ),
            None => errors.at(
                offset,
                Some(&label),
                Some(&format!("weights.{rule}")),
                format!("no rule named {rule:?}"),
            ),
        }
    }
    if raw.weights.get_ref().is_empty() {
        errors.at(
            offset,
            Some(&label),
            Some("weights"),
            "a typology weighs at least one rule".into(),
        );
    } else if !raw.weights.get_ref().values().any(|w| *w > 0.0) {
        errors.at(
            offset,
            Some(&label),
            Some("weights"),
            "at least one weight must be positive".into(),
        );
    }
    let mut require = Vec::new();
    if let Some(required) = &raw.require {
        for rule in required.get_ref().iter().filter(|r| !refused.contains(*r)) {
            match rules.get(rule) {
                Some((index, _)) if weights.iter().any(|(i, _)| i == index) => require.push(*index),
                Some(_) => errors.at(
                    required.span().start,
                    Some(&label),
                    Some("require"),
                    format!("{rule:?} is required but not weighed: add it to weights"),
                ),
                None => errors.at(
                    required.span().start,
                    Some(&label),
                    Some("require"),
                    format!("no rule named {rule:?}"),
                ),
            }
        }
    }
    let threshold = *raw.threshold.get_ref();
    if !(threshold.is_finite() && threshold > 0.0) {
        errors.at(
            raw.threshold.span().start,
            Some(&label),
            Some("threshold"),
            "the threshold is a positive number".into(),
        );
    }
    let kinds: Vec<SubjectKind> = weights
        .iter()
        .map(|(i, _)| inner.rules[*i].subject)
        .collect();
    let subject = kinds.first().copied().unwrap_or(SubjectKind::Account);
    if kinds.iter().any(|k| *k != subject) {
        errors.at(
            offset,
            Some(&label),
            Some("weights"),
            "a typology weighs rules of one subject: all per account or all per party".into(),
        );
    }
    let cooldown = match &raw.cooldown {
        Some(c) => parse_window(c.get_ref()).unwrap_or_else(|| {
            errors.at(
                c.span().start,
                Some(&label),
                Some("cooldown"),
                format!("{:?} is not a duration (30d, 12h…)", c.get_ref()),
            );
            0
        }),
        None => weights
            .iter()
            .map(|(i, _)| inner.rules[*i].window)
            .max()
            .unwrap_or(0)
            .max(SECONDS_PER_DAY),
    };
    if errors.list.len() > before || weighs_refused {
        return None;
    }
    Some(Typology {
        name: name.to_string(),
        title: if raw.title.trim().is_empty() {
            name.to_string()
        } else {
            raw.title.trim().to_string()
        },
        indicators: raw.indicators.clone(),
        subject,
        weights,
        require,
        threshold,
        cooldown,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_and_hours() {
        assert_eq!(parse_window("30d"), Some(30 * 86_400));
        assert_eq!(parse_window("12h"), Some(12 * 3600));
        assert_eq!(parse_window("2w"), Some(14 * 86_400));
        assert_eq!(parse_window("0d"), None);
        assert_eq!(parse_window("30"), None);
        assert_eq!(parse_window("d"), None);
        assert_eq!(parse_hours("22-5"), Some((22, 5)));
        // The whole day: from and to are the same hour once 24 is midnight.
        assert_eq!(parse_hours("0-24"), Some((0, 0)));
        assert_eq!(parse_hours("5-5"), None);
        assert_eq!(mcc_range("3000-3299"), Some((3000, 3299)));
        assert_eq!(mcc_range("65400"), None);
        assert_eq!(unknown_placeholder("{value} in {window}"), None);
        assert_eq!(unknown_placeholder("{valeu}"), Some("valeu".into()));
    }
}
