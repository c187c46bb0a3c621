//! Request counts shared by the server nodes of one store, so that a per-user limit holds over
//! the sum of what every node let in rather than on each node alone. A node counts in memory
//! and hands its counts over at most once a second, in one statement, then reads the totals:
//! the store is written once a second per node, never once a request (SQLite has one writer).

use crate::{Result, Store};

/// One node's requests of one user (a token's id, never the token) in one minute (minutes
/// since 1970).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestCount {
    pub user: String,
    pub minute: i64,
    pub count: u64,
}

pub(crate) trait RateBackend {
    /// Adds `counts`, deletes minutes before `oldest`, and returns every user's total in
    /// `minute`, in one transaction.
    fn share_request_counts(
        &self,
        counts: &[RequestCount],
        oldest: i64,
        minute: i64,
    ) -> Result<Vec<(String, u64)>>;
}

/// Rows added per statement: a node's second of counts fits in one; a flood of users is cut so
/// that no statement outgrows the drivers' parameter limits.
pub(crate) const ROWS_PER_STATEMENT: usize = 500;

impl Store {
    /// Adds a node's request counts to the shared ones, forgets minutes before `oldest`, and
    /// returns each user's total over every node in `minute`.
    pub fn share_request_counts(
        &self,
        counts: &[RequestCount],
        oldest: i64,
        minute: i64,
    ) -> Result<Vec<(String, u64)>> {
        self.backend.share_request_counts(counts, oldest, minute)
    }
}
