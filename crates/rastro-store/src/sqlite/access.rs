//! The visibility rule's acting side (`crate::sql::access`) bound as SQLite values.

use rusqlite::types::Value;
use rusqlite::ToSql;

use crate::api::access::{Level, RecordKind};
pub(crate) use crate::sql::access::Access;
use crate::sql::access::RuleValue;

impl Access {
    /// The parameters of a query over records of `record` kind that uses the level expression,
    /// with `:need` when it filters, followed by the query's own.
    pub fn params(
        &self,
        record: RecordKind,
        need: Option<Level>,
        more: &[(&'static str, Value)],
    ) -> Bound {
        let mut all: Vec<(&'static str, Value)> = self
            .rule(record, need)
            .into_iter()
            .map(|(name, value)| {
                let value = match value {
                    RuleValue::Text(t) => Value::from(t),
                    RuleValue::Integer(i) => Value::from(i),
                };
                (name, value)
            })
            .collect();
        all.extend(more.iter().cloned());
        Bound(all)
    }
}

/// Named parameters owned together, lent to a statement as `&[(&str, &dyn ToSql)]`.
pub(crate) struct Bound(Vec<(&'static str, Value)>);

impl Bound {
    /// The values, for a caller that binds them with others of its own.
    pub fn into_values(self) -> Vec<(&'static str, Value)> {
        self.0
    }

    pub fn as_params(&self) -> Vec<(&str, &dyn ToSql)> {
        self.0
            .iter()
            .map(|(name, value)| (*name, value as &dyn ToSql))
            .collect()
    }
}
