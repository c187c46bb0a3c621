//! The streaming scorer: one transaction at a time, against the state so far.

use std::sync::Arc;

use rastro_text::fasthash::FastMap;
use xxhash_rust::xxh3::xxh3_64;

use super::alert::{value_words, window_words, Alert, Band, RuleHit, MAX_LISTED};
use super::facts::{Facts, Side, TextCache};
use super::state::{Event, SubjectState};
use crate::catalogue::{Catalogue, Inner, Measure, SubjectKind};
use crate::hash::hash64;
use crate::known::KnownIdentifiers;
use crate::txn::Transaction;

/// With each transaction, this many other subjects of each kind are visited in turn and forget
/// the events no window reaches any more, so that a scorer running for months holds what the
/// windows need even for accounts that went quiet, without ever stopping to sweep them all.
const SWEEP_PER_TRANSACTION: usize = 2;

/// Scores transactions as they arrive. Feed them in time order; a transaction older than the
/// latest one seen for its account is scored as if it arrived at that latest time.
pub struct Scorer {
    catalogue: Catalogue,
    known: KnownIdentifiers,
    /// (this shard, shards): a subject belongs to the shard its digest falls in.
    shard: (u64, u64),
    transactions: u64,
    unpriced: u64,
    now: i64,
    work: Work,
}

/// What scoring changes, apart from what it reads (the catalogue), so both can be borrowed at
/// once without touching the catalogue's shared counter for every transaction.
struct Work {
    /// Each kind's subjects, and where each subject's state is.
    accounts: Subjects,
    parties: Subjects,
    texts: TextCache,
    /// (band, value, count) per rule, reused between transactions.
    values: Vec<(Band, f64, u32)>,
}

impl Scorer {
    pub fn new(catalogue: &Catalogue, known: &KnownIdentifiers) -> Scorer {
        Scorer::shard(catalogue, known, 0, 1)
    }

    /// A scorer that keeps only the subjects of shard `index` of `count`: shards see every
    /// transaction and split the subjects, so they run on separate cores without sharing state.
    pub(crate) fn shard(
        catalogue: &Catalogue,
        known: &KnownIdentifiers,
        index: u64,
        count: u64,
    ) -> Scorer {
        Scorer {
            catalogue: catalogue.clone(),
            known: known.clone(),
            shard: (index, count.max(1)),
            transactions: 0,
            unpriced: 0,
            now: i64::MIN,
            work: Work {
                accounts: Subjects::default(),
                parties: Subjects::default(),
                texts: TextCache::default(),
                values: vec![(Band::None, 0.0, 0); catalogue.inner.rules.len()],
            },
        }
    }

    /// Scores one transaction: updates the state of its accounts (and parties) and returns the
    /// alerts it raises.
    pub fn score(&mut self, transaction: &Transaction) -> Vec<Alert> {
        let mut alerts = Vec::new();
        self.score_into(transaction, &mut alerts);
        alerts
    }

    /// Transactions scored so far (by this shard, for a shard).
    pub fn transactions(&self) -> u64 {
        self.transactions
    }

    /// Distinct accounts seen so far (this shard's, for a shard).
    pub fn accounts(&self) -> u64 {
        self.work.accounts.states.len() as u64
    }

    /// Transactions whose currency the catalogue has no rate for: their amounts count as 0.
    pub fn unpriced(&self) -> u64 {
        self.unpriced
    }

    pub(crate) fn score_into(&mut self, t: &Transaction, out: &mut Vec<Alert>) {
        let facts = Facts::new(t, &self.catalogue.inner, &self.known, &mut self.work.texts);
        self.score_prepared(t, &facts, out);
    }

    /// Scores a transaction whose facts were worked out already (by another thread, for a
    /// batch).
    pub(crate) fn score_prepared(&mut self, t: &Transaction, facts: &Facts, out: &mut Vec<Alert>) {
        let cat = &*self.catalogue.inner;
        self.transactions += 1;
        let time = t.time.utc_seconds();
        self.now = self.now.max(time);
        if self.shard.0 == 0 && !cat.rates.contains_key(&t.currency) {
            self.unpriced += 1;
        }
        let shard = self.shard;
        let owns = |key: &str| shard.1 == 1 || hash64(key) % shard.1 == shard.0;

        let mut subjects: [Option<(SubjectKind, Side)>; 4] = [None; 4];
        for (slot, (side, party)) in [(Side::Debtor, &t.debtor), (Side::Creditor, &t.creditor)]
            .into_iter()
            .enumerate()
        {
            if party.account.as_deref().is_some_and(owns) {
                subjects[slot] = Some((SubjectKind::Account, side));
            }
            if facts.party_keys[slot].as_deref().is_some_and(owns) {
                subjects[slot + 2] = Some((SubjectKind::Party, side));
            }
        }
        for (slot, subject) in subjects.into_iter().enumerate() {
            let Some((kind, side)) = subject else {
                continue;
            };
            let party = match side {
                Side::Debtor => &t.debtor,
                Side::Creditor => &t.creditor,
            };
            let key = match kind {
                SubjectKind::Account => party.account.as_ref(),
                SubjectKind::Party => facts.party_keys[slot - 2].as_ref(),
            };
            if let Some(key) = key {
                self.work.visit(cat, kind, side, key, facts, t, out);
            }
        }
        self.work.sweep(cat, self.now);
    }
}

/// Subjects' states in one vector, found by key through a table of positions: one lookup
/// per visit, and states that do not move when the table grows.
#[derive(Default)]
struct Subjects {
    index: FastMap<Arc<str>, u32>,
    states: Vec<SubjectState>,
    /// The last state swept.
    cursor: usize,
}

impl Subjects {
    fn get_or_insert(&mut self, key: &Arc<str>, time: i64) -> &mut SubjectState {
        let position = match self.index.get(&**key) {
            Some(p) => *p as usize,
            None => {
                self.states.push(SubjectState::new(time));
                let p = self.states.len() - 1;
                self.index.insert(key.clone(), p as u32);
                p
            }
        };
        &mut self.states[position]
    }
}

impl Work {
    /// Updates one subject with the transaction and, when the transaction passed one of its
    /// filters, scores the subject's typologies. A transaction that passes none of them carries
    /// nothing for the subject's rules; the subject is scored again at its next one.
    #[allow(clippy::too_many_arguments)]
    fn visit(
        &mut self,
        cat: &Inner,
        kind: SubjectKind,
        side: Side,
        key: &Arc<str>,
        facts: &Facts,
        t: &Transaction,
        out: &mut Vec<Alert>,
    ) {
        let k = kind as usize;
        let subjects = match kind {
            SubjectKind::Account => &mut self.accounts,
            SubjectKind::Party => &mut self.parties,
        };
        let state = subjects.get_or_insert(key, facts.time);
        let party = match side {
            Side::Debtor => &t.debtor,
            Side::Creditor => &t.creditor,
        };
        if party.name.is_some()
            && state.name.as_ref().map(Arc::as_ptr) != party.name.as_ref().map(Arc::as_ptr)
        {
            state.name = party.name.clone();
        }
        if state.home.is_none() && !t.channel.is_abroad() {
            state.home = facts.country;
        }
        let now = state.latest.max(facts.time);
        state.latest = now;
        let mask = facts.mask(cat, side, state.home, cat.filter_mask[k]);
        if mask == 0 {
            return;
        }
        let event = Event {
            time: now,
            amount: facts.amount,
            mask,
            keys: facts.keys(side),
            keep: 0,
            id: t.id.clone(),
            account: match kind {
                SubjectKind::Party => party.account.clone(),
                SubjectKind::Account => None,
            },
        };
        state.push(cat, &cat.rules_by_kind[k], event);
        state.advance(cat, now);

        let mut any = false;
        let mut aggs = state.aggs.iter().peekable();
        for &r in &cat.rules_by_kind[k] {
            let rule = &cat.rules[r];
            while aggs.peek().is_some_and(|a| a.rule < r) {
                aggs.next();
            }
            let agg = aggs.peek().filter(|a| a.rule == r).copied();
            let (value, count) = state.value(rule, agg, now);
            let band = if count < rule.min_count && rule.measure != Measure::Since {
                Band::None
            } else if rule.below && now - state.first_seen < rule.window {
                // Too little is evidence only over a whole window of the subject's history.
                Band::None
            } else {
                Band::of(value, &rule.bands, rule.below)
            };
            any |= band != Band::None;
            self.values[r] = (band, value, count);
        }
        if !any {
            return;
        }
        for &ti in &cat.typologies_by_kind[k] {
            let typology = &cat.typologies[ti];
            if typology
                .require
                .iter()
                .any(|r| self.values[*r].0 == Band::None)
            {
                continue;
            }
            let score: f64 = typology
                .weights
                .iter()
                .map(|(r, w)| w * self.values[*r].0.points())
                .sum();
            if score < typology.threshold {
                continue;
            }
            if state
                .alerted
                .iter()
                .any(|(x, at)| *x == ti && now - at < typology.cooldown)
            {
                continue;
            }
            state.alerted.retain(|(x, _)| *x != ti);
            state.alerted.push((ti, now));
            out.push(build_alert(
                cat,
                ti,
                score,
                kind,
                key,
                state,
                &self.values,
                t,
            ));
        }
    }

    /// Lets the next few subjects in turn forget what no window reaches any more.
    fn sweep(&mut self, cat: &Inner, now: i64) {
        for subjects in [&mut self.accounts, &mut self.parties] {
            for _ in 0..SWEEP_PER_TRANSACTION.min(subjects.states.len()) {
                subjects.cursor = (subjects.cursor + 1) % subjects.states.len();
                let state = &mut subjects.states[subjects.cursor];
                state.advance(cat, now);
                if state.events.capacity() > 4 * state.events.len() + 16 {
                    state.events.shrink_to(2 * state.events.len());
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn build_alert(
    cat: &Inner,
    typology_index: usize,
    score: f64,
    kind: SubjectKind,
    key: &str,
    state: &SubjectState,
    values: &[(Band, f64, u32)],
    t: &Transaction,
) -> Alert {
    let typology = &cat.typologies[typology_index];
    let money = cat.money.as_str();
    let mut accounts: Vec<String> = Vec::new();
    let mut rules = Vec::new();
    for &(r, weight) in &typology.weights {
        let (band, value, count) = values[r];
        if band == Band::None {
            continue;
        }
        let rule = &cat.rules[r];
        let mut listed = Vec::new();
        let mut more = 0usize;
        let wanted = rule.mask | rule.over_mask;
        let mut list = |event: &Event| {
            if listed.len() < MAX_LISTED {
                listed.push(event.id.to_string());
                if let Some(a) = &event.account {
                    if !accounts.iter().any(|x| **x == **a) {
                        accounts.push(a.to_string());
                    }
                }
            } else {
                more += 1;
            }
        };
        if rule.window == 0 {
            // `since` lists the last transaction of the kind it waits for, if still remembered.
            if let Some(event) = state.events.iter().rev().find(|e| e.mask & wanted != 0) {
                list(event);
            }
        } else if let Some(agg) = state.agg(r) {
            let from = (agg.tail.saturating_sub(state.base) as usize).min(state.events.len());
            for event in state.events.range(from..).filter(|e| e.mask & wanted != 0) {
                list(event);
            }
        }
        let window = window_words(rule.window);
        let reason = rule
            .reason
            .replace("{value}", &value_words(rule.measure, value, money))
            .replace("{window}", &window)
            .replace("{band}", band.as_str())
            .replace("{count}", &count.to_string());
        rules.push(RuleHit {
            rule: rule.name.clone(),
            title: rule.title.clone(),
            measure: rule.measure.as_str().to_string(),
            band,
            value: (value * 10_000.0).round() / 10_000.0,
            weight,
            window,
            reason,
            transactions: listed,
            more_transactions: more,
        });
    }
    if kind == SubjectKind::Account {
        accounts = vec![key.to_string()];
    }
    let id_text = format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
        cat.version,
        typology.name,
        kind.as_str(),
        key,
        t.id
    );
    Alert {
        id: format!("{:016x}", xxh3_64(id_text.as_bytes())),
        catalogue_version: cat.version.clone(),
        typology: typology.name.clone(),
        title: typology.title.clone(),
        subject_kind: kind,
        subject: key.to_string(),
        name: state.name.as_deref().map(str::to_string),
        accounts,
        time: t.time,
        trigger: t.id.to_string(),
        score,
        threshold: typology.threshold,
        rules,
    }
}
