//! Member organisations. Creating one is a deliberate act of an administrator, never a side
//! effect of naming it: a typo must not become a new organisation that then holds victims'
//! records.

use crate::api::access::OrgKind;
use crate::api::trace::AuditDraft;
use crate::Result;

/// A member organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub kind: OrgKind,
    /// ISO 3166-1 alpha-2, when given.
    pub country: Option<String>,
}

pub(crate) trait OrgBackend {
    /// Registers a new organisation; a name in use answers `OrganisationExists`.
    fn create_organisation(
        &self,
        name: &str,
        kind: OrgKind,
        country: Option<&str>,
        audit: AuditDraft,
    ) -> Result<Organisation>;
    fn find_organisation(&self, name: &str) -> Result<Option<Organisation>>;
    /// Every organisation, by name.
    fn organisations(&self) -> Result<Vec<Organisation>>;
}
