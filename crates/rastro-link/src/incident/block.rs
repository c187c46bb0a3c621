//! Candidate pairs of reports: only reports that share something specific are compared. Reports
//! of one event share its operation, its group, its town, or its country within days; blocks on
//! a country alone are bounded by a short date window, and a report that knows its day but not
//! its year meets the reports of its country dated to that day in any year. A block that would
//! still yield more pairs than [`MAX_BLOCK_PAIRS`] is split by month (the window reaching into
//! the next month, so no pair is lost); a part that is still too large is left out and counted,
//! never silently truncated.

use std::collections::{HashMap, HashSet};

use xxhash_rust::xxh3::xxh3_64;

use super::prepare::PreparedIncident;
use super::span::DayOfYear;

/// The ways two reports can come to be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// Same operation series, at any distance in time (follow-ups come weeks later).
    Operation,
    /// Same criminal group within 60 days.
    Group,
    /// Same town within 60 days.
    Town,
    /// A rare name (see `evidence::keep_rare_names`) within 60 days.
    Name,
    /// Same country, published within [`COUNTRY_DAYS`] days.
    CountryDays,
    /// Same country and the same number of victims within 14 days, or undated.
    CountryVictims,
    /// Same country and the same number of arrests within 14 days, or undated.
    CountryArrests,
    /// Same country and day of the year (±1), for a report that knows its day but not its year:
    /// paired with every report of the block, the dated ones not with each other.
    CountryDayOfYear,
}

impl BlockKind {
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Operation => "operation",
            BlockKind::Group => "group within 60 days",
            BlockKind::Town => "town within 60 days",
            BlockKind::Name => "rare name within 60 days",
            BlockKind::CountryDays => "country within 3 days",
            BlockKind::CountryVictims => "country and number of victims within 14 days",
            BlockKind::CountryArrests => "country and number of arrests within 14 days",
            BlockKind::CountryDayOfYear => "country and day of the year, a year unknown",
        }
    }

    /// How far apart two dated reports may be; `None`: any distance.
    fn window(self) -> Option<i64> {
        match self {
            BlockKind::Operation => None,
            BlockKind::Group | BlockKind::Town | BlockKind::Name => Some(60),
            BlockKind::CountryVictims | BlockKind::CountryArrests => Some(14),
            BlockKind::CountryDays => Some(COUNTRY_DAYS),
            BlockKind::CountryDayOfYear => None,
        }
    }

    /// Whether dated reports are paired with each other within the block: a day of the year
    /// recurs every year, so only a report without a year needs it.
    fn pairs_dated(self) -> bool {
        self != BlockKind::CountryDayOfYear
    }

    /// Whether undated reports are paired within the block; a country-wide block of undated
    /// reports would be all pairs of a country.
    fn pairs_undated(self) -> bool {
        self != BlockKind::CountryDays
    }

    const ALL: [BlockKind; 8] = [
        BlockKind::Operation,
        BlockKind::Group,
        BlockKind::Town,
        BlockKind::Name,
        BlockKind::CountryDays,
        BlockKind::CountryVictims,
        BlockKind::CountryArrests,
        BlockKind::CountryDayOfYear,
    ];
}

/// Reports of one event that share nothing more specific than their country appear within days
/// of each other; wider windows mostly add pairs of different events.
const COUNTRY_DAYS: i64 = 3;

/// The shortest window of the blocks (towns, groups, rare names) that meet a report dated only
/// by a month throughout the year after it; country blocks stay within their days.
const RECALLED_MONTH_WINDOW: i64 = 60;
/// How long after a month a report dated by it may tell of its own event.
const DAYS_A_MONTH_RECALLS: i64 = 365;

/// A block yielding more pairs than this is split by month; a month yielding more is skipped
/// and reported.
pub const MAX_BLOCK_PAIRS: u64 = 2_000_000;

/// What blocking did.
#[derive(Debug, Clone, Default)]
pub struct BlockStats {
    /// Pairs each kind of block proposed (before removing pairs proposed twice).
    pub proposed: Vec<(&'static str, u64)>,
    /// Blocks left out: (kind, the shared value, reports in the block).
    pub skipped: Vec<(&'static str, String, usize)>,
}

/// Every pair `(a, b)` with `a < b` that some block proposes, sorted and without repeats.
pub fn candidate_pairs(incidents: &[PreparedIncident]) -> (Vec<(u32, u32)>, BlockStats) {
    let mut blocks: HashMap<(BlockKind, u64), (String, Vec<u32>)> = HashMap::new();
    let mut add = |kind: BlockKind, value: String, i: usize| {
        let entry = blocks
            .entry((kind, xxh3_64(value.as_bytes())))
            .or_insert_with(|| (value, Vec::new()));
        entry.1.push(i as u32);
    };
    for (i, incident) in incidents.iter().enumerate() {
        for op in incident
            .operations
            .iter()
            .chain(&incident.background_operations)
        {
            add(BlockKind::Operation, op.series.clone(), i);
        }
        for group in &incident.groups {
            add(BlockKind::Group, group.clone(), i);
        }
        for town in &incident.towns {
            add(BlockKind::Town, town.clone(), i);
        }
        for name in &incident.names {
            add(BlockKind::Name, format!("{name:016x}"), i);
        }
        for country in &incident.countries {
            if incident.date.is_some() {
                add(BlockKind::CountryDays, country.clone(), i);
            }
            if let Some(v) = incident.victims {
                add(BlockKind::CountryVictims, format!("{country} {v}"), i);
            }
            if let Some(a) = incident.arrests {
                add(BlockKind::CountryArrests, format!("{country} {a}"), i);
            }
        }
    }

    day_of_year_blocks(incidents, &mut add);

    let mut pairs: Vec<u64> = Vec::new();
    let mut stats = BlockStats::default();
    let mut proposed: HashMap<BlockKind, u64> = HashMap::new();
    let mut ordered: Vec<_> = blocks.into_iter().collect();
    // A fixed order keeps the skipped list and the pairs reproducible.
    ordered.sort_by(|x, y| (x.0 .0 as u8, &x.1 .0).cmp(&(y.0 .0 as u8, &y.1 .0)));
    for ((kind, _), (value, members)) in ordered {
        if members.len() < 2 {
            continue;
        }
        let before = pairs.len();
        for (part, reports) in block_pairs(kind, &value, &members, incidents, &mut pairs) {
            stats.skipped.push((kind.name(), part, reports));
        }
        *proposed.entry(kind).or_insert(0) += (pairs.len() - before) as u64;
    }
    stats.proposed = BlockKind::ALL
        .iter()
        .map(|k| (k.name(), proposed.get(k).copied().unwrap_or(0)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let pairs = pairs
        .into_iter()
        .map(|p| ((p >> 32) as u32, p as u32))
        .collect();
    (pairs, stats)
}

/// Country and day-of-year blocks: one per country and day of a report without a year, holding
/// it and every report of that country dated to that day (±1) in any year. None when no report
/// lacks its year, so a collection with publication dates pays nothing.
fn day_of_year_blocks(
    incidents: &[PreparedIncident],
    add: &mut impl FnMut(BlockKind, String, usize),
) {
    let key = |country: &str, d: DayOfYear| format!("{country} {:02}-{:02}", d.month, d.day);
    let mut wanted: HashSet<String> = HashSet::new();
    for (i, incident) in incidents.iter().enumerate() {
        if let Some(d) = incident.day_of_year {
            for country in &incident.countries {
                let k = key(country, DayOfYear { weekday: None, ..d });
                add(BlockKind::CountryDayOfYear, k.clone(), i);
                wanted.insert(k);
            }
        }
    }
    if wanted.is_empty() {
        return;
    }
    for (i, incident) in incidents.iter().enumerate() {
        let Some(day) = incident.published.or(incident.date).filter(|s| s.exact()) else {
            continue;
        };
        for country in &incident.countries {
            // The day before, the day and the day after, each once.
            let mut keys: Vec<String> = (-1..=1)
                .map(|shift| {
                    let d = DayOfYear::of_day(day.first + shift);
                    key(country, DayOfYear { weekday: None, ..d })
                })
                .filter(|k| wanted.contains(k))
                .collect();
            keys.dedup();
            for k in keys {
                add(BlockKind::CountryDayOfYear, k, i);
            }
        }
    }
}

struct TooManyPairs;

/// Days of one slice of a block split by time: about a month, so a skipped slice (if any) is
/// named as "the country in that month".
const SLICE_DAYS: i64 = 30;

/// The pairs of one block. A block whose pairs exceed [`MAX_BLOCK_PAIRS`] and whose kind has a
/// date window is split by a finer key, its value and month: each month's reports are paired
/// with the reports after them within the window, those of the next month included, so no pair
/// the whole block would give is lost and none is given twice. Returns the parts left out
/// (the value with the month, or with "undated"), each with its number of reports.
fn block_pairs(
    kind: BlockKind,
    value: &str,
    members: &[u32],
    incidents: &[PreparedIncident],
    out: &mut Vec<u64>,
) -> Vec<(String, usize)> {
    // Month-long spans are compared by their middle, so the window widens by half a month.
    let reach = kind.window().map(|w| if w > 7 { w + 16 } else { w });
    let mut dated: Vec<(i64, u32)> = Vec::new();
    let mut undated: Vec<u32> = Vec::new();
    for &m in members {
        // Publication dates first: reliable metadata, and reports appear within days.
        let incident = &incidents[m as usize];
        match incident.published.or(incident.date) {
            Some(span) => dated.push((span.middle(), m)),
            None => undated.push(m),
        }
        // A report published long after the event it dates (a sentence recalling the crime, a
        // later phase) is also placed at that event, where a report without a publication
        // date, placed by its event alone, meets it; the pair given twice is given once.
        if let (Some(published), Some(event), Some(reach)) =
            (incident.published, incident.date, reach)
        {
            if (published.middle() - event.middle()).abs() > reach {
                dated.push((event.middle(), m));
            }
        }
        // A report without a publication date, dated only by a month its text names, was
        // written that month at the earliest (the month is as often when the case began), so
        // the evidence takes a later date within the year as no sign of another event (see
        // `evidence::dates`); the blocks that pair towns, groups and names meet it there.
        if let (None, Some(event), Some(reach)) = (incident.publication, incident.date, reach) {
            if !event.exact() && kind.window().is_some_and(|w| w >= RECALLED_MONTH_WINDOW) {
                let mut at = event.middle();
                while at + reach < event.first + DAYS_A_MONTH_RECALLS {
                    at += reach;
                    dated.push((at, m));
                }
            }
        }
    }
    dated.sort_unstable();
    let before = out.len();
    let dated_range = if kind.pairs_dated() {
        0..dated.len()
    } else {
        0..0
    };
    let whole = dated_pairs(reach, &dated, dated_range, out)
        .and_then(|()| undated_pairs(kind, &undated, &dated, out));
    if whole.is_ok() {
        return Vec::new();
    }
    out.truncate(before);
    let mut skipped = Vec::new();
    if reach.is_none() {
        return vec![(value.to_string(), members.len())];
    }
    let mut start = 0;
    while start < dated.len() {
        let month = dated[start].0.div_euclid(SLICE_DAYS);
        let end = start
            + dated[start..]
                .iter()
                .take_while(|(day, _)| day.div_euclid(SLICE_DAYS) == month)
                .count();
        let part = out.len();
        if dated_pairs(reach, &dated, start..end, out).is_err() {
            out.truncate(part);
            let (y, m, _) = rastro_text::civil_from_days(dated[start].0);
            skipped.push((format!("{value} {y:04}-{m:02}"), end - start));
        }
        start = end;
    }
    let part = out.len();
    if undated_pairs(kind, &undated, &dated, out).is_err() {
        out.truncate(part);
        skipped.push((format!("{value} undated"), undated.len()));
    }
    skipped
}

/// Pairs of the dated reports `from` (by position in `dated`, sorted by day) with every later
/// report within `reach` days (any distance when `None`).
fn dated_pairs(
    reach: Option<i64>,
    dated: &[(i64, u32)],
    from: std::ops::Range<usize>,
    out: &mut Vec<u64>,
) -> Result<(), TooManyPairs> {
    let mut emitted = 0u64;
    for i in from {
        let (day, a) = dated[i];
        for &(other_day, b) in &dated[i + 1..] {
            if reach.is_some_and(|r| other_day - day > r) {
                break;
            }
            emit(a, b, &mut emitted, out)?;
        }
    }
    Ok(())
}

/// Pairs of each undated report with every other report of the block, when the kind pairs them.
fn undated_pairs(
    kind: BlockKind,
    undated: &[u32],
    dated: &[(i64, u32)],
    out: &mut Vec<u64>,
) -> Result<(), TooManyPairs> {
    if !kind.pairs_undated() {
        return Ok(());
    }
    let mut emitted = 0u64;
    for (i, &a) in undated.iter().enumerate() {
        for &b in undated[i + 1..].iter().chain(dated.iter().map(|(_, m)| m)) {
            emit(a, b, &mut emitted, out)?;
        }
    }
    Ok(())
}

fn emit(a: u32, b: u32, emitted: &mut u64, out: &mut Vec<u64>) -> Result<(), TooManyPairs> {
    if a == b {
        return Ok(());
    }
    *emitted += 1;
    if *emitted > MAX_BLOCK_PAIRS {
        return Err(TooManyPairs);
    }
    let (lo, hi) = (a.min(b), a.max(b));
    out.push((u64::from(lo) << 32) | u64::from(hi));
    Ok(())
}
