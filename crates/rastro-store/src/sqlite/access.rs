//! The acting side of the visibility rule, as parameter values: who acts, what its role may see
//! of its own records and of others', and the time grants expire against.

use rusqlite::types::Value;
use rusqlite::ToSql;

use crate::api::access::{level_cap, Level, RecordKind};
use crate::api::members::Actor;
use crate::time::now_rfc3339;

/// The values of `:org`, `:kind`, `:cap_own`, `:cap_other` and `:now` for one actor.
#[derive(Debug, Clone)]
pub(crate) struct Access {
    pub org: String,
    pub kind: &'static str,
    pub role: crate::api::access::Role,
    pub now: String,
}

impl Access {
    pub fn of(actor: &Actor) -> Access {
        Access {
            org: actor.organisation().id.clone(),
            kind: actor.kind().as_str(),
            role: actor.role(),
            now: now_rfc3339(),
        }
    }

    /// The parameters of a query over records of `record` kind that uses the level expression,
    /// with `:need` when it filters, followed by the query's own.
    pub fn params(
        &self,
        record: RecordKind,
        need: Option<Level>,
        more: &[(&'static str, Value)],
    ) -> Bound {
        let cap = |own| level_cap(self.role, record, own).map_or(0, Level::rank);
        let mut all: Vec<(&'static str, Value)> = vec![
            (":org", Value::from(self.org.clone())),
            (":kind", Value::from(self.kind.to_string())),
            (":cap_own", Value::from(cap(true))),
            (":cap_other", Value::from(cap(false))),
            (":now", Value::from(self.now.clone())),
        ];
        if let Some(need) = need {
            all.push((":need", Value::from(need.rank())));
        }
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
