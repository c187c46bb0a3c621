//! The acting side of the visibility rule: who acts, what its role may see of its own records
//! and of others', and the time grants expire against — the values of `:org`, `:kind`,
//! `:cap_own`, `:cap_other`, `:now` and `:need`, which each backend binds in its driver's types.

use crate::api::access::{level_cap, Level, RecordKind, Role};
use crate::api::members::Actor;
use crate::time::now_rfc3339;

#[derive(Debug, Clone)]
pub(crate) struct Access {
    pub org: String,
    pub kind: &'static str,
    pub role: Role,
    pub now: String,
}

/// One parameter of the rule, before a driver's type.
pub(crate) enum RuleValue {
    Text(String),
    Integer(i64),
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

    /// The rule's parameters for a query over records of `record` kind, with `:need` when it
    /// filters.
    pub fn rule(&self, record: RecordKind, need: Option<Level>) -> Vec<(&'static str, RuleValue)> {
        let cap = |own| level_cap(self.role, record, own).map_or(0, Level::rank);
        let mut all = vec![
            (":org", RuleValue::Text(self.org.clone())),
            (":kind", RuleValue::Text(self.kind.to_string())),
            (":cap_own", RuleValue::Integer(cap(true))),
            (":cap_other", RuleValue::Integer(cap(false))),
            (":now", RuleValue::Text(self.now.clone())),
        ];
        if let Some(need) = need {
            all.push((":need", RuleValue::Integer(need.rank())));
        }
        all
    }
}
