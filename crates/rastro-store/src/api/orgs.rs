//! Member organisations. Creating one is a deliberate act (a command of its own), never a side
//! effect of naming it: a typo must not become a new organisation that then holds victims' records.

use crate::Result;

/// A member organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: String,
    pub name: String,
}

pub(crate) trait OrgBackend {
    /// Registers a new organisation; a name in use answers `OrganisationExists`.
    fn create_organisation(&self, name: &str) -> Result<Organisation>;
    fn find_organisation(&self, name: &str) -> Result<Option<Organisation>>;
    /// Every organisation, by name.
    fn organisations(&self) -> Result<Vec<Organisation>>;
}
