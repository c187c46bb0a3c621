//! What each comparison of two reports says, in bits: `log2(m/u)` of the level reached, where `m`
//! is how often two reports of one event reach that level and `u` how often two reports of
//! different events do. The values are stated, not estimated (see the module above), and were
//! set from how news reports differ: outlets round and update figures, name the town or only
//! the country, and publish within days; different events in one country share dates and forms
//! of exploitation far more often than towns, figures or operation names. Where agreement on a
//! value says more the rarer the value is (a group, a figure, a set of countries, a name), `u`
//! follows the value's frequency in the collection once the collection is large enough to show
//! it; a small one keeps the stated value.

use std::collections::HashMap;

use super::prepare::{Operation, PreparedIncident};
use super::span::{DayOfYear, Span};
use super::stage::Stage;

/// A level of a comparison with its stated probabilities.
#[derive(Debug, Clone, Copy)]
pub struct Level {
    pub name: &'static str,
    pub m: f64,
    pub u: f64,
}

impl Level {
    const fn new(name: &'static str, m: f64, u: f64) -> Level {
        Level { name, m, u }
    }

    fn weight(self) -> f64 {
        (self.m / self.u).log2()
    }
}

/// One comparison's part in a pair's weight, for a reviewer.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub comparison: &'static str,
    /// The level reached, with the values compared.
    pub level: String,
    pub weight: f64,
}

const SAME_DAY: Level = Level::new("same day (±1)", 0.50, 0.004);
const WITHIN_4_DAYS: Level = Level::new("within 4 days", 0.25, 0.012);
const SAME_MONTH: Level = Level::new("same month (one date known only to the month)", 0.15, 0.04);
const WITHIN_14_DAYS: Level = Level::new("within 14 days", 0.12, 0.03);
const WITHIN_45_DAYS: Level = Level::new("within 45 days", 0.07, 0.08);
// Reports of one event months apart are follow-ups that restate the event's date, which the
// event dates then show; publication dates months apart alone are mostly two events.
const WITHIN_A_YEAR: Level = Level::new("within a year", 0.006, 0.40);
/// Reports of one event published further apart than this are not: a later one that recalls
/// the event reports a new stage of it (a trial, a next phase). Every tuning set's reports of one
/// event appeared within three weeks of each other.
const PUBLISHED_APART_DAYS: i64 = 45;
const OVER_A_YEAR: Level = Level::new("more than a year apart", 0.003, 0.45);

// A day of the year without its year, against another report's day: the same day and weekday
// is nearly as telling as the same date (the weekday repeats on that day one year in five or
// six), another weekday means another year, and days weeks apart are most often two events.
const SAME_DAY_OF_YEAR: Level = Level::new("same day of the year (a year unknown)", 0.45, 0.008);
const SAME_DAY_OTHER_WEEKDAY: Level = Level::new(
    "same day of the year, another weekday (another year)",
    0.01,
    0.006,
);
const NEAR_DAY_OF_YEAR: Level =
    Level::new("within 4 days of the year (a year unknown)", 0.25, 0.02);
const WEEKS_OF_YEAR: Level = Level::new("within 14 days of the year (a year unknown)", 0.10, 0.05);
const OTHER_DAY_OF_YEAR: Level = Level::new("weeks apart in the year (a year unknown)", 0.10, 0.90);

const SAME_OPERATION: Level = Level::new("same operation", 0.55, 0.0004);
const SAME_SERIES: Level = Level::new("same operation, edition given once", 0.08, 0.002);
// Reports of one event name another edition only when extraction took the previous one from
// the background; each edition of a series is a different operation.
const OTHER_EDITION: Level = Level::new("other edition of the operation", 0.00002, 0.001);
// Reports of one event that both name operations share one: a background operation is named
// beside the event's own. Two reports naming only different operations are the same group's,
// or the same police's, next operation.
const OTHER_OPERATIONS: Level = Level::new("different operations", 0.02, 0.7);

const GROUP_SHARED_M: f64 = 0.45;
const GROUP_FLOOR_U: f64 = 0.002;
const OTHER_GROUPS: Level = Level::new("different groups", 0.15, 0.25);

const SAME_COUNTRIES: Level = Level::new("same countries", 0.45, 0.05);
const MOST_COUNTRIES: Level = Level::new("most countries shared", 0.30, 0.04);
// A report naming many countries (a regional operation) shares some with most reports.
const SOME_COUNTRIES: Level = Level::new("some countries shared", 0.20, 0.20);
const NO_COUNTRY: Level = Level::new("no country shared", 0.05, 0.79);

const SAME_TOWN: Level = Level::new("same town", 0.50, 0.005);
const SAME_REGION: Level = Level::new("same region", 0.20, 0.03);
const OTHER_PLACES: Level = Level::new("different towns and regions", 0.15, 0.60);

const FORM_SHARED: Level = Level::new("a form of exploitation shared", 0.80, 0.45);
const OTHER_FORMS: Level = Level::new("different forms of exploitation", 0.20, 0.55);

const FIGURE_EQUAL_M: f64 = 0.40;
// Two close figures agree by chance as often as a report of another event gives a figure in the
// band (see `Figures::u_close`); they never tell against, since updates move figures so.
const FIGURE_CLOSE: &str = "close (within 20% or 2)";
const FIGURE_CLOSE_M: f64 = 0.22;
// Later reports update figures (20 detained, then 23; 84 women, then 123), but beyond a fifth
// they seldom do: among the pairs of the three tuning sets that both give a count, reports of
// one event gave counts differing beyond a fifth but within three times in one pair of ten,
// reports of different events in one of four; counts many times apart (12 and 240) in one
// pair of nine against two of three (extraction took a background figure).
const FIGURE_DIFFERENT: Level = Level::new("different (within 3 times)", 0.10, 0.25);
const FIGURE_FAR: Level = Level::new("far apart (over 3 times)", 0.11, 0.66);
/// Figures this many times apart, and this far apart in units, are far apart.
const FAR_RATIO: u64 = 3;
const FAR_UNITS: u64 = 5;

// Outlets reporting one event headline the same stage of its case; a plea and the verdict on
// the same people, or the sentence and the crime, are news months apart. Headlines of one
// event differ in stage only when one is read wrongly.
const OTHER_STAGE: Level = Level::new("another stage of the case", 0.01, 0.35);
// Most news of a case is of its raid; a plea or a verdict headlined by both reports is as
// telling as the share of reports headlining it is small.
const SAME_COURT_STAGE: Level = Level::new("the same court stage of a case", 0.85, 0.05);

const TEXT_COPY: Level = Level::new("copies of one story", 0.20, 0.0001);
const TEXT_OVERLAP: Level = Level::new("passages in common", 0.15, 0.002);
const TEXT_DISTINCT: Level = Level::new("written separately", 0.65, 0.9979);
/// Texts with fewer sampled 4-grams than this are too short to call copies.
const MIN_SHINGLES: usize = 8;

const NAMES_SHARED_3: Level = Level::new("three or more rare names shared", 0.30, 0.001);
const NAMES_SHARED_2: Level = Level::new("two rare names shared", 0.20, 0.006);
const NAMES_SHARED_1: Level = Level::new("one rare name shared", 0.20, 0.04);
const NO_NAME_SHARED: Level = Level::new("no rare name shared", 0.30, 0.95);
/// A name is rare when at most this many reports, or this share of them, carry it.
const RARE_NAME_REPORTS: u32 = 3;
const RARE_NAME_SHARE: f64 = 0.001;
/// Reports with at least this many rare names are expected to share one when they tell one story.
const NAMES_EXPECTED_FROM: usize = 3;

/// Collections with at least this many reports use observed frequencies of country sets.
const TABLES_FROM: usize = 200;
/// No agreement on a single value is taken as rarer than this.
const RARE_U_FLOOR: f64 = 0.0005;

/// Other reports of its event that a report is expected to have, whose values are its own
/// event's and not chance: one in every tuning set (an event reported two or three times).
const PARTNERS_EXPECTED: u32 = 1;

/// Frequencies of the values whose rarity matters: a group named in many reports, or a figure
/// as common as "one arrest", says less when two reports share it.
pub struct Tables {
    reports: usize,
    /// Reports naming exactly each set of countries ("CO CR MX").
    country_sets: HashMap<String, u32>,
    /// Reports carrying each (rare) name.
    names: HashMap<u64, u32>,
    groups: HashMap<String, u32>,
    /// Reports naming each town and each region (`CC|name` keys).
    towns: HashMap<String, u32>,
    regions: HashMap<String, u32>,
    victims: Figures,
    arrests: Figures,
    /// Reports whose headline tells of a court's stage of a case (charges, a plea, a verdict).
    court_stages: HashMap<Stage, u32>,
}

/// The figures of one kind that the collection's reports give, sorted, with how many give each.
struct Figures {
    /// Each value given, ascending, with the number of reports giving it or a smaller one.
    cumulative: Vec<(u64, u32)>,
    reported: u32,
}

impl Figures {
    fn new(values: impl Iterator<Item = Option<u64>>) -> Figures {
        let mut given: Vec<u64> = values.flatten().collect();
        given.sort_unstable();
        let mut cumulative: Vec<(u64, u32)> = Vec::new();
        for (k, &v) in given.iter().enumerate() {
            let running = k as u32 + 1;
            match cumulative.last_mut() {
                Some(last) if last.0 == v => last.1 = running,
                _ => cumulative.push((v, running)),
            }
        }
        Figures {
            reported: given.len() as u32,
            cumulative,
        }
    }

    /// Reports giving a value in `low..=high`.
    fn given_between(&self, low: u64, high: u64) -> u32 {
        let upto = |v: u64| -> u32 {
            let k = self.cumulative.partition_point(|&(x, _)| x <= v);
            if k == 0 {
                0
            } else {
                self.cumulative[k - 1].1
            }
        };
        upto(high).saturating_sub(low.checked_sub(1).map_or(0, upto))
    }

    /// How often a report of another event gives a value in `low..=high`: at least what news
    /// figures make likely (`stated`), and what this collection's other reports show, leaving
    /// out the two compared and their events' expected other reports ([`PARTNERS_EXPECTED`]
    /// each), which give the figure because it is theirs. Small collections show little, a
    /// large one says itself.
    fn u_between(&self, low: u64, high: u64, stated: f64) -> f64 {
        let others = self.reported.saturating_sub(2);
        if others == 0 {
            return stated;
        }
        let beyond = self
            .given_between(low, high)
            .saturating_sub(2 + 2 * PARTNERS_EXPECTED);
        stated.max(f64::from(beyond) / f64::from(others))
    }

    /// How often two reports of different events give `value`: small figures are common in
    /// news (one arrest, two victims), large exact ones rare.
    fn u_equal(&self, value: u64) -> f64 {
        self.u_between(value, value, stated_share(value, value))
    }

    /// How often a report of another event gives a figure close to `value` (see
    /// [`close_window`]) but not `value` itself: for a small figure nearly any other small
    /// one is close (2 and 4 arrests), for a large one a band of a fifth either side.
    fn u_close(&self, value: u64) -> f64 {
        let (low, high) = close_window(value);
        let stated = (stated_share(low, high) - stated_share(value, value)) / stated_total();
        let around = self.u_between(low, high, stated);
        let equal = self.u_between(value, value, 0.0);
        (around - equal.min(around)).max(stated)
    }
}

/// The values close to `value` as [`figure`] reads "close": within two, or within a fifth of
/// the larger of the two.
fn close_window(value: u64) -> (u64, u64) {
    let low = value.saturating_sub(2).min(value - value / 5);
    let high = (value + 2).max(value + value / 4);
    (low.max(1), high)
}

/// The share of news reports that give a figure in `low..=high` when nothing better is known:
/// each value `v` about `0.35 / v` (one arrest in a third of reports, figures in the hundreds
/// rare), no value rarer than [`FIGURE_U_FLOOR`].
fn stated_share(low: u64, high: u64) -> f64 {
    let each = |v: u64| (0.35 / v.max(1) as f64).clamp(FIGURE_U_FLOOR, 0.35);
    if high.saturating_sub(low) <= 64 {
        (low..=high).map(each).sum::<f64>()
    } else {
        // The sum of 0.35 / v over a long band, as its integral.
        let (l, h) = (low.max(1) as f64 - 0.5, high as f64 + 0.5);
        (0.35 * (h / l).ln()).max(FIGURE_U_FLOOR * (h - l))
    }
}

/// What [`stated_share`] gives every figure up to [`FIGURE_SPAN`] together: the per-value
/// shares are each value's odds against the others, so a band's share of all figures is its
/// sum over this.
fn stated_total() -> f64 {
    stated_share(1, FIGURE_SPAN).max(f64::MIN_POSITIVE)
}

/// Counts in the news rarely pass this; beyond it, figures add nothing to the total.
const FIGURE_SPAN: u64 = 1_000;

/// No figure is taken as rarer than this among reports of other events.
const FIGURE_U_FLOOR: f64 = 0.002;

impl Tables {
    /// Rarity is counted among the reports of events: a text that looks back on events (see
    /// [`super::genre`]) repeats each event's town, group and figures, which would make the
    /// facts of every event it recounts look common.
    pub fn new(incidents: &[PreparedIncident]) -> Tables {
        let reporting = || incidents.iter().filter(|i| !i.looks_back);
        let mut groups = HashMap::new();
        let mut country_sets = HashMap::new();
        let mut names = HashMap::new();
        let mut towns = HashMap::new();
        let mut regions = HashMap::new();
        let mut court_stages = HashMap::new();
        for incident in reporting() {
            if let Some(stage) = incident.stage.filter(|&s| s.of_court()) {
                *court_stages.entry(stage).or_insert(0) += 1;
            }
            for g in &incident.groups {
                *groups.entry(g.clone()).or_insert(0) += 1;
            }
            for t in &incident.towns {
                *towns.entry(t.clone()).or_insert(0) += 1;
            }
            for r in &incident.regions {
                *regions.entry(r.clone()).or_insert(0) += 1;
            }
            if !incident.countries.is_empty() {
                *country_sets
                    .entry(incident.countries.join(" "))
                    .or_insert(0) += 1;
            }
            for &n in &incident.names {
                *names.entry(n).or_insert(0) += 1;
            }
        }
        Tables {
            reports: reporting().count(),
            country_sets,
            names,
            groups,
            towns,
            regions,
            victims: Figures::new(reporting().map(|i| i.victims)),
            arrests: Figures::new(reporting().map(|i| i.arrests)),
            court_stages,
        }
    }

    /// How often two reports of different events name exactly `countries`: observed in a large
    /// collection ("MX" alone is common, "CO CR MX" rare), stated in a small one.
    fn same_countries_u(&self, countries: &[String]) -> f64 {
        if self.reports < TABLES_FROM {
            // Too few reports to show a set rarer than stated, enough to show one commoner.
            let seen = self
                .country_sets
                .get(&countries.join(" "))
                .copied()
                .unwrap_or(0);
            let beyond = seen.saturating_sub(2 + 2 * PARTNERS_EXPECTED);
            let others = self.reports.saturating_sub(2).max(1);
            return (f64::from(beyond) / others as f64)
                .clamp(SAME_COUNTRIES.u, SAME_COUNTRIES.u * 4.0);
        }
        let seen = f64::from(
            self.country_sets
                .get(&countries.join(" "))
                .copied()
                .unwrap_or(0),
        );
        (seen / self.reports as f64).clamp(RARE_U_FLOOR, SAME_COUNTRIES.u * 4.0)
    }

    /// How much rarer than the stated `u` the rarest of `shared` names is: in a large collection
    /// a name carried by two reports of 200,000 tells more than one carried by two of 50.
    fn name_rarity(&self, shared: &[u64]) -> f64 {
        let fewest = shared
            .iter()
            .filter_map(|n| self.names.get(n))
            .min()
            .copied()
            .unwrap_or(1);
        let share = f64::from(fewest) / self.reports.max(1) as f64;
        (share / NAMES_SHARED_1.u).clamp(RARE_U_FLOOR / NAMES_SHARED_1.u, 1.0)
    }

    /// How often two reports of different events both name `place`, at least `stated`: the
    /// share of the other reports that name it, leaving out the two compared and the reports
    /// their events are expected to have besides ([`PARTNERS_EXPECTED`] each), since those name
    /// the town too. A town that every report of a region's raids names (its capital, the
    /// border crossing) tells less than a village.
    fn place_u(&self, counts: &HashMap<String, u32>, place: &str, stated: f64) -> f64 {
        let named = counts.get(place).copied().unwrap_or(0);
        let others = self.reports.saturating_sub(2);
        if others == 0 {
            return stated;
        }
        let beyond = named.saturating_sub(2 + 2 * PARTNERS_EXPECTED);
        (f64::from(beyond) / others as f64).max(stated)
    }

    /// How often a report of another event headlines the court stage `stage`: the share of
    /// the other reports that do, leaving out the two compared and their events' expected other
    /// reports, at least [`SAME_COURT_STAGE`]'s stated `u`.
    fn court_stage_u(&self, stage: Stage) -> f64 {
        let others = self.reports.saturating_sub(2);
        if others == 0 {
            return SAME_COURT_STAGE.u;
        }
        let named = self.court_stages.get(&stage).copied().unwrap_or(0);
        let beyond = named.saturating_sub(2 + 2 * PARTNERS_EXPECTED);
        (f64::from(beyond) / others as f64).max(SAME_COURT_STAGE.u)
    }

    fn group_u(&self, group: &str) -> f64 {
        let named = f64::from(self.groups.get(group).copied().unwrap_or(0));
        (named / self.reports.max(1) as f64).max(GROUP_FLOOR_U)
    }
}

/// The outcome of one comparison: a level's name and weight, or no evidence.
type Outcome = Option<(&'static str, f64)>;

fn level(l: Level) -> Outcome {
    Some((l.name, l.weight()))
}

/// A level reached by sharing a value, between reports naming `a` and `b` values: two unrelated
/// reports share one more easily the more each names (a round-up of the year's operations shares
/// a town with every report it sums up), so `u` grows with the number of value pairs. Sharing a
/// value never counts against a match.
fn shared_level(name: &'static str, m: f64, u: f64, a: usize, b: usize) -> Outcome {
    shared_level_k(name, m, u, a, b, 1)
}

/// As [`shared_level`], when `k` values are shared: sharing several of few is not chance.
fn shared_level_k(name: &'static str, m: f64, u: f64, a: usize, b: usize, k: usize) -> Outcome {
    let pairs = (a * b) as f64 / (k * k).max(1) as f64;
    let u = (u * pairs.max(1.0)).min(0.95);
    Some((name, (m / u).log2().max(0.0)))
}

/// Keeps of each report's names only the rare ones, those that can tell one event from another.
/// A text that looks back on events (see [`super::genre`]) names each event it recounts, so its
/// names are not counted: a town and a figure that only one event's reports and a round-up of
/// the year name are that event's own, not common.
pub fn keep_rare_names(incidents: &mut [PreparedIncident]) {
    let mut carrying: HashMap<u64, u32> = HashMap::new();
    for incident in incidents.iter().filter(|i| !i.looks_back) {
        for &n in &incident.names {
            *carrying.entry(n).or_insert(0) += 1;
        }
    }
    let limit = RARE_NAME_REPORTS.max((incidents.len() as f64 * RARE_NAME_SHARE) as u32);
    for incident in incidents.iter_mut() {
        incident
            .names
            .retain(|n| carrying.get(n).is_some_and(|&c| c <= limit));
    }
}

/// Rare names in common (the lists hold rare names only, see [`keep_rare_names`]). Across
/// languages, most capitalised words differ (demonyms, institutions, "Police" and "Policía"), so
/// sharing none is no evidence there.
fn rare_names(t: &Tables, a: &[u64], b: &[u64], across_languages: bool) -> Outcome {
    let (ra, rb) = (a.len(), b.len());
    if ra == 0 || rb == 0 {
        return None;
    }
    let common: Vec<u64> = a
        .iter()
        .filter(|n| b.binary_search(n).is_ok())
        .copied()
        .collect();
    let k = common.len();
    let rarity = if k > 0 { t.name_rarity(&common) } else { 1.0 };
    // A long article names many people and places; a dozen names each is ordinary.
    let scale = |l: Level| {
        let u = rarity * l.u * ((ra * rb) as f64 / (100 * k * k) as f64).max(1.0);
        Some((l.name, (l.m / u.min(0.95)).log2().max(0.0)))
    };
    match k {
        0 if ra >= NAMES_EXPECTED_FROM && rb >= NAMES_EXPECTED_FROM && !across_languages => {
            level(NO_NAME_SHARED)
        }
        0 => None,
        1 => scale(NAMES_SHARED_1),
        2 => scale(NAMES_SHARED_2),
        _ => scale(NAMES_SHARED_3),
    }
}

/// Dates: the closer of the events' dates and the publication dates, because extraction may
/// take a background date for the event while the articles appeared days apart; but reports
/// published months apart are compared by their publications alone (see
/// [`PUBLISHED_APART_DAYS`]).
fn dates(a: &PreparedIncident, b: &PreparedIncident) -> Outcome {
    if let (Some(p), Some(q)) = (a.publication, b.publication) {
        if p.gap(q) > PUBLISHED_APART_DAYS {
            // Months between publications: whatever date the texts share is a later report's
            // background (the first phase, the crime before the trial), not its own event.
            return date(Some(p), Some(q));
        }
    }
    if a.day_of_year.is_some() || b.day_of_year.is_some() {
        return days_of_year(a, b);
    }
    let candidates = [
        date(a.date, b.date),
        date(a.published.or(a.date), b.published.or(b.date)),
    ];
    let best = candidates
        .into_iter()
        .flatten()
        .max_by(|x, y| x.1.total_cmp(&y.1));
    if best.is_some_and(|(level, _)| level == WITHIN_A_YEAR.name)
        && (recalls_earlier_month(a, b) || recalls_earlier_month(b, a))
    {
        return None;
    }
    best
}

/// Whether `a`, a report without a publication date, is dated only by a month that ends
/// before `b`'s date: a month named without its day is as often when the case began ("a
/// complaint received in November 2017", "the agreement signed in June 2024") as when the
/// event happened, and a report is written after every month it recalls. So it says when the
/// report was written at the earliest, not that `b`'s later event is another one. Only until
/// that month comes round again: a yearly operation's next edition falls in the same month of
/// the next year, and a report of it recalls the last one by its month.
fn recalls_earlier_month(a: &PreparedIncident, b: &PreparedIncident) -> bool {
    let Some(month) = a.date.filter(|d| a.publication.is_none() && !d.exact()) else {
        return false;
    };
    b.publication
        .or(b.date)
        .is_some_and(|other| other.first > month.last && other.first < month.first + DAYS_A_YEAR)
}

const DAYS_A_YEAR: i64 = 365;

/// Days of the year, when one report (or both) knows its event's day but not its year: the
/// closer of the other's event and publication days, as for dates.
fn days_of_year(a: &PreparedIncident, b: &PreparedIncident) -> Outcome {
    let days = |i: &PreparedIncident| -> Vec<DayOfYear> {
        match i.day_of_year {
            Some(d) => vec![d],
            None => [i.date, i.published]
                .into_iter()
                .flatten()
                .filter(|s| s.exact())
                .map(|s| DayOfYear::of_day(s.first))
                .collect(),
        }
    };
    let (x, y) = (days(a), days(b));
    x.iter()
        .flat_map(|&p| y.iter().map(move |&q| day_of_year(p, q)))
        .max_by(|p, q| p.1.total_cmp(&q.1))
}

fn day_of_year(a: DayOfYear, b: DayOfYear) -> (&'static str, f64) {
    let gap = a.gap(b);
    let weekdays_differ = matches!((a.weekday, b.weekday), (Some(x), Some(y)) if x != y);
    let l = match gap {
        0 if weekdays_differ => SAME_DAY_OTHER_WEEKDAY,
        0..=1 => SAME_DAY_OF_YEAR,
        2..=4 => NEAR_DAY_OF_YEAR,
        5..=14 => WEEKS_OF_YEAR,
        _ => OTHER_DAY_OF_YEAR,
    };
    (l.name, l.weight())
}

fn date(a: Option<Span>, b: Option<Span>) -> Outcome {
    let (a, b) = (a?, b?);
    let gap = a.gap(b);
    let exact = a.exact() && b.exact();
    level(match gap {
        0..=1 if exact => SAME_DAY,
        0 => SAME_MONTH,
        2..=4 if exact => WITHIN_4_DAYS,
        _ if gap <= 14 => WITHIN_14_DAYS,
        _ if gap <= 45 => WITHIN_45_DAYS,
        _ if gap <= 365 => WITHIN_A_YEAR,
        _ => OVER_A_YEAR,
    })
}

/// Operations: each report's own (see [`PreparedIncident::operations`]) against the other's.
/// One report's own operation that the other names only in its background tells nothing: a
/// later report recounts how the case began, or the other report recounts it.
fn operations(x: &PreparedIncident, y: &PreparedIncident) -> Outcome {
    let (a, b) = (&x.operations[..], &y.operations[..]);
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let in_background = |own: &[Operation], other: &[Operation]| {
        own.iter()
            .any(|o| other.iter().any(|p| p.series == o.series))
    };
    let shares_series = a.iter().any(|o| b.iter().any(|p| p.series == o.series));
    if !shares_series
        && (in_background(a, &y.background_operations)
            || in_background(b, &x.background_operations))
    {
        return None;
    }
    let (x_background, y_background) = (&x.background_operations, &y.background_operations);
    let recalls_plain = |background: &[Operation], own: &Operation| {
        own.edition.is_some_and(|e| e >= 2)
            && background
                .iter()
                .any(|o| o.series == own.series && o.edition.is_none())
    };
    let mut best: Option<Level> = None;
    for x in a {
        for y in b.iter().filter(|y| y.series == x.series) {
            let l = match (x.edition, y.edition) {
                (Some(e), Some(f)) if e != f => OTHER_EDITION,
                // The report that gives an edition also recalls the series' name without one:
                // that plain name is an earlier edition, not this one.
                (Some(_), None) if recalls_plain(x_background, x) => OTHER_EDITION,
                (None, Some(_)) if recalls_plain(y_background, y) => OTHER_EDITION,
                (Some(_), None) | (None, Some(_)) => SAME_SERIES,
                _ => SAME_OPERATION,
            };
            if best.is_none_or(|b| l.weight() > b.weight()) {
                best = Some(l);
            }
        }
    }
    let across_languages = matches!((x.language, y.language), (Some(p), Some(q)) if p != q);
    // A name translated word by word through the lexicon of operation names ("Operación
    // Amanecer", "Operation Dawn") is the same name, as sure as one spelled alike; a cognate
    // (below) may be another name that looks like it.
    if best.is_none()
        && a.iter().any(|o| {
            b.iter().any(|p| {
                o.edition == p.edition
                    && super::operation_words::same_name_translated(&o.series, &p.series)
            })
        })
    {
        best = Some(SAME_OPERATION);
    }
    match best {
        Some(l) if l.m > l.u => shared_level(l.name, l.m, l.u, a.len(), b.len()),
        Some(l) => level(l),
        None if across_languages && a.iter().any(|o| b.iter().any(|p| translated(o, p))) => None,
        None if a
            .iter()
            .any(|o| b.iter().any(|p| shortened(o, p) || shortened(p, o))) =>
        {
            None
        }
        None => level(OTHER_OPERATIONS),
    }
}

/// Whether `a` is `b` with words left out ("Úbeda" for "Transnacional Úbeda", "Global Chain"
/// for "Global Chain 2025"): outlets shorten a long name. A shortened name is no other
/// operation, but neither is it the same one for certain (the same town may name two), so it
/// is no evidence either way.
fn shortened(a: &Operation, b: &Operation) -> bool {
    a.edition == b.edition
        && a.series != b.series
        && a.series
            .split(' ')
            .all(|w| b.series.split(' ').any(|x| x == w))
}

/// Letters two spellings of a word must begin with alike to be one word translated:
/// "Liberation", "Libertação" and "Liberación"; "Turquoise" and "Turquesa".
const COGNATE_PREFIX: usize = 5;
/// Letters per edit by which two spellings of a word may differ anywhere and still be one word
/// translated: a language adds or changes a letter or two inside a word ("Camaleón",
/// "Chameleon": two edits in nine letters), where another name shares few letters in place.
const COGNATE_LETTERS_PER_EDIT: usize = 4;

/// Whether two operations may be one name translated: as many words, each the same, or
/// beginning with the same [`COGNATE_PREFIX`] letters, or within an edit per
/// [`COGNATE_LETTERS_PER_EDIT`] letters of the longer. Outlets translate a name that is a word
/// and keep one that is not; a translation cannot be told from another name by its spelling,
/// so it is no evidence either way.
fn translated(a: &Operation, b: &Operation) -> bool {
    if a.edition != b.edition {
        return false;
    }
    let (x, y): (Vec<&str>, Vec<&str>) =
        (a.series.split(' ').collect(), b.series.split(' ').collect());
    x.len() == y.len() && x.iter().zip(&y).all(|(p, q)| p == q || cognate(p, q))
}

/// Whether two folded words of more than [`COGNATE_PREFIX`] letters may be one word in two
/// languages (see [`translated`]).
fn cognate(p: &str, q: &str) -> bool {
    if p.len() <= COGNATE_PREFIX || q.len() <= COGNATE_PREFIX {
        return false;
    }
    p.as_bytes()[..COGNATE_PREFIX] == q.as_bytes()[..COGNATE_PREFIX]
        || rastro_text::levenshtein_within(
            p,
            q,
            (p.len().max(q.len()) / COGNATE_LETTERS_PER_EDIT) as u32,
        )
}

fn groups(tables: &Tables, a: &[String], b: &[String]) -> Outcome {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let rarest = shared(a, b)
        .map(|g| tables.group_u(g))
        .min_by(f64::total_cmp);
    match rarest {
        Some(u) => shared_level("a group shared", GROUP_SHARED_M, u, a.len(), b.len()),
        None => level(OTHER_GROUPS),
    }
}

fn countries(t: &Tables, a: &[String], b: &[String]) -> Outcome {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let common = shared(a, b).count();
    let union = a.len() + b.len() - common;
    if common == union {
        let u = t.same_countries_u(a);
        return Some((SAME_COUNTRIES.name, (SAME_COUNTRIES.m / u).log2()));
    }
    level(if common * 2 >= union {
        MOST_COUNTRIES
    } else if common > 0 {
        SOME_COUNTRIES
    } else {
        NO_COUNTRY
    })
}

fn places(t: &Tables, a: &PreparedIncident, b: &PreparedIncident) -> Outcome {
    let has = |i: &PreparedIncident| !i.towns.is_empty() || !i.regions.is_empty();
    if !has(a) || !has(b) {
        return None;
    }
    // The rarest place shared sets `u`: sharing a village says more than sharing a capital.
    let by_rarity = |l: Level, counts: &HashMap<String, u32>, x: &[String], y: &[String]| {
        let u = shared(x, y)
            .map(|p| t.place_u(counts, p, l.u))
            .fold(1.0, f64::min);
        shared_level_k(l.name, l.m, u, x.len(), y.len(), shared(x, y).count())
    };
    if a.listed_towns.is_empty() && b.listed_towns.is_empty() {
        if shared(&a.towns, &b.towns).next().is_some() {
            return by_rarity(SAME_TOWN, &t.towns, &a.towns, &b.towns);
        }
    } else {
        // A town each report names on its own is its event's place, and is weighed among the
        // towns each so names; one that either report names only in a list of many is weighed
        // among all their towns, as one of many it touches. Lists that agree town for town say
        // as much as an own town, so the stronger reading counts.
        let own = |i: &PreparedIncident| -> Vec<String> {
            i.towns
                .iter()
                .filter(|t| i.listed_towns.binary_search(t).is_err())
                .cloned()
                .collect()
        };
        let (own_a, own_b) = (own(a), own(b));
        let among_all = shared(&a.towns, &b.towns)
            .next()
            .and_then(|_| by_rarity(SAME_TOWN, &t.towns, &a.towns, &b.towns));
        let among_own = shared(&own_a, &own_b)
            .next()
            .and_then(|_| by_rarity(SAME_TOWN, &t.towns, &own_a, &own_b));
        if let Some(best) = [among_all, among_own]
            .into_iter()
            .flatten()
            .max_by(|x, y| x.1.total_cmp(&y.1))
        {
            return Some(best);
        }
    }
    if shared(&a.regions, &b.regions).next().is_some() {
        by_rarity(SAME_REGION, &t.regions, &a.regions, &b.regions)
    } else {
        level(OTHER_PLACES)
    }
}

fn forms(a: &[String], b: &[String]) -> Outcome {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    if shared(a, b).next().is_some() {
        shared_level(
            FORM_SHARED.name,
            FORM_SHARED.m,
            FORM_SHARED.u,
            a.len(),
            b.len(),
        )
    } else {
        level(OTHER_FORMS)
    }
}

/// Two counts that each report's text gives both of are no disagreement: outlets headline
/// different parts of one tally (343 migrants, 103 of them children, 212 adults), and
/// extraction may take one text's passengers for its arrests ("46 trabalhadores ... cinco
/// detidos"). Small counts count as stated in words too (see [`super::stated`]). Only both ways
/// counts: a report that merely recalls the other's figure (a round-up, an earlier raid in its
/// background) may still disagree with it about its own.
const FIGURE_STATED_BY_BOTH: &str = "different, but both texts give both";

/// Two counts one text tells apart as a part and its total, naming the other part ("80 workers:
/// 76 in one town, four fishermen in the next" against "four fishermen"), or as two parts of a
/// total it gives ("76 workers ... also four fishermen, 80 in all" against "four fishermen"). A
/// part does not contradict the total it is part of. The text itself must give both counts and
/// the third: any two figures are a part and a total of some rest, and a report of another raid
/// seldom states this one's count beside its own and what joins them.
const FIGURE_PART_OF_TOTAL: &str = "different, but one text gives them as a part and its total";

/// A count of one against a larger one: a report that tells of one victim or one arrest ("a
/// woman was freed", "one suspect held") is most often telling one person's story out of the
/// event's many, or read "a" as a count, so the two counts are no sign of two events.
/// Only a few dozen: one person among hundreds is seldom how a report of that event begins, so
/// one against hundreds is read as two events' counts (or a misread one), as before.
const FIGURE_ONE_AGAINST_MANY: &str = "one against many (one person's story, or an article)";
const ONE_OF_MANY_AT_MOST: u64 = 50;

/// Whether a text whose figures are `text` (sorted) gives `low` and `high` with the rest
/// `high - low` (a total and its two parts) or with the whole `high + low` (two parts of a
/// total). A count of one is left out: "one" is as often an article as a count, so no text
/// reliably states it.
fn splits_into_parts(low: u64, high: u64, text: &[u64]) -> bool {
    let states = |v: u64| text.binary_search(&v).is_ok();
    let rest = high.saturating_sub(low);
    // Twice a count has the count itself as its rest; that is no third figure.
    low >= 2
        && states(low)
        && states(high)
        && ((rest != low && states(rest)) || states(high.saturating_add(low)))
}

/// Two reports' counts of one kind, `a` and `b`, with every figure each text gives.
fn figure(
    figures: &Figures,
    (a, a_text): (Option<u64>, &[u64]),
    (b, b_text): (Option<u64>, &[u64]),
) -> Outcome {
    let (a, b) = (a?, b?);
    if a == b {
        // A figure nearly every report gives is no evidence; it is never evidence against.
        let bits = (FIGURE_EQUAL_M / figures.u_equal(a)).log2().max(0.0);
        return Some(("equal", bits));
    }
    let (low, high) = (a.min(b), a.max(b));
    if high - low <= 2 || (high - low) * 5 <= high {
        // Either figure's band may be the one chance fell in; the wider share is the fair one.
        let u = figures.u_close(low).max(figures.u_close(high)).min(0.95);
        return Some((FIGURE_CLOSE, (FIGURE_CLOSE_M / u).log2().max(0.0)));
    }
    if b_text.binary_search(&a).is_ok() && a_text.binary_search(&b).is_ok() {
        return Some((FIGURE_STATED_BY_BOTH, 0.0));
    }
    if splits_into_parts(low, high, a_text) || splits_into_parts(low, high, b_text) {
        return Some((FIGURE_PART_OF_TOTAL, 0.0));
    }
    if low == 1 && high <= ONE_OF_MANY_AT_MOST {
        return Some((FIGURE_ONE_AGAINST_MANY, 0.0));
    }
    level(
        if high > low.saturating_mul(FAR_RATIO) && high - low >= FAR_UNITS {
            FIGURE_FAR
        } else {
            FIGURE_DIFFERENT
        },
    )
}

/// Copies of one story share 4-grams; reports in two languages cannot, so across languages only
/// sharing counts (a translated wire story keeps none, but a quoted passage may).
fn text(a: &[u64], b: &[u64], across_languages: bool) -> Outcome {
    if a.len() < MIN_SHINGLES || b.len() < MIN_SHINGLES {
        return None;
    }
    let common = sorted_common(a, b);
    let union = a.len() + b.len() - common;
    let jaccard = common as f64 / union as f64;
    if jaccard >= 0.5 {
        level(TEXT_COPY)
    } else if jaccard >= 0.2 {
        level(TEXT_OVERLAP)
    } else if across_languages {
        None
    } else {
        level(TEXT_DISTINCT)
    }
}

/// Stages of a case (see [`super::stage`]): two known and different are two events. The same
/// raid says nothing, since most news of a country is of raids; the same court stage (charges,
/// a plea, a verdict) says as much as it is rare among the collection's reports (see
/// [`Tables::court_stage_u`]).
fn stages(t: &Tables, a: &PreparedIncident, b: &PreparedIncident) -> Outcome {
    match (a.stage, b.stage) {
        (Some(x), Some(y)) if x != y => level(OTHER_STAGE),
        (Some(x), Some(_)) if x.of_court() => {
            let u = t.court_stage_u(x);
            Some((
                SAME_COURT_STAGE.name,
                (SAME_COURT_STAGE.m / u).log2().max(0.0),
            ))
        }
        _ => None,
    }
}

fn shared<'a, T: PartialEq>(a: &'a [T], b: &'a [T]) -> impl Iterator<Item = &'a T> + 'a {
    a.iter().filter(move |x| b.contains(x))
}

fn sorted_common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Every comparison of two reports, in a fixed order, with the values a reviewer needs.
fn outcomes(
    t: &Tables,
    a: &PreparedIncident,
    b: &PreparedIncident,
) -> [(&'static str, Outcome); 11] {
    let across_languages = matches!((a.language, b.language), (Some(x), Some(y)) if x != y);
    [
        ("operation", operations(a, b)),
        ("date", dates(a, b)),
        ("countries", countries(t, &a.countries, &b.countries)),
        ("places", places(t, a, b)),
        (
            "victims",
            figure(
                &t.victims,
                (a.victims, &a.stated_counts),
                (b.victims, &b.stated_counts),
            ),
        ),
        (
            "arrests",
            figure(
                &t.arrests,
                (a.arrests, &a.stated_counts),
                (b.arrests, &b.stated_counts),
            ),
        ),
        ("group", groups(t, &a.groups, &b.groups)),
        ("exploitation", forms(&a.forms, &b.forms)),
        ("text", text(&a.shingles, &b.shingles, across_languages)),
        ("names", rare_names(t, &a.names, &b.names, across_languages)),
        ("stage", stages(t, a, b)),
    ]
}

/// The evidence of all comparisons, in bits (the prior not included).
pub fn total(t: &Tables, a: &PreparedIncident, b: &PreparedIncident) -> f64 {
    outcomes(t, a, b)
        .iter()
        .filter_map(|(_, o)| o.map(|(_, w)| w))
        .sum()
}

/// What a pair's comparisons add up to, for deciding whether two clusters join.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    /// The evidence of all comparisons, in bits (the prior not included).
    pub total: f64,
    /// The weight of the comparison that tells most against (0 when none does).
    pub most_against: f64,
    /// The bits of the comparisons that point at this one incident rather than at its country,
    /// form and month: the same operation, town, day, group, rare names, an equal figure, a
    /// copied story. Different events in one country and month share everything but these.
    pub specific: f64,
    /// Signs of another incident: dates further apart than follow-ups come, another edition
    /// or another operation named (the same group's next operation), another stage of the
    /// case, a count many times another, both counts off. Each asks for more specific
    /// evidence; none vetoes alone, because a regional operation's report may give its
    /// national count and another report a local one. Other towns do not count: reports of
    /// one raid name the town or only its region.
    pub contradictions: u32,
    /// Comparisons that agree on a fact of the event's own rather than of its country or
    /// month: a town or region, a figure, an operation, a group, rare names, the court stage,
    /// or the same day (dates weeks apart are what the month's other events share).
    pub own_facts_agreeing: u32,
    /// How many comparisons add to [`Summary::specific`]: a town and a rare name are two
    /// facts of one incident, each of which a confounder shares alone more often than both.
    pub specific_facts: u32,
}

/// Whether a comparison's level points at one incident (see [`Summary::specific`]).
fn is_specific(comparison: &str, level: &str) -> bool {
    match comparison {
        "operation" => level == SAME_OPERATION.name || level == SAME_SERIES.name,
        "date" => level == SAME_DAY.name || level == SAME_DAY_OF_YEAR.name,
        "text" => level == TEXT_COPY.name || level == TEXT_OVERLAP.name,
        "places" => level == SAME_TOWN.name,
        "victims" | "arrests" => level == "equal",
        "group" | "names" => true,
        // Two reports of one town's sentencing, in any language, share little else that is
        // specific: the names differ across languages and the figures are the old raid's.
        "stage" => level == SAME_COURT_STAGE.name,
        _ => false,
    }
}

/// Whether a comparison's level, when it agrees, is a fact of the event's own (see
/// [`Summary::own_facts_agreeing`]).
fn is_own_fact(comparison: &str, level: &str) -> bool {
    match comparison {
        "countries" | "exploitation" | "text" => false,
        "date" => is_specific(comparison, level),
        _ => true,
    }
}

/// Whether a comparison's level tells of another incident (see [`Summary::contradictions`]).
fn is_contradiction(level: &str) -> bool {
    [
        OTHER_EDITION.name,
        OTHER_OPERATIONS.name,
        OTHER_STAGE.name,
        FIGURE_FAR.name,
        WITHIN_A_YEAR.name,
        OVER_A_YEAR.name,
        OTHER_DAY_OF_YEAR.name,
        SAME_DAY_OTHER_WEEKDAY.name,
    ]
    .contains(&level)
}

/// The evidence of all comparisons, with what of it is specific and what contradicts (see
/// [`Summary`]).
pub fn summary(t: &Tables, a: &PreparedIncident, b: &PreparedIncident) -> Summary {
    let mut s = Summary::default();
    let mut figures_differing = 0;
    for (comparison, outcome) in outcomes(t, a, b) {
        let Some((level, w)) = outcome else { continue };
        s.total += w;
        s.most_against = s.most_against.min(w);
        if w > 0.0 && is_specific(comparison, level) {
            s.specific += w;
            s.specific_facts += 1;
        }
        s.own_facts_agreeing += u32::from(w > 0.0 && is_own_fact(comparison, level));
        s.contradictions += u32::from(is_contradiction(level));
        figures_differing += u32::from(level == FIGURE_DIFFERENT.name || level == FIGURE_FAR.name);
    }
    // An update revises one count at a time; both counts off, each beyond what rounding
    // explains, is another raid's pair of counts.
    if figures_differing == 2 {
        s.contradictions += 1;
    }
    s
}

/// The evidence of each comparison that had something to compare.
pub fn explain(t: &Tables, a: &PreparedIncident, b: &PreparedIncident) -> Vec<Evidence> {
    outcomes(t, a, b)
        .into_iter()
        .filter_map(|(comparison, o)| {
            let (name, weight) = o?;
            Some(Evidence {
                comparison,
                level: format!(
                    "{name}: {} | {}",
                    shown(comparison, a),
                    shown(comparison, b)
                ),
                weight,
            })
        })
        .collect()
}

fn shown(comparison: &str, i: &PreparedIncident) -> String {
    let figure = |v: Option<u64>| v.map_or_else(String::new, |v| v.to_string());
    match comparison {
        "operation" => {
            let named = |ops: &[Operation]| {
                ops.iter()
                    .map(|o| match o.edition {
                        Some(e) => format!("{} {e}", o.series),
                        None => o.series.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if i.background_operations.is_empty() {
                named(&i.operations)
            } else {
                format!(
                    "{} (background: {})",
                    named(&i.operations),
                    named(&i.background_operations)
                )
            }
        }
        "date" => i.date_shown.clone(),
        "countries" => i.countries.join(" "),
        "places" => i
            .towns
            .iter()
            .chain(&i.regions)
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
        "victims" => figure(i.victims),
        "arrests" => figure(i.arrests),
        "group" => i.groups.join(", "),
        "exploitation" => i.forms.join(" "),
        "text" => format!("{} sampled 4-grams", i.shingles.len()),
        "names" => format!("{} rare names", i.names.len()),
        "stage" => i.stage.map_or("", |s| s.name()).to_string(),
        _ => String::new(),
    }
}
