//! The store as seen by one actor. Each feature's file adds its methods to [`Scope`]; this file
//! holds the handle itself and the check every method makes first.

use crate::api::access::{permits, Action};
use crate::api::members::Actor;
use crate::api::orgs::Organisation;
use crate::api::trace::Outcome;
use crate::api::Backend;
use crate::{Result, StoreError};

/// The store as seen by one authenticated actor: its organisation's records at the level its
/// role allows, and what others granted it. A record it may not see answers exactly as a missing
/// one. Only [`crate::Store::scope`] makes one, from an [`Actor`] that only authentication makes.
pub struct Scope<'s> {
    pub(crate) backend: &'s dyn Backend,
    pub(crate) actor: Actor,
}

impl Scope<'_> {
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn organisation(&self) -> &Organisation {
        self.actor.organisation()
    }

    /// `Forbidden` unless the actor's role may do `action`. Says nothing about any record.
    pub(crate) fn require(&self, action: Action) -> Result<()> {
        if permits(self.actor.role(), action) {
            Ok(())
        } else {
            Err(self.forbidden(action))
        }
    }

    /// The refusal of `action` to this actor, traced; if even the trace fails, the answer is
    /// still no.
    pub(crate) fn forbidden(&self, action: Action) -> StoreError {
        let denial = self
            .actor
            .draft("denied")
            .outcome(Outcome::Denied)
            .detail("action", action.as_str());
        if let Err(e) = self.audit(denial) {
            tracing::warn!("a denial could not be traced: {e}");
        }
        StoreError::Forbidden {
            role: self.actor.role(),
            action,
        }
    }
}
