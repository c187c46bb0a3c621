//! The HTCDS 2.0 case record: one person (victim or perpetrator) with their context, the case that
//! an organisation opened for them, its referrals, comments, trafficking events, support plan and
//! consent. Every field is optional because real records are incomplete; validation of what is
//! present happens in [`crate::fields`].

use rastro_geo::CountryCode;

use crate::picklists::*;
use crate::values::{Date, Language};

/// `org_`: an organisation as the standard describes it (the one named in a record, e.g. the
/// organisation that identified the victim; the organisation that *supplied* the record is the
/// store's owner, not this).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrganisationDetails {
    pub name: Option<String>,
    pub shipping_city: Option<String>,
    pub shipping_country: Option<CountryCode>,
    pub shipping_state: Option<String>,
    pub shipping_street: Option<String>,
    pub shipping_postal_code: Option<String>,
    pub shipping_longitude: Option<f64>,
    pub shipping_latitude: Option<f64>,
    pub phone: Option<String>,
    pub kind: Option<OrganisationType>,
}

/// `prs_`: a person.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Person {
    pub salutation: Option<String>,
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    /// The surname(s). Latin American double surnames stay together here ("García Márquez").
    pub second_name: Option<String>,
    pub birthdate: Option<Date>,
    pub gender: Option<Gender>,
    pub deceased: Option<bool>,
    pub marital_status: Option<MaritalStatus>,
    pub number_of_children: Option<u32>,
    pub primary_language: Option<Language>,
    pub secondary_language: Option<Language>,
    pub highest_level_of_education: Option<EducationLevel>,
    pub citizenship: Vec<CountryCode>,
    pub identity_number: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    pub home_phone: Option<String>,
    pub mobile_phone: Option<String>,
    pub mailing_city: Option<String>,
    pub mailing_country: Option<CountryCode>,
    pub mailing_state: Option<String>,
    pub mailing_street: Option<String>,
    pub mailing_postal_code: Option<String>,
    pub mailing_longitude: Option<f64>,
    pub mailing_latitude: Option<f64>,
}

/// `vic_`: what makes the person a (possible) victim, and how they were trafficked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VictimContext {
    pub agreement_to_manage_personal_data: Option<bool>,
    pub trafficking_status: Option<TraffickingStatus>,
    pub trafficking_status_decision_making_org: Option<DecisionMakingOrg>,
    pub relationship_to_trafficker: Option<RelationshipToTrafficker>,
    pub age_when_trafficked: Option<u32>,
    pub recruitment_websites_and_apps: Vec<WebsiteOrApp>,
    pub method_of_recruitment: Vec<MethodOfRecruitment>,
    pub location_of_recruitment: Option<String>,
    pub methods_of_control: Vec<MethodOfControl>,
    pub type_of_exploitation: Vec<ExploitationType>,
    pub forced_labour_industry: Option<ForcedLabourIndustry>,
    pub type_of_sex_exploitation: Vec<SexExploitationType>,
    pub location_of_exploitation: Option<String>,
    pub exploitation_websites_and_apps: Vec<WebsiteOrApp>,
    pub vulnerabilities: Vec<Vulnerability>,
    pub details_of_vulnerabilities: Option<String>,
}

/// `per_`: what a perpetrator did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PerpetratorContext {
    pub role_in_process: Vec<PerpetratorRole>,
    pub role_details: Option<String>,
}

/// `cas_`: the case and its incoming and outgoing referrals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseDetails {
    pub status: Option<CaseStatus>,
    pub reason_for_case_closure: Option<String>,
    pub case_owner: Option<String>,
    pub referring_organisation: Option<String>,
    pub incoming_referral_date: Option<Date>,
    pub referring_primary_case_worker: Option<String>,
    pub reason_for_incoming_referral: Option<ReferralReason>,
    pub incoming_referral_details: Option<String>,
    pub referred_organisation: Option<String>,
    pub referred_primary_case_worker: Option<String>,
    pub reason_for_outgoing_referral: Option<ReferralReason>,
    pub outgoing_referral_date: Option<Date>,
    pub outgoing_referral_details: Option<String>,
}

/// `hte_`: one stage of the trafficking process, with its place and date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TraffickingEvent {
    pub kind: Option<EventType>,
    pub country: Option<CountryCode>,
    pub state: Option<String>,
    pub city: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub longitude: Option<f64>,
    pub latitude: Option<f64>,
    pub date: Option<Date>,
    pub description: Option<String>,
}

/// `spl_`: a support plan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SupportPlan {
    pub objectives: Option<String>,
    pub action_plan: Option<String>,
    pub planned_end_date: Option<Date>,
    pub actual_end_date: Option<Date>,
    pub kind: Option<SupportPlanType>,
}

/// One HTCDS record: a person and their case.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseRecord {
    pub organisation: OrganisationDetails,
    pub person: Person,
    pub victim: VictimContext,
    pub perpetrator: PerpetratorContext,
    pub case: CaseDetails,
    /// `cco_CaseComment`.
    pub comment: Option<String>,
    pub events: Vec<TraffickingEvent>,
    pub support_plan: SupportPlan,
    /// `con_Consent`.
    pub consent: Option<bool>,
}

/// Whether a record describes someone trafficked or someone who trafficked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonRole {
    Victim,
    Perpetrator,
}

impl PersonRole {
    pub fn as_str(self) -> &'static str {
        match self {
            PersonRole::Victim => "victim",
            PersonRole::Perpetrator => "perpetrator",
        }
    }
}

impl CaseRecord {
    /// A record with perpetrator context and no victim context is a perpetrator; anything else is
    /// treated as a victim, which is what case management systems record by default.
    pub fn role(&self) -> PersonRole {
        if self.perpetrator != PerpetratorContext::default()
            && self.victim == VictimContext::default()
        {
            PersonRole::Perpetrator
        } else {
            PersonRole::Victim
        }
    }

    /// Countries where the person was exploited: exploitation events first, else none.
    pub fn countries_of_exploitation(&self) -> Vec<CountryCode> {
        let mut out: Vec<CountryCode> = self
            .events
            .iter()
            .filter(|e| e.kind == Some(EventType::Exploitation))
            .filter_map(|e| e.country)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The route as the events give it: recruitment, then transit, then exploitation countries,
    /// consecutive repeats removed.
    pub fn route(&self) -> Vec<CountryCode> {
        let mut ordered: Vec<&TraffickingEvent> = self.events.iter().collect();
        ordered.sort_by_key(|e| match e.kind {
            Some(EventType::Recruitment) => 0,
            Some(EventType::Transit) => 1,
            Some(EventType::Exploitation) => 2,
            None => 3,
        });
        let mut route: Vec<CountryCode> = Vec::new();
        for country in ordered.iter().filter_map(|e| e.country) {
            if route.last() != Some(&country) {
                route.push(country);
            }
        }
        route
    }
}
