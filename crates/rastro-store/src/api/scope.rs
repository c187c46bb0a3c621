//! The store as seen by one organisation. Each feature's file adds its methods to [`Scope`]; this
//! file holds the handle itself.

use crate::api::orgs::Organisation;
use crate::api::Backend;

/// The store as seen by one organisation: its own records and what others shared with it. A
/// record it may not see answers exactly as a missing one. Cheap to make; many may be in use at
/// once (one per request of a server).
pub struct Scope<'s> {
    pub(crate) backend: &'s dyn Backend,
    pub(crate) org: Organisation,
}

impl Scope<'_> {
    pub fn organisation(&self) -> &Organisation {
        &self.org
    }
}
