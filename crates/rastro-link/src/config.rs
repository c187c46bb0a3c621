//! The linkage configuration (TOML): which column identifies a record, which fields are compared
//! and how, which blocking rules pick the candidate pairs, and the match threshold.
//!
//! Levels and blocking keys are short strings (`"jaro_winkler>=0.92"`, `"phonetic(surname) &
//! year(date_of_birth)"`) because a reviewer edits these files by hand; they are parsed while the
//! TOML is read, so a mistake is reported with its line and key.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::Deserialize;

use crate::date::DateOrder;
use crate::error::LinkError;

/// Comparisons beyond this do not fit the packed comparison vector (4 bits each in a `u64`).
pub const MAX_COMPARISONS: usize = 16;
/// Levels per comparison, the "else" level included; the 16th code marks a missing value.
pub const MAX_LEVELS: usize = 15;

const DEFAULT_PERSON: &str = include_str!("default_person.toml");

/// A whole linkage configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkConfig {
    /// The column holding each record's id.
    pub id: String,
    /// Pairs with a match probability at or above this are reported and clustered.
    #[serde(default = "default_threshold")]
    pub threshold: f64,
    /// Candidate pairs are those that agree on all keys of at least one rule.
    #[serde(default)]
    pub blocking: Vec<BlockingRule>,
    /// Blocks with more records than this are skipped (a value shared by thousands of records,
    /// such as an empty-looking placeholder, says little and costs quadratically).
    #[serde(default = "default_max_block_size")]
    pub max_block_size: usize,
    /// A rule that would produce more pairs than this is refused.
    #[serde(default = "default_max_pairs")]
    pub max_pairs: u64,
    #[serde(default)]
    pub training: Training,
    #[serde(rename = "comparison")]
    pub comparisons: Vec<ComparisonConfig>,
}

/// How m and u are estimated.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Training {
    /// Random record pairs drawn to estimate u (the chance that non-matches agree).
    #[serde(default = "default_u_sample")]
    pub u_sample_pairs: usize,
    /// Estimate u by random sampling (`"sampling"`, the default) or let EM estimate it too
    /// (`"em"`): EM sees only candidate pairs, whose non-matches agree more than random pairs do,
    /// so its u is biased upwards and its weights too cautious.
    #[serde(default)]
    pub u_method: UMethod,
    #[serde(default = "default_iterations")]
    pub max_iterations: usize,
    /// EM stops when no parameter moves by more than this.
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    /// Seed of the random sampling, so that runs are repeatable.
    #[serde(default = "default_seed")]
    pub seed: u64,
}

impl Default for Training {
    fn default() -> Self {
        Training {
            u_sample_pairs: default_u_sample(),
            u_method: UMethod::default(),
            max_iterations: default_iterations(),
            tolerance: default_tolerance(),
            seed: default_seed(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UMethod {
    #[default]
    Sampling,
    Em,
}

/// What kind of value a comparison looks at; it decides which levels make sense.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// Free text compared after folding case, accents and punctuation.
    #[default]
    Text,
    /// A person's name: text plus name-variant and phonetic levels.
    Name,
    /// A date: levels for one differing part, swapped day and month, distance in days.
    Date,
    /// A CLK (keyed Bloom filter, hexadecimal) compared by Dice similarity.
    Clk,
}

/// One compared field and its agreement levels, best first.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparisonConfig {
    pub name: String,
    pub column: String,
    #[serde(default)]
    pub kind: FieldKind,
    pub levels: Vec<Level>,
    /// Weigh an exact agreement by how rare the value is (rare surname > "García").
    #[serde(default)]
    pub term_frequency: bool,
    /// For dates with separators that do not start with the year.
    #[serde(default)]
    pub date_order: DateOrder,
}

/// An agreement level. The first level a pair satisfies is its level; a pair that satisfies none
/// falls in the implicit "else" level.
#[derive(Debug, Clone, PartialEq)]
pub enum Level {
    Exact,
    JaroWinkler(f64),
    Levenshtein(u32),
    /// Both values fall in one name-variant group (José / Jose / Joseph / Pepe).
    Variant,
    /// Same phonetic key (Spanish/Portuguese rules).
    Phonetic,
    /// Every word of the shorter value is in the longer (a missing second surname).
    Subset,
    /// One value is the other's initial, or they share their first letter and one is one letter.
    Initial,
    /// The value equals the other record's value in this column (given and surname swapped).
    SwappedWith(String),
    /// Dates: exactly one of year, month, day differs.
    OnePartDiffers,
    /// Dates: day and month exchanged, year equal.
    SwappedDayMonth,
    /// Dates: at most this many days apart.
    WithinDays(u32),
    /// CLKs: Dice similarity at least this.
    Dice(f64),
}

impl Level {
    pub fn parse(text: &str) -> Result<Level, String> {
        let text = text.trim();
        let (name, op, arg) = split_op(text);
        let number = |arg: Option<&str>| -> Result<f64, String> {
            let arg =
                arg.ok_or_else(|| format!("level `{name}` needs a value, e.g. `{name}{op}0.9`"))?;
            arg.trim()
                .parse::<f64>()
                .map_err(|_| format!("level `{text}`: `{arg}` is not a number"))
        };
        let expect = |wanted: &str| -> Result<(), String> {
            if op == wanted {
                Ok(())
            } else {
                Err(format!("level `{text}`: write it as `{name}{wanted}…`"))
            }
        };
        let level = match name {
            "exact" | "variant" | "phonetic" | "initial" | "subset" | "one_part_differs"
            | "swapped_day_month"
                if arg.is_some() =>
            {
                return Err(format!("level `{name}` takes no value"))
            }
            "exact" => Level::Exact,
            "variant" => Level::Variant,
            "phonetic" => Level::Phonetic,
            "initial" => Level::Initial,
            "subset" => Level::Subset,
            "one_part_differs" => Level::OnePartDiffers,
            "swapped_day_month" => Level::SwappedDayMonth,
            "jaro_winkler" => {
                expect(">=")?;
                let t = number(arg)?;
                if !(0.0..=1.0).contains(&t) {
                    return Err(format!("level `{text}`: the threshold must be between 0 and 1"));
                }
                Level::JaroWinkler(t)
            }
            "dice" => {
                expect(">=")?;
                let t = number(arg)?;
                if !(0.0..=1.0).contains(&t) {
                    return Err(format!("level `{text}`: the threshold must be between 0 and 1"));
                }
                Level::Dice(t)
            }
            "levenshtein" | "within_days" => {
                expect("<=")?;
                let n = number(arg)?;
                if n < 0.0 || n.fract() != 0.0 || n > 100_000.0 {
                    return Err(format!("level `{text}`: needs a whole number"));
                }
                if name == "levenshtein" {
                    Level::Levenshtein(n as u32)
                } else {
                    Level::WithinDays(n as u32)
                }
            }
            "swapped_with" => {
                expect("=")?;
                let column = arg.map(str::trim).unwrap_or_default();
                if column.is_empty() {
                    return Err("level `swapped_with=COLUMN` needs the other column".into());
                }
                Level::SwappedWith(column.to_string())
            }
            _ => {
                return Err(format!(
                    "unknown level `{text}`; known: exact, jaro_winkler>=T, levenshtein<=N, variant, phonetic, initial, subset, swapped_with=COLUMN, one_part_differs, swapped_day_month, within_days<=N, dice>=T"
                ))
            }
        };
        Ok(level)
    }

    fn fits(&self, kind: FieldKind) -> bool {
        match self {
            Level::Exact => true,
            Level::Levenshtein(_) => kind != FieldKind::Clk,
            Level::SwappedWith(_) => kind != FieldKind::Date,
            Level::JaroWinkler(_) | Level::Initial | Level::Subset => {
                matches!(kind, FieldKind::Text | FieldKind::Name)
            }
            Level::Variant | Level::Phonetic => kind == FieldKind::Name,
            Level::OnePartDiffers | Level::SwappedDayMonth | Level::WithinDays(_) => {
                kind == FieldKind::Date
            }
            Level::Dice(_) => kind == FieldKind::Clk,
        }
    }
}

fn split_op(text: &str) -> (&str, &'static str, Option<&str>) {
    for op in [">=", "<=", "="] {
        if let Some((name, arg)) = text.split_once(op) {
            return (name.trim(), op, Some(arg));
        }
    }
    (text, "", None)
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Level::Exact => write!(f, "exact"),
            Level::JaroWinkler(t) => write!(f, "jaro_winkler>={t}"),
            Level::Levenshtein(n) => write!(f, "levenshtein<={n}"),
            Level::Variant => write!(f, "variant"),
            Level::Phonetic => write!(f, "phonetic"),
            Level::Initial => write!(f, "initial"),
            Level::Subset => write!(f, "subset"),
            Level::SwappedWith(c) => write!(f, "swapped_with={c}"),
            Level::OnePartDiffers => write!(f, "one_part_differs"),
            Level::SwappedDayMonth => write!(f, "swapped_day_month"),
            Level::WithinDays(n) => write!(f, "within_days<={n}"),
            Level::Dice(t) => write!(f, "dice>={t}"),
        }
    }
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Level::parse(&text).map_err(de::Error::custom)
    }
}

/// A key a blocking rule groups records by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyExpr {
    Column(String),
    /// The first `n` characters of the folded value.
    Prefix(String, usize),
    /// The phonetic key of the value's first word.
    Phonetic(String),
    /// The year of a date.
    Year(String),
    /// The day and month of a date (a year typed wrong leaves them).
    DayMonth(String),
    /// The month of a date; with the year, it survives a day typed wrong.
    Month(String),
    /// The day of a date; with the year, it survives a month typed wrong.
    Day(String),
    /// The day and month in either order: the same for a date whose day and month were swapped.
    DayMonthUnordered(String),
    /// The phonetic keys of the first words of two columns, in sorted order: the same for a
    /// record whose given name and surname were swapped.
    PhoneticPair(String, String),
}

impl KeyExpr {
    /// The columns the key reads.
    pub fn columns(&self) -> Vec<&str> {
        match self {
            KeyExpr::Column(c)
            | KeyExpr::Prefix(c, _)
            | KeyExpr::Phonetic(c)
            | KeyExpr::Year(c)
            | KeyExpr::DayMonth(c)
            | KeyExpr::Month(c)
            | KeyExpr::Day(c)
            | KeyExpr::DayMonthUnordered(c) => vec![c],
            KeyExpr::PhoneticPair(a, b) => vec![a, b],
        }
    }

    fn parse(text: &str) -> Result<KeyExpr, String> {
        let text = text.trim();
        let Some((function, rest)) = text.split_once('(') else {
            if text.is_empty() || text.contains(|c: char| c.is_whitespace() || c == ')') {
                return Err(format!("blocking key `{text}` is not a column name"));
            }
            return Ok(KeyExpr::Column(text.to_string()));
        };
        let inner = rest
            .strip_suffix(')')
            .ok_or_else(|| format!("blocking key `{text}`: missing `)`"))?;
        let args: Vec<&str> = inner.split(',').map(str::trim).collect();
        let column = args.first().copied().unwrap_or_default().to_string();
        if column.is_empty() {
            return Err(format!("blocking key `{text}`: missing the column"));
        }
        match (function.trim(), args.len()) {
            ("prefix", 2) => {
                let n: usize = args[1]
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("blocking key `{text}`: the length must be a positive whole number"))?;
                Ok(KeyExpr::Prefix(column, n))
            }
            ("phonetic", 1) => Ok(KeyExpr::Phonetic(column)),
            ("phonetic_pair", 2) if !args[1].is_empty() => {
                Ok(KeyExpr::PhoneticPair(column, args[1].to_string()))
            }
            ("year", 1) => Ok(KeyExpr::Year(column)),
            ("day_month", 1) => Ok(KeyExpr::DayMonth(column)),
            ("month", 1) => Ok(KeyExpr::Month(column)),
            ("day", 1) => Ok(KeyExpr::Day(column)),
            ("day_month_unordered", 1) => Ok(KeyExpr::DayMonthUnordered(column)),
            (f, _) => Err(format!(
                "blocking key `{text}`: unknown function `{f}` or wrong arguments; known: COLUMN, prefix(COLUMN, N), phonetic(COLUMN), phonetic_pair(COLUMN, COLUMN), year(COLUMN), month(COLUMN), day(COLUMN), day_month(COLUMN), day_month_unordered(COLUMN)"
            )),
        }
    }
}

impl fmt::Display for KeyExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyExpr::Column(c) => write!(f, "{c}"),
            KeyExpr::Prefix(c, n) => write!(f, "prefix({c}, {n})"),
            KeyExpr::Phonetic(c) => write!(f, "phonetic({c})"),
            KeyExpr::Year(c) => write!(f, "year({c})"),
            KeyExpr::DayMonth(c) => write!(f, "day_month({c})"),
            KeyExpr::Month(c) => write!(f, "month({c})"),
            KeyExpr::Day(c) => write!(f, "day({c})"),
            KeyExpr::DayMonthUnordered(c) => write!(f, "day_month_unordered({c})"),
            KeyExpr::PhoneticPair(a, b) => write!(f, "phonetic_pair({a}, {b})"),
        }
    }
}

/// Records agreeing on every key of a rule become candidate pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockingRule {
    pub keys: Vec<KeyExpr>,
}

impl BlockingRule {
    pub fn parse(text: &str) -> Result<BlockingRule, String> {
        let keys = text
            .split('&')
            .map(KeyExpr::parse)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(BlockingRule { keys })
    }
}

impl fmt::Display for BlockingRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, key) in self.keys.iter().enumerate() {
            if i > 0 {
                write!(f, " & ")?;
            }
            write!(f, "{key}")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for BlockingRule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        BlockingRule::parse(&text).map_err(de::Error::custom)
    }
}

fn default_threshold() -> f64 {
    0.9
}
fn default_max_block_size() -> usize {
    5_000
}
fn default_max_pairs() -> u64 {
    1_000_000_000
}
/// Enough random pairs to know u to a few percent on the common levels; on Febrl, 150,000 and
/// 1,000,000 give the same F1, and sampling is the costliest step of a small run.
fn default_u_sample() -> usize {
    300_000
}
fn default_iterations() -> usize {
    100
}
fn default_tolerance() -> f64 {
    1e-5
}
fn default_seed() -> u64 {
    42
}

impl LinkConfig {
    /// Parses and checks a configuration; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<LinkConfig, LinkError> {
        let config: LinkConfig = toml::from_str(text).map_err(|e| LinkError::Config {
            file: file.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        config.validate().map_err(|message| LinkError::Config {
            file: file.to_string(),
            message: locate(text, &message),
        })?;
        Ok(config)
    }

    /// The built-in configuration for person records: names, birth date, gender, nationality.
    pub fn default_person() -> Result<LinkConfig, LinkError> {
        LinkConfig::from_toml(DEFAULT_PERSON, "(built-in person configuration)")
    }

    /// The text of the built-in person configuration, to start a custom one from.
    pub fn default_person_text() -> &'static str {
        DEFAULT_PERSON
    }

    /// Every column the configuration reads, besides the id, each once.
    pub fn columns(&self) -> Vec<String> {
        let mut columns: Vec<String> = Vec::new();
        let mut add = |c: &str| {
            if !columns.iter().any(|have| have == c) {
                columns.push(c.to_string());
            }
        };
        for comparison in &self.comparisons {
            add(&comparison.column);
            for level in &comparison.levels {
                if let Level::SwappedWith(other) = level {
                    add(other);
                }
            }
        }
        for rule in &self.blocking {
            for key in &rule.keys {
                for column in key.columns() {
                    add(column);
                }
            }
        }
        columns
    }

    /// Checks a configuration built in code (as for CLK files) as a parsed one is checked.
    pub fn check(&self) -> Result<(), LinkError> {
        self.validate().map_err(|message| LinkError::Config {
            file: "(linkage configuration)".into(),
            message,
        })
    }

    /// Checks what the TOML grammar cannot; messages start with the key at fault.
    fn validate(&self) -> Result<(), String> {
        if self.id.trim().is_empty() {
            return Err("key `id`: must name the record id column".into());
        }
        if !(self.threshold > 0.0 && self.threshold < 1.0) {
            return Err(format!(
                "key `threshold`: {} is not a probability strictly between 0 and 1",
                self.threshold
            ));
        }
        if self.comparisons.is_empty() {
            return Err("key `comparison`: at least one [[comparison]] is needed".into());
        }
        if self.comparisons.len() > MAX_COMPARISONS {
            return Err(format!(
                "key `comparison`: at most {MAX_COMPARISONS} comparisons are supported, found {}",
                self.comparisons.len()
            ));
        }
        if self.max_block_size < 2 {
            return Err("key `max_block_size`: must be at least 2".into());
        }
        if self.training.max_iterations == 0 {
            return Err("key `training.max_iterations`: must be at least 1".into());
        }
        for (i, comparison) in self.comparisons.iter().enumerate() {
            let at = format!("comparison `{}`", comparison.name);
            if self.comparisons[..i]
                .iter()
                .any(|c| c.name == comparison.name)
            {
                return Err(format!("{at}: key `name`: the name is used twice"));
            }
            if comparison.levels.is_empty() {
                return Err(format!("{at}: key `levels`: at least one level is needed"));
            }
            if comparison.levels.len() + 1 > MAX_LEVELS {
                return Err(format!(
                    "{at}: key `levels`: at most {} levels are supported",
                    MAX_LEVELS - 1
                ));
            }
            for level in &comparison.levels {
                if !level.fits(comparison.kind) {
                    return Err(format!(
                        "{at}: key `levels`: level `{level}` does not apply to kind `{:?}`",
                        comparison.kind
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Adds the line of the comparison a validation message is about, when it can be found.
fn locate(text: &str, message: &str) -> String {
    let Some(rest) = message.strip_prefix("comparison `") else {
        return message.to_string();
    };
    let name = rest.split('`').next().unwrap_or_default();
    let line = text.lines().position(|line| {
        let line = line.trim_start();
        line.starts_with("name") && line.contains(&format!("\"{name}\""))
    });
    match line {
        Some(l) => format!("line {}: {message}", l + 1),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
id = "rec_id"
threshold = 0.8
blocking = ["surname & prefix(given_name, 2)", "year(dob)"]

[[comparison]]
name = "given"
column = "given_name"
kind = "name"
levels = ["exact", "jaro_winkler>=0.9", "swapped_with=surname"]
term_frequency = true

[[comparison]]
name = "dob"
column = "dob"
kind = "date"
levels = ["exact", "swapped_day_month", "within_days<=365"]
"#;

    #[test]
    fn parses_levels_rules_and_columns() {
        let config = LinkConfig::from_toml(SMALL, "t.toml").unwrap();
        assert_eq!(config.comparisons[0].levels[1], Level::JaroWinkler(0.9));
        assert_eq!(
            config.blocking[0].keys[1],
            KeyExpr::Prefix("given_name".into(), 2)
        );
        assert_eq!(config.columns(), ["given_name", "surname", "dob"]);
        assert_eq!(
            config.blocking[0].to_string(),
            "surname & prefix(given_name, 2)"
        );
    }

    #[test]
    fn bad_level_is_reported_with_line() {
        let text = SMALL.replace("\"jaro_winkler>=0.9\"", "\"jaro_winkler>=high\"");
        let err = LinkConfig::from_toml(&text, "t.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 10") && err.contains("not a number"),
            "{err}"
        );
    }

    #[test]
    fn unknown_key_is_reported_with_line_and_key() {
        let text = SMALL.replace("threshold = 0.8", "treshold = 0.8");
        let err = LinkConfig::from_toml(&text, "t.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3") && err.contains("treshold"), "{err}");
    }

    #[test]
    fn level_of_wrong_kind_is_reported_with_comparison_line() {
        let text = SMALL.replace("\"swapped_day_month\"", "\"phonetic\"");
        let err = LinkConfig::from_toml(&text, "t.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 14") && err.contains("`dob`"), "{err}");
    }

    #[test]
    fn bad_blocking_key_and_threshold_are_refused() {
        let text = SMALL.replace("year(dob)", "decade(dob)");
        let err = LinkConfig::from_toml(&text, "t.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("decade"), "{err}");
        let text = SMALL.replace("threshold = 0.8", "threshold = 1.5");
        let err = LinkConfig::from_toml(&text, "t.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("threshold"), "{err}");
    }

    #[test]
    fn default_person_config_is_valid() {
        let config = LinkConfig::default_person().unwrap();
        assert!(config.comparisons.len() >= 4);
    }
}
