//! The request counts nodes share, in PostgreSQL (the SQL is shared: `crate::sql::rates`).
//! Counting orders no audited write, so it runs beside the cluster's write lock rather than
//! under it; two nodes adding the same users at once lock their rows in one order (the caller's
//! counts are sorted), so they wait for each other instead of deadlocking.

use super::value::{Named, Value};
use super::PgBackend;
use crate::api::rates::{RateBackend, RequestCount, ROWS_PER_STATEMENT};
use crate::sql::rates;
use crate::Result;

impl RateBackend for PgBackend {
    fn share_request_counts(
        &self,
        counts: &[RequestCount],
        oldest: i64,
        minute: i64,
    ) -> Result<Vec<(String, u64)>> {
        let mut sorted: Vec<&RequestCount> = counts.iter().collect();
        sorted.sort_by(|a, b| (&a.user, a.minute).cmp(&(&b.user, b.minute)));
        let mut statements = Vec::new();
        for chunk in sorted.chunks(ROWS_PER_STATEMENT) {
            let mut params: Vec<(String, Value)> = Vec::with_capacity(chunk.len() * 3);
            for (i, c) in chunk.iter().enumerate() {
                params.push((format!("u{i}"), Value::from(c.user.as_str())));
                params.push((format!("m{i}"), Value::Integer(c.minute)));
                params.push((
                    format!("c{i}"),
                    Value::Integer(i64::try_from(c.count).unwrap_or(i64::MAX)),
                ));
            }
            let borrowed: Vec<(&str, Value)> = params
                .iter()
                .map(|(n, v)| (n.as_str(), v.clone()))
                .collect();
            statements.push(Named::new(&rates::add(chunk.len()), &borrowed)?);
        }
        let forget = Named::new(rates::FORGET_OLD, &[("oldest", Value::Integer(oldest))])?;
        let totals = Named::new(rates::TOTALS, &[("minute", Value::Integer(minute))])?;
        self.conns.with_client(|client| {
            let mut tx = client.transaction()?;
            for statement in &statements {
                tx.execute(&statement.sql, &statement.params())?;
            }
            tx.execute(&forget.sql, &forget.params())?;
            let rows = tx.query(&totals.sql, &totals.params())?;
            tx.commit()?;
            rows.iter()
                .map(|r| {
                    let user: String = r.try_get(0)?;
                    let n: i64 = r.try_get(1)?;
                    Ok((user, u64::try_from(n).unwrap_or(0)))
                })
                .collect()
        })
    }
}
