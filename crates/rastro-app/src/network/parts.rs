//! A network's records by kind of data — cases, news, money — each kept for its viewer under the
//! stamp of what moves that kind alone, so that a change to one kind reads only that kind again.
//!
//! The graph itself is built again at any change, since a record added of one kind can join
//! values another kind holds (a case's phone that a payment carries); what is saved is the
//! reading. That matters most for money: every transaction is sealed whole, and the network
//! needs what only its opened body says (accounts and party names as written, amounts, times,
//! the contact) — the store's blind indexes of accounts and contacts are keyed per owner and
//! cannot be shown or joined to a case's phone. So the money part opens every visible
//! transaction when first read; after that, while no grant changes, only the transactions
//! stored since are opened and folded into what was read (the alerts, few, are read again),
//! and an import of cases or news opens none.

use std::sync::Arc;

use rastro_store::TransactionStamp;

use super::money::{self, MoneyRead};
use super::sources::Part;
use crate::session::Session;
use crate::Result;

/// How a build came by one kind of data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reading {
    /// Kept from the build before: nothing read.
    #[default]
    Kept,
    /// What was kept, and what was stored since: only that read.
    Added,
    /// All read.
    Whole,
}

/// How a build came by each kind of data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartsRead {
    pub cases: Reading,
    pub news: Reading,
    pub money: Reading,
}

/// One viewer's parts, each with the key it was read under.
#[derive(Default)]
pub(crate) struct KeptParts {
    pub cases: Option<(String, Arc<Part>)>,
    pub news: Option<(String, Arc<Part>)>,
    pub money: Option<KeptMoney>,
}

/// The money part, with the transactions read for it and the stamps it was read at.
pub(crate) struct KeptMoney {
    grants: String,
    stamp: Option<TransactionStamp>,
    read: MoneyRead,
    part: Arc<Part>,
}

/// The money part at `stamp`: kept if nothing moved, else the transactions stored since
/// `stamp`'s predecessor added to what was read, when no grant changed (`grants`, the
/// visibility stamp's part grants move) and transactions were only added; else all read.
pub(crate) fn money_kept_or_read(
    slot: &mut Option<KeptMoney>,
    session: &Session,
    grants: String,
    stamp: Option<TransactionStamp>,
) -> Result<(Arc<Part>, Reading)> {
    if let Some(kept) = slot
        .as_ref()
        .filter(|kept| kept.grants == grants && kept.stamp == stamp)
    {
        return Ok((Arc::clone(&kept.part), Reading::Kept));
    }
    // Taken out: a failed read leaves nothing kept, and the next build reads all again.
    let kept = slot.take().filter(|kept| kept.grants == grants);
    let (mut read, reading) = match (kept, &stamp) {
        (Some(kept), Some(now)) if kept.stamp.is_some_and(|then| now.only_adds_to(&then)) => {
            let mut read = kept.read;
            read.read(session, kept.stamp.as_ref())?;
            (read, Reading::Added)
        }
        _ => {
            let mut read = MoneyRead::default();
            read.read(session, None)?;
            (read, Reading::Whole)
        }
    };
    let mut part = Part::default();
    part.records = money::records(session, &mut read, &mut part.counts)?;
    let part = Arc::new(part);
    *slot = Some(KeptMoney {
        grants,
        stamp,
        read,
        part: Arc::clone(&part),
    });
    Ok((part, reading))
}

/// The part kept in `slot` if it was read under `key`; else read now and kept.
pub(crate) fn kept_or_read(
    slot: &mut Option<(String, Arc<Part>)>,
    key: String,
    read: impl FnOnce() -> Result<Part>,
) -> Result<(Arc<Part>, Reading)> {
    if let Some((kept_key, part)) = slot.as_ref() {
        if *kept_key == key {
            return Ok((Arc::clone(part), Reading::Kept));
        }
    }
    // A failed read leaves nothing kept: the next build reads again.
    *slot = None;
    let part = Arc::new(read()?);
    *slot = Some((key, Arc::clone(&part)));
    Ok((part, Reading::Whole))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AppError;

    #[test]
    fn a_part_is_read_again_only_when_its_key_moves() {
        let mut slot = None;
        let mut reads = 0;
        let mut read = |n: usize| {
            reads += 1;
            let mut part = Part::default();
            part.counts.cases = n;
            Ok(part)
        };
        let (first, how) = kept_or_read(&mut slot, "k1".into(), || read(1)).unwrap();
        assert!(how == Reading::Whole && first.counts.cases == 1);
        let (again, how) = kept_or_read(&mut slot, "k1".into(), || read(2)).unwrap();
        assert!(how == Reading::Kept && again.counts.cases == 1);
        let (moved, how) = kept_or_read(&mut slot, "k2".into(), || read(3)).unwrap();
        assert!(how == Reading::Whole && moved.counts.cases == 3);
        let failed = kept_or_read(&mut slot, "k3".into(), || {
            Err(AppError::Refused("store gone".into()))
        });
        assert!(failed.is_err());
        assert!(slot.is_none(), "a failed read keeps nothing");
        assert_eq!(reads, 2, "k1 once, k2 once");
    }
}
