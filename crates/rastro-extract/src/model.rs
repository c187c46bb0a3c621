//! The incident an article becomes: the output schema of `rastro extract`.

use rastro_geo::{CountryCode, Lang};
use rastro_model::picklists::{ExploitationType, ForcedLabourIndustry};
use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// HTCDS `vic_MethodOfRecruitment` and `vic_MethodsOfControl` values, from the model crate that
/// owns every HTCDS picklist.
pub use rastro_model::picklists::{MethodOfControl as Control, MethodOfRecruitment as Recruitment};

/// Forms of exploitation as the annotation guide names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExploitationForm {
    ForcedBegging,
    ForcedCriminality,
    ForcedLabour,
    ForcedMarriage,
    IllegalAdoption,
    OrganRemoval,
    SexualExploitation,
}

impl ExploitationForm {
    pub fn name(self) -> &'static str {
        match self {
            ExploitationForm::ForcedBegging => "forced_begging",
            ExploitationForm::ForcedCriminality => "forced_criminality",
            ExploitationForm::ForcedLabour => "forced_labour",
            ExploitationForm::ForcedMarriage => "forced_marriage",
            ExploitationForm::IllegalAdoption => "illegal_adoption",
            ExploitationForm::OrganRemoval => "organ_removal",
            ExploitationForm::SexualExploitation => "sexual_exploitation",
        }
    }

    /// The HTCDS 2.0 `vic_TypeOfExploitation` value name. HTCDS has no forced criminality; it
    /// goes to `Other`, and the form itself is kept next to it in the output.
    pub fn htcds(self) -> ExploitationType {
        match self {
            ExploitationForm::ForcedBegging => ExploitationType::ForcedBegging,
            ExploitationForm::ForcedCriminality => ExploitationType::Other,
            ExploitationForm::ForcedLabour => ExploitationType::ForcedLabour,
            ExploitationForm::ForcedMarriage => ExploitationType::ForcedMarriage,
            ExploitationForm::IllegalAdoption => ExploitationType::ForcedAdoption,
            ExploitationForm::OrganRemoval => ExploitationType::OrganRemoval,
            ExploitationForm::SexualExploitation => ExploitationType::SexualExploitation,
        }
    }
}

/// Industries of forced labour that news names, with their HTCDS `vic_ForcedLabourIndustry`
/// (ISIC section) value names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Industry {
    Agriculture,
    Fishing,
    Mining,
    Construction,
    Manufacturing,
    Textiles,
    DomesticWork,
    Hospitality,
    Logging,
}

impl Industry {
    pub fn name(self) -> &'static str {
        match self {
            Industry::Agriculture => "agriculture",
            Industry::Fishing => "fishing",
            Industry::Mining => "mining",
            Industry::Construction => "construction",
            Industry::Manufacturing => "manufacturing",
            Industry::Textiles => "textiles",
            Industry::DomesticWork => "domestic_work",
            Industry::Hospitality => "hospitality",
            Industry::Logging => "logging",
        }
    }

    pub fn htcds(self) -> ForcedLabourIndustry {
        use ForcedLabourIndustry as H;
        match self {
            Industry::Agriculture | Industry::Fishing | Industry::Logging => {
                H::AgricultureForestryAndFishing
            }
            Industry::Mining => H::MiningAndQuarrying,
            Industry::Construction => H::Construction,
            Industry::Manufacturing | Industry::Textiles => H::Manufacturing,
            Industry::DomesticWork => H::ActivitiesOfHouseholdsAsEmployers,
            Industry::Hospitality => H::AccommodationAndFoodServiceActivities,
        }
    }
}

/// What a place is in the reported events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Origin,
    Transit,
    Destination,
    Exploitation,
}

impl Role {
    /// The name serde gives it (snake case), for writers that do not go through serde.
    pub fn name(self) -> &'static str {
        match self {
            Role::Origin => "origin",
            Role::Transit => "transit",
            Role::Destination => "destination",
            Role::Exploitation => "exploitation",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub country: CountryCode,
    pub admin1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub role: Option<Role>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExploitationDetail {
    pub form: ExploitationForm,
    pub htcds: ExploitationType,
    /// Industries of forced labour the article names (empty for other forms).
    pub industries: Vec<IndustryValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndustryValue {
    pub industry: Industry,
    pub htcds: ForcedLabourIndustry,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Money {
    pub amount: u64,
    /// ISO 4217 code, or the currency word when the article does not say which country's peso.
    pub currency: String,
}

/// Where a value came from: character offsets `[start, end)` into the article text (title, a
/// blank line, then the body) and the sentence that contains them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The field's name: borrowed when extracted, owned when read back from storage.
    pub field: Cow<'static, str>,
    pub value: String,
    pub spans: Vec<[usize; 2]>,
    pub sentence: String,
}

/// One article's incident. It is stored as JSON and read back as this type, so a renamed field
/// fails loudly when read instead of turning into an empty value.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Incident {
    pub id: String,
    pub language: Lang,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub countries: Vec<CountryCode>,
    pub places: Vec<Place>,
    pub exploitation: Vec<ExploitationForm>,
    pub exploitation_detail: Vec<ExploitationDetail>,
    pub smuggling: bool,
    pub victims: Option<u64>,
    pub arrests: Option<u64>,
    pub migrants: Option<u64>,
    pub minors: Option<u64>,
    pub money: Vec<Money>,
    pub operations: Vec<String>,
    pub groups: Vec<String>,
    pub recruitment: Vec<Recruitment>,
    pub control: Vec<Control>,
    pub date: Option<String>,
    pub evidence: Vec<Evidence>,
    /// The article was longer than [`crate::MAX_ANALYSED_BYTES`] and only its start was read.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

#[cfg(test)]
mod tests {
    use crate::input::{decode, Format};

    #[test]
    fn an_incident_reads_back_as_it_was_written() {
        let text = "Rescatan a 12 mujeres en Bogotá\n\nLa Policía de Colombia rescató a 12 \
                    mujeres venezolanas explotadas sexualmente y detuvo a 3 personas en la \
                    Operación Fénix contra el Clan del Golfo.";
        let decoded = decode("a1", Format::Text, text.as_bytes());
        let incident = crate::extract(&decoded.articles[0]);
        assert!(!incident.evidence.is_empty());
        let json = serde_json::to_string(&incident).unwrap();
        let back: super::Incident = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        assert_eq!(back.victims, Some(12));
        // A field renamed or retyped is an error, not an empty value.
        let renamed = json.replace("\"places\"", "\"lugares\"");
        assert!(serde_json::from_str::<super::Incident>(&renamed).is_err());
    }
}
