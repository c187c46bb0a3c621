//! The request counts nodes share, in SQLite (the SQL is shared: `crate::sql::rates`).

use rusqlite::types::ToSql;
use rusqlite::{named_params, TransactionBehavior};

use crate::api::rates::{RateBackend, RequestCount, ROWS_PER_STATEMENT};
use crate::sql::rates;
use crate::sqlite::SqliteBackend;
use crate::Result;

impl RateBackend for SqliteBackend {
    fn share_request_counts(
        &self,
        counts: &[RequestCount],
        oldest: i64,
        minute: i64,
    ) -> Result<Vec<(String, u64)>> {
        self.conns.write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            for chunk in counts.chunks(ROWS_PER_STATEMENT) {
                let names: Vec<[String; 3]> = (0..chunk.len())
                    .map(|i| [format!(":u{i}"), format!(":m{i}"), format!(":c{i}")])
                    .collect();
                let values: Vec<(String, i64, i64)> = chunk
                    .iter()
                    .map(|c| {
                        let count = i64::try_from(c.count).unwrap_or(i64::MAX);
                        (c.user.clone(), c.minute, count)
                    })
                    .collect();
                let mut params: Vec<(&str, &dyn ToSql)> = Vec::with_capacity(chunk.len() * 3);
                for (n, v) in names.iter().zip(&values) {
                    params.push((&n[0], &v.0));
                    params.push((&n[1], &v.1));
                    params.push((&n[2], &v.2));
                }
                tx.prepare_cached(&rates::add(chunk.len()))?
                    .execute(params.as_slice())?;
            }
            tx.execute(rates::FORGET_OLD, named_params! { ":oldest": oldest })?;
            let totals = tx
                .prepare_cached(rates::TOTALS)?
                .query_map(named_params! { ":minute": minute }, |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                })?
                .map(|r| r.map(|(user, n)| (user, u64::try_from(n).unwrap_or(0))))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            tx.commit()?;
            Ok(totals)
        })
    }
}
