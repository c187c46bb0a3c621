//! The categorical fields of a case record beyond the engine's own dimensions: the HTCDS
//! picklists that describe a case without identifying anyone (how victims were recruited and
//! controlled, their vulnerabilities, the industry, the case's status…). Each is a dimension
//! under its HTCDS column name, so a table can be broken down or crossed by any of them.

use serde::{Deserialize, Serialize};

/// One of those fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Attribute {
    RecruitmentMethod,
    RecruitmentSite,
    ControlMethod,
    SexExploitation,
    Industry,
    ExploitationSite,
    Vulnerability,
    Relationship,
    TraffickingStatus,
    StatusDecidedBy,
    PerpetratorRole,
    CaseStatus,
    IncomingReferralReason,
    OutgoingReferralReason,
    SupportPlan,
}

impl Attribute {
    pub const ALL: [Attribute; 15] = [
        Attribute::RecruitmentMethod,
        Attribute::RecruitmentSite,
        Attribute::ControlMethod,
        Attribute::SexExploitation,
        Attribute::Industry,
        Attribute::ExploitationSite,
        Attribute::Vulnerability,
        Attribute::Relationship,
        Attribute::TraffickingStatus,
        Attribute::StatusDecidedBy,
        Attribute::PerpetratorRole,
        Attribute::CaseStatus,
        Attribute::IncomingReferralReason,
        Attribute::OutgoingReferralReason,
        Attribute::SupportPlan,
    ];

    /// The HTCDS 2.0 column it comes from, which is also its name as a dimension.
    pub fn as_str(self) -> &'static str {
        match self {
            Attribute::RecruitmentMethod => "vic_MethodOfRecruitment",
            Attribute::RecruitmentSite => "vic_RecruitmentWebsitesAndApps",
            Attribute::ControlMethod => "vic_MethodsOfControl",
            Attribute::SexExploitation => "vic_TypeOfSexExploitation",
            Attribute::Industry => "vic_ForcedLabourIndustry",
            Attribute::ExploitationSite => "vic_ExploitationWebsitesAndApps",
            Attribute::Vulnerability => "vic_Vulnerabilities",
            Attribute::Relationship => "vic_RelationshipToTrafficker",
            Attribute::TraffickingStatus => "vic_TraffickingStatus",
            Attribute::StatusDecidedBy => "vic_TraffickingStatusDecisionMakingOrg",
            Attribute::PerpetratorRole => "per_RoleInProcess",
            Attribute::CaseStatus => "cas_Status",
            Attribute::IncomingReferralReason => "cas_ReasonForIncomingReferral",
            Attribute::OutgoingReferralReason => "cas_ReasonForOutgoingReferral",
            Attribute::SupportPlan => "spl_Type",
        }
    }

    pub fn parse(name: &str) -> Option<Attribute> {
        Attribute::ALL.into_iter().find(|a| a.as_str() == name)
    }

    /// Whether one record can have several values.
    pub fn is_multi_valued(self) -> bool {
        matches!(
            self,
            Attribute::RecruitmentMethod
                | Attribute::RecruitmentSite
                | Attribute::ControlMethod
                | Attribute::SexExploitation
                | Attribute::ExploitationSite
                | Attribute::Vulnerability
                | Attribute::PerpetratorRole
        )
    }
}
