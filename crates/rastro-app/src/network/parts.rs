//! A network's records by kind of data — cases, news, money — each kept for its viewer under the
//! stamp of what moves that kind alone, so that a change to one kind reads only that kind again.
//!
//! The graph itself is built again at any change, since a record added of one kind can join
//! values another kind holds (a case's phone that a payment carries); what is saved is the
//! reading. That matters most for money: every transaction is sealed whole, and the network
//! needs what only its opened body says (accounts and party names as written, amounts, times,
//! the contact) — the store's blind indexes of accounts and contacts are keyed per owner and
//! cannot be shown or joined to a case's phone. So the money part opens every visible
//! transaction when it is read, and it is read again only when the transactions, the alerts or
//! the grants change, never for an import of cases or news.

use std::sync::Arc;

use rastro_graph::{GraphBuilder, Record};

use super::sources::SourceCounts;
use crate::Result;

/// The records one kind of data gives a network, and the pairs of them that are one record.
#[derive(Default)]
pub(crate) struct Part {
    pub records: Vec<Record>,
    pub same_as: Vec<(String, String)>,
    pub counts: SourceCounts,
}

impl Part {
    /// Hands the builder copies of the part's records, so that the part can be kept.
    pub fn feed(&self, builder: &mut GraphBuilder, counts: &mut SourceCounts) {
        for record in &self.records {
            builder.add(record.clone());
        }
        for (a, b) in &self.same_as {
            builder.same_as(a, b);
        }
        counts.add(&self.counts);
    }
}

/// Which parts a build read from the store rather than took as kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartsRead {
    pub cases: bool,
    pub news: bool,
    pub money: bool,
}

/// One viewer's parts, each with the key it was read under.
#[derive(Default)]
pub(crate) struct KeptParts {
    pub cases: Option<(String, Arc<Part>)>,
    pub news: Option<(String, Arc<Part>)>,
    pub money: Option<(String, Arc<Part>)>,
}

/// The part kept in `slot` if it was read under `key`; else read now and kept. Says whether it
/// was read.
pub(crate) fn kept_or_read(
    slot: &mut Option<(String, Arc<Part>)>,
    key: String,
    read: impl FnOnce() -> Result<Part>,
) -> Result<(Arc<Part>, bool)> {
    if let Some((kept_key, part)) = slot.as_ref() {
        if *kept_key == key {
            return Ok((Arc::clone(part), false));
        }
    }
    // A failed read leaves nothing kept: the next build reads again.
    *slot = None;
    let part = Arc::new(read()?);
    *slot = Some((key, Arc::clone(&part)));
    Ok((part, true))
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
        let (first, was_read) = kept_or_read(&mut slot, "k1".into(), || read(1)).unwrap();
        assert!(was_read && first.counts.cases == 1);
        let (again, was_read) = kept_or_read(&mut slot, "k1".into(), || read(2)).unwrap();
        assert!(!was_read && again.counts.cases == 1);
        let (moved, was_read) = kept_or_read(&mut slot, "k2".into(), || read(3)).unwrap();
        assert!(was_read && moved.counts.cases == 3);
        let failed = kept_or_read(&mut slot, "k3".into(), || {
            Err(AppError::Refused("store gone".into()))
        });
        assert!(failed.is_err());
        assert!(slot.is_none(), "a failed read keeps nothing");
        assert_eq!(reads, 2, "k1 once, k2 once");
    }
}
