//! What the filters ask of a transaction, worked out once per transaction: the amount in the
//! catalogue's money, the local hour, the word lists its names and description contain, whether
//! its contact is known, and digests of the values distinct counts count.

use std::sync::Arc;

use rastro_model::CountryCode;
use rastro_text::fasthash::FastMap;

use crate::catalogue::{Direction, Filter, Inner, KeyField, SubjectKind, KEY_FIELDS};
use crate::hash::hash32;
use crate::known::{contact_key, KnownIdentifiers};
use crate::txn::Transaction;

/// Which side of the transaction the subject is on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Side {
    Debtor,
    Creditor,
}

/// What the engine remembers of a piece of text: the word lists it contains, the digest of its
/// folded form and the folded form itself (a party's key).
#[derive(Clone)]
struct TextInfo {
    words: u32,
    hash: u32,
    folded: Arc<str>,
}

/// Folding and searching text costs far more than the rest of a transaction's work, and names,
/// cities and descriptions repeat, so each distinct text is worked out once. Readers and the
/// generator share one allocation per repeated text, so the cache is keyed by the allocation's
/// address, and holds the text itself so that the address cannot be reused for another while
/// it is cached. It forgets everything past a bound, so memory stays flat on text that does not
/// repeat.
#[derive(Default)]
pub(crate) struct TextCache {
    map: FastMap<usize, (Arc<str>, TextInfo)>,
}

const TEXT_CACHE_LIMIT: usize = 500_000;

impl TextCache {
    fn info(&mut self, cat: &Inner, text: &Arc<str>) -> &TextInfo {
        let address = Arc::as_ptr(text) as *const u8 as usize;
        if !self.map.contains_key(&address) {
            if self.map.len() >= TEXT_CACHE_LIMIT {
                self.map.clear();
            }
            let folded = rastro_text::fold_key(text);
            let words = cat.words_in(&format!(" {folded} "));
            let info = TextInfo {
                words,
                hash: if folded.is_empty() {
                    0
                } else {
                    hash32(&folded)
                },
                folded: Arc::from(folded),
            };
            self.map.insert(address, (text.clone(), info));
        }
        // Inserted just above when missing.
        &self.map[&address].1
    }

    fn words_and_hash(&mut self, cat: &Inner, text: Option<&Arc<str>>) -> (u32, u32) {
        match text {
            Some(t) => {
                let info = self.info(cat, t);
                (info.words, info.hash)
            }
            None => (0, 0),
        }
    }

    /// A party's key: its name folded; `None` for a name that folds to nothing.
    pub(crate) fn party_key(&mut self, cat: &Inner, name: &Arc<str>) -> Option<Arc<str>> {
        let info = self.info(cat, name);
        (!info.folded.is_empty()).then(|| info.folded.clone())
    }
}

pub(crate) struct Facts {
    pub(crate) time: i64,
    hour: u8,
    /// Signed amount in the catalogue's money; 0 when the currency has no rate.
    pub(crate) amount: f64,
    pub(crate) priced: bool,
    channel_bit: u16,
    mcc: Option<u16>,
    pub(crate) country: Option<CountryCode>,
    threshold_share: f64,
    debtor_words: u32,
    creditor_words: u32,
    description_words: u32,
    known_contact: bool,
    /// Digests of city, branch, place, country and contact, which are the same on both sides.
    common: [u32; 5],
    debtor_account: u32,
    creditor_account: u32,
    debtor_name: u32,
    creditor_name: u32,
    /// The parties' keys (folded names), when the catalogue has rules per party.
    pub(crate) party_keys: [Option<Arc<str>>; 2],
}

impl Facts {
    pub(crate) fn new(
        t: &Transaction,
        cat: &Inner,
        known: &KnownIdentifiers,
        cache: &mut TextCache,
    ) -> Facts {
        let rate = cat.rates.get(&t.currency).copied();
        let amount = rate.map_or(0.0, |r| t.amount.as_f64() * r);
        let (debtor_words, debtor_name) = cache.words_and_hash(cat, t.debtor.name.as_ref());
        let (creditor_words, creditor_name) = cache.words_and_hash(cat, t.creditor.name.as_ref());
        let (description_words, _) = cache.words_and_hash(cat, t.description.as_ref());
        let (_, city) = cache.words_and_hash(cat, t.city.as_ref());
        let (_, branch) = cache.words_and_hash(cat, t.branch.as_ref());
        let contact = t.contact.as_deref().and_then(contact_key);
        let party_keys = if cat.rules_by_kind[SubjectKind::Party as usize].is_empty() {
            [None, None]
        } else {
            [
                t.debtor.name.as_ref().and_then(|n| cache.party_key(cat, n)),
                t.creditor
                    .name
                    .as_ref()
                    .and_then(|n| cache.party_key(cat, n)),
            ]
        };
        Facts {
            time: t.time.utc_seconds(),
            hour: t.time.local_hour(),
            amount,
            priced: rate.is_some(),
            channel_bit: t.channel.bit(),
            mcc: t.mcc,
            country: t.country,
            threshold_share: amount.abs() / cat.threshold(t.country),
            debtor_words,
            creditor_words,
            description_words,
            known_contact: contact.as_deref().is_some_and(|k| known.contains_key(k)),
            common: [
                city,
                branch,
                if branch != 0 { branch } else { city },
                t.country.map_or(0, |c| hash32(c.as_str())),
                contact.as_deref().map_or(0, hash32),
            ],
            debtor_account: t.debtor.account.as_deref().map_or(0, hash32),
            creditor_account: t.creditor.account.as_deref().map_or(0, hash32),
            debtor_name,
            creditor_name,
            party_keys,
        }
    }

    /// The digests of the values distinct counts count, from one side's point of view.
    pub(crate) fn keys(&self, side: Side) -> [u32; KEY_FIELDS] {
        let (account, name) = match side {
            Side::Debtor => (self.creditor_account, self.creditor_name),
            Side::Creditor => (self.debtor_account, self.debtor_name),
        };
        let mut keys = [0u32; KEY_FIELDS];
        keys[KeyField::City as usize] = self.common[0];
        keys[KeyField::Branch as usize] = self.common[1];
        keys[KeyField::Place as usize] = self.common[2];
        keys[KeyField::Country as usize] = self.common[3];
        keys[KeyField::Contact as usize] = self.common[4];
        keys[KeyField::Counterparty as usize] = if account != 0 { account } else { name };
        keys[KeyField::CounterpartyName as usize] = name;
        keys
    }

    /// The bits of the wanted filters this transaction passes, seen from one side by a
    /// subject whose home country is `home`.
    pub(crate) fn mask(
        &self,
        cat: &Inner,
        side: Side,
        home: Option<CountryCode>,
        wanted: u64,
    ) -> u64 {
        let mut mask = 0u64;
        for (i, filter) in cat.filters.iter().enumerate().take(64) {
            if wanted & (1 << i) != 0 && self.passes(filter, side, home) {
                mask |= 1 << i;
            }
        }
        mask
    }

    fn passes(&self, f: &Filter, side: Side, home: Option<CountryCode>) -> bool {
        match (f.direction, side) {
            (Direction::In, Side::Debtor) | (Direction::Out, Side::Creditor) => return false,
            _ => {}
        }
        if f.channels != 0 && f.channels & self.channel_bit == 0 {
            return false;
        }
        if !f.mcc.is_empty() {
            match self.mcc {
                Some(m) if f.mcc.iter().any(|(a, b)| *a <= m && m <= *b) => {}
                _ => return false,
            }
        }
        let (own, other) = match side {
            Side::Debtor => (self.debtor_words, self.creditor_words),
            Side::Creditor => (self.creditor_words, self.debtor_words),
        };
        let has = |bits: u32, list: Option<usize>| list.is_none_or(|l| bits & (1 << l) != 0);
        if !has(own, f.subject_words)
            || f.subject_not_words.is_some_and(|l| own & (1 << l) != 0)
            || !has(other, f.counterparty_words)
            || !has(self.description_words, f.description_words)
        {
            return false;
        }
        if let Some((from, to)) = f.hours {
            let h = self.hour;
            let inside = match from.cmp(&to) {
                std::cmp::Ordering::Less => h >= from && h < to,
                std::cmp::Ordering::Greater => h >= from || h < to,
                std::cmp::Ordering::Equal => true,
            };
            if !inside {
                return false;
            }
        }
        if f.min_amount.is_some() || f.max_amount.is_some() || f.threshold_share.is_some() {
            if !self.priced {
                return false;
            }
            let abs = self.amount.abs();
            if f.min_amount.is_some_and(|m| abs < m) || f.max_amount.is_some_and(|m| abs > m) {
                return false;
            }
            if let Some((from, to)) = f.threshold_share {
                if self.threshold_share < from || self.threshold_share >= to {
                    return false;
                }
            }
        }
        if let Some(wanted) = f.foreign {
            let foreign = matches!((self.country, home), (Some(c), Some(h)) if c != h);
            if foreign != wanted {
                return false;
            }
        }
        if !f.countries.is_empty()
            && self
                .country
                .is_none_or(|c| f.countries.binary_search(&c).is_err())
        {
            return false;
        }
        if f.known_contact.is_some_and(|k| k != self.known_contact) {
            return false;
        }
        true
    }
}
