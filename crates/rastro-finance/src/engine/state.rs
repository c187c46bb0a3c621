//! The rolling state of one subject: its recent transactions that some rule counts, and one
//! running aggregate per rule, kept up to date as transactions enter and leave the rule's window.
//!
//! Each aggregate keeps a position in the subject's queue of events; when time moves on, the
//! aggregate walks forward from there, taking out what left its window. Every event enters and
//! leaves each aggregate once, so scoring a transaction costs the same whether the account saw
//! ten transactions last month or ten thousand.

use std::collections::VecDeque;
use std::sync::Arc;

use rastro_model::CountryCode;
use rastro_text::fasthash::FastMap;

use crate::catalogue::{Inner, Measure, Rule, KEY_FIELDS};
use crate::time::SECONDS_PER_DAY;

/// The value of a ratio whose denominator is empty while its numerator is not.
pub(crate) const RATIO_OVER_NOTHING: f64 = 1_000_000.0;

/// A transaction as a subject's rules remember it.
pub(crate) struct Event {
    pub(crate) time: i64,
    pub(crate) amount: f64,
    /// The filters it passed, from the subject's side.
    pub(crate) mask: u64,
    pub(crate) keys: [u32; KEY_FIELDS],
    /// Seconds the event must be kept: the longest window of the rules that count it.
    pub(crate) keep: u32,
    pub(crate) id: Arc<str>,
    /// The subject's account in this transaction, kept for party subjects only.
    pub(crate) account: Option<Arc<str>>,
}

/// One rule's running aggregate over one subject's window.
pub(crate) struct Agg {
    pub(crate) rule: usize,
    /// Absolute position of the oldest event still inside the window.
    pub(crate) tail: u64,
    pub(crate) count: u32,
    pub(crate) sum: f64,
    pub(crate) over_count: u32,
    pub(crate) over_sum: f64,
    /// Value digest → events carrying it (distinct counts only).
    distinct: Option<Box<FastMap<u32, u32>>>,
    /// Time of the latest event counted (for `since`).
    pub(crate) last: i64,
}

impl Agg {
    fn new(rule: usize, tail: u64) -> Agg {
        Agg {
            rule,
            tail,
            count: 0,
            sum: 0.0,
            over_count: 0,
            over_sum: 0.0,
            distinct: None,
            last: i64::MIN,
        }
    }

    fn add(&mut self, rule: &Rule, event: &Event, counted: bool, over: bool) {
        if counted {
            self.count += 1;
            self.sum += event.amount;
            self.last = self.last.max(event.time);
            if let Some(of) = rule.of {
                let key = event.keys[of as usize];
                if key != 0 {
                    *self
                        .distinct
                        .get_or_insert_with(Default::default)
                        .entry(key)
                        .or_insert(0) += 1;
                }
            }
        }
        if over {
            self.over_count += 1;
            self.over_sum += event.amount;
        }
    }

    fn remove(&mut self, rule: &Rule, event: &Event) {
        if event.mask & rule.mask != 0 {
            self.count = self.count.saturating_sub(1);
            // Sums drift when floats are added and taken out for months; an empty window is 0.
            self.sum = if self.count == 0 {
                0.0
            } else {
                self.sum - event.amount
            };
            if let (Some(of), Some(map)) = (rule.of, self.distinct.as_mut()) {
                let key = event.keys[of as usize];
                if let Some(n) = map.get_mut(&key) {
                    *n -= 1;
                    if *n == 0 {
                        map.remove(&key);
                    }
                }
            }
        }
        if event.mask & rule.over_mask != 0 {
            self.over_count = self.over_count.saturating_sub(1);
            self.over_sum = if self.over_count == 0 {
                0.0
            } else {
                self.over_sum - event.amount
            };
        }
    }

    pub(crate) fn distinct(&self) -> usize {
        self.distinct.as_ref().map_or(0, |m| m.len())
    }
}

/// The state of one account or party.
pub(crate) struct SubjectState {
    pub(crate) first_seen: i64,
    pub(crate) latest: i64,
    /// The country of its first transaction that was not a transfer abroad: what "foreign"
    /// is measured against.
    pub(crate) home: Option<CountryCode>,
    pub(crate) events: VecDeque<Event>,
    /// Absolute position of `events[0]`.
    pub(crate) base: u64,
    /// Sorted by rule.
    pub(crate) aggs: Vec<Agg>,
    /// (typology, time of its last alert) for the cooldown.
    pub(crate) alerted: Vec<(usize, i64)>,
    /// The subject's name as last written.
    pub(crate) name: Option<Arc<str>>,
}

impl SubjectState {
    pub(crate) fn new(time: i64) -> SubjectState {
        SubjectState {
            first_seen: time,
            latest: time,
            home: None,
            events: VecDeque::new(),
            base: 0,
            aggs: Vec::new(),
            alerted: Vec::new(),
            name: None,
        }
    }

    pub(crate) fn agg(&self, rule: usize) -> Option<&Agg> {
        self.aggs
            .binary_search_by_key(&rule, |a| a.rule)
            .ok()
            .map(|i| &self.aggs[i])
    }

    /// Adds an event to the queue and to the aggregates of the rules that count it.
    pub(crate) fn push(&mut self, cat: &Inner, rules: &[usize], mut event: Event) {
        let position = self.base + self.events.len() as u64;
        let mut keep = 0i64;
        // Rules and aggregates are both in rule order: walk them side by side.
        let mut i = 0;
        for &r in rules {
            let rule = &cat.rules[r];
            let counted = event.mask & rule.mask != 0;
            let over = event.mask & rule.over_mask != 0;
            while i < self.aggs.len() && self.aggs[i].rule < r {
                i += 1;
            }
            if !counted && !over {
                continue;
            }
            if i == self.aggs.len() || self.aggs[i].rule != r {
                self.aggs.insert(i, Agg::new(r, position));
            }
            self.aggs[i].add(rule, &event, counted, over);
            keep = keep.max(rule.window);
        }
        event.keep = u32::try_from(keep).unwrap_or(u32::MAX);
        self.events.push_back(event);
    }

    /// Takes out of each aggregate what has left its window by `now`, and forgets the oldest
    /// events once no rule that counts them can reach them.
    pub(crate) fn advance(&mut self, cat: &Inner, now: i64) {
        let end = self.base + self.events.len() as u64;
        for agg in &mut self.aggs {
            let rule = &cat.rules[agg.rule];
            if rule.window == 0 {
                agg.tail = end;
                continue;
            }
            let cutoff = now - rule.window;
            while agg.tail < end {
                let event = &self.events[(agg.tail - self.base) as usize];
                if event.time > cutoff {
                    break;
                }
                agg.remove(rule, event);
                agg.tail += 1;
            }
        }
        // An event leaves the queue when the longest window among the rules that count it
        // has passed. Every such rule's aggregate has just walked past it (same `now`); an
        // aggregate still pointing at it does not count it, and moves on with the queue.
        while self
            .events
            .front()
            .is_some_and(|e| e.time <= now - i64::from(e.keep))
        {
            self.events.pop_front();
            self.base += 1;
        }
        for agg in &mut self.aggs {
            agg.tail = agg.tail.max(self.base);
        }
    }

    /// A rule's value now, and how many events it counted (for a ratio, its denominator's).
    pub(crate) fn value(&self, rule: &Rule, agg: Option<&Agg>, now: i64) -> (f64, u32) {
        match rule.measure {
            Measure::Since => {
                let last = agg.map_or(self.first_seen, |a| a.last.max(self.first_seen));
                let days = (now - last).max(0) as f64 / SECONDS_PER_DAY as f64;
                (days, agg.map_or(0, |a| a.count))
            }
            _ => match agg {
                None => (0.0, 0),
                Some(a) => {
                    let value = match rule.measure {
                        Measure::Count => f64::from(a.count),
                        Measure::Sum => a.sum,
                        Measure::Distinct => a.distinct() as f64,
                        Measure::Ratio if a.over_sum > 0.0 => a.sum / a.over_sum,
                        // Something over nothing: as large as a ratio is reported.
                        Measure::Ratio if a.sum > 0.0 => RATIO_OVER_NOTHING,
                        _ => 0.0,
                    };
                    // A ratio means something once its denominator has enough events.
                    let count = if rule.measure == Measure::Ratio {
                        a.over_count
                    } else {
                        a.count
                    };
                    (value, count)
                }
            },
        }
    }
}
