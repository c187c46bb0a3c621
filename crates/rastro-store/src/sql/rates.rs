//! The SQL of the request counts server nodes share (migration 0018's `rate_counts`).

/// Adds one node's counts of `rows` (user, minute) pairs in one statement; the parameters are
/// `:u{i}`, `:m{i}`, `:c{i}` for each row `i`.
pub(crate) fn add(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| format!("(:u{i}, :m{i}, :c{i})"))
        .collect();
    format!(
        "INSERT INTO rate_counts (user_id, minute, count) VALUES {}
         ON CONFLICT (user_id, minute) DO UPDATE SET count = rate_counts.count + excluded.count",
        values.join(", ")
    )
}

/// Minutes before `:oldest` no longer limit anyone.
pub(crate) const FORGET_OLD: &str = "DELETE FROM rate_counts WHERE minute < :oldest";

/// Every user's total over the nodes in `:minute`.
pub(crate) const TOTALS: &str = "SELECT user_id, count FROM rate_counts WHERE minute = :minute";
