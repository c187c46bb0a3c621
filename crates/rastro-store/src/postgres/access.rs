//! The visibility rule's acting side (`crate::sql::access`) bound as PostgreSQL values.

use super::value::Value;
use crate::api::access::{Level, RecordKind};
pub(crate) use crate::sql::access::Access;
use crate::sql::access::RuleValue;

impl Access {
    /// The named parameters of a query over records of `record` kind that uses the level
    /// expression, with `:need` when it filters, followed by the query's own; for
    /// [`super::value::Named::new`].
    pub fn pg_params(
        &self,
        record: RecordKind,
        need: Option<Level>,
        more: Vec<(&'static str, Value)>,
    ) -> Vec<(&'static str, Value)> {
        let mut all: Vec<(&'static str, Value)> = self
            .rule(record, need)
            .into_iter()
            .map(|(name, value)| {
                let value = match value {
                    RuleValue::Text(t) => Value::Text(t),
                    RuleValue::Integer(i) => Value::Integer(i),
                };
                (name, value)
            })
            .collect();
        all.extend(more);
        all
    }
}
