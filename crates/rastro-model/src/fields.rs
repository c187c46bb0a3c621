//! The flat form of a case record: HTCDS field names (with their `prs_`, `vic_`… prefixes) mapped
//! to text values, as in the Excel template, CSV files and JSON lines. Import parses through
//! [`CaseRecord::set`], export writes through [`CaseRecord::get`]; both use the one table below, so
//! what is exported is exactly what can be imported again.

use rastro_geo::CountryCode;

use crate::case::*;
use crate::picklist::Picklist;
use crate::values::{parse_bool, Date, Language};

/// The separator of several values in one flat cell (multiselect picklists, events).
pub const MULTI_SEPARATOR: char = ';';

/// What kind of value a field holds; decides parsing, splitting and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    LongText,
    Date,
    Checkbox,
    Count,
    Coordinate,
    Country,
    Countries,
    Language,
    Picklist,
    Multiselect,
}

macro_rules! fields {
    ($( $variant:ident = $prefix:literal $name:literal $kind:ident ; )+) => {
        /// Every HTCDS 2.0 field Rastro reads and writes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field { $( $variant, )+ }

        impl Field {
            /// Every field in the standard's order.
            pub const ALL: &'static [Field] = &[ $( Field::$variant, )+ ];

            /// The prefix of the field's section, e.g. `prs_`.
            pub fn prefix(self) -> &'static str {
                match self { $( Field::$variant => $prefix, )+ }
            }

            /// The field name without prefix, e.g. `FirstName`.
            pub fn short_name(self) -> &'static str {
                match self { $( Field::$variant => $name, )+ }
            }

            /// The full field name with prefix, e.g. `prs_FirstName`.
            pub fn name(self) -> &'static str {
                match self { $( Field::$variant => concat!($prefix, $name), )+ }
            }

            pub fn kind(self) -> Kind {
                match self { $( Field::$variant => Kind::$kind, )+ }
            }
        }
    };
}

fields! {
    OrgName = "org_" "Name" Text;
    OrgShippingCity = "org_" "ShippingCity" Text;
    OrgShippingCountry = "org_" "ShippingCountry" Country;
    OrgShippingState = "org_" "ShippingState" Text;
    OrgShippingStreet = "org_" "ShippingStreet" Text;
    OrgShippingPostalCode = "org_" "ShippingPostalCode" Text;
    OrgShippingLongitude = "org_" "ShippingLongitude" Coordinate;
    OrgShippingLatitude = "org_" "ShippingLatitude" Coordinate;
    OrgPhone = "org_" "Phone" Text;
    OrgType = "org_" "Type" Picklist;
    PrsSalutation = "prs_" "Salutation" Text;
    PrsFirstName = "prs_" "FirstName" Text;
    PrsMiddleName = "prs_" "MiddleName" Text;
    PrsSecondName = "prs_" "SecondName" Text;
    PrsBirthdate = "prs_" "Birthdate" Date;
    PrsGender = "prs_" "Gender" Picklist;
    PrsDeceased = "prs_" "Deceased" Checkbox;
    PrsMaritalStatus = "prs_" "MaritalStatus" Picklist;
    PrsNumberOfChildren = "prs_" "NumberOfChildren" Count;
    PrsPrimaryLanguage = "prs_" "PrimaryLanguage" Language;
    PrsSecondaryLanguage = "prs_" "SecondaryLanguage" Language;
    PrsHighestLevelOfEducation = "prs_" "HighestLevelOfEducation" Picklist;
    PrsCitizenship = "prs_" "Citizenship" Countries;
    PrsIdentityNumber = "prs_" "IdentityNumber" Text;
    PrsTitle = "prs_" "Title" Text;
    PrsEmail = "prs_" "Email" Text;
    PrsHomePhone = "prs_" "HomePhone" Text;
    PrsMobilePhone = "prs_" "MobilePhone" Text;
    PrsMailingCity = "prs_" "MailingCity" Text;
    PrsMailingCountry = "prs_" "MailingCountry" Country;
    PrsMailingState = "prs_" "MailingState" Text;
    PrsMailingStreet = "prs_" "MailingStreet" Text;
    PrsMailingPostalCode = "prs_" "MailingPostalCode" Text;
    PrsMailingLongitude = "prs_" "MailingLongitude" Coordinate;
    PrsMailingLatitude = "prs_" "MailingLatitude" Coordinate;
    VicAgreementToManagePersonalData = "vic_" "AgreementToManagePersonalData" Checkbox;
    VicTraffickingStatus = "vic_" "TraffickingStatus" Picklist;
    VicTraffickingStatusDecisionMakingOrg = "vic_" "TraffickingStatusDecisionMakingOrg" Picklist;
    VicRelationshipToTrafficker = "vic_" "RelationshipToTrafficker" Picklist;
    VicAgeWhenTrafficked = "vic_" "AgeWhenTrafficked" Count;
    VicRecruitmentWebsitesAndApps = "vic_" "RecruitmentWebsitesAndApps" Multiselect;
    VicMethodOfRecruitment = "vic_" "MethodOfRecruitment" Multiselect;
    VicLocationOfRecruitment = "vic_" "LocationOfRecruitment" Text;
    VicMethodsOfControl = "vic_" "MethodsOfControl" Multiselect;
    VicTypeOfExploitation = "vic_" "TypeOfExploitation" Multiselect;
    VicForcedLabourIndustry = "vic_" "ForcedLabourIndustry" Picklist;
    VicTypeOfSexExploitation = "vic_" "TypeOfSexExploitation" Multiselect;
    VicLocationOfExploitation = "vic_" "LocationOfExploitation" Text;
    VicExploitationWebsitesAndApps = "vic_" "ExploitationWebsitesAndApps" Multiselect;
    VicVulnerabilities = "vic_" "Vulnerabilities" Multiselect;
    VicDetailsOfVulnerabilities = "vic_" "DetailsOfVulnerabilities" LongText;
    PerRoleInProcess = "per_" "RoleInProcess" Multiselect;
    PerRoleDetails = "per_" "RoleDetails" LongText;
    CasStatus = "cas_" "Status" Picklist;
    CasReasonForCaseClosure = "cas_" "ReasonForCaseClosure" LongText;
    CasCaseOwner = "cas_" "CaseOwner" Text;
    CasReferringOrganisation = "cas_" "ReferringOrganisation" Text;
    CasIncomingReferralDate = "cas_" "IncomingReferralDate" Date;
    CasReferringPrimaryCaseWorker = "cas_" "ReferringPrimaryCaseWorker" Text;
    CasReasonForIncomingReferral = "cas_" "ReasonForIncomingReferral" Picklist;
    CasIncomingReferralDetails = "cas_" "IncomingReferralDetails" LongText;
    CasReferredOrganisation = "cas_" "ReferredOrganisation" Text;
    CasReferredPrimaryCaseWorker = "cas_" "ReferredPrimaryCaseWorker" Text;
    CasReasonForOutgoingReferral = "cas_" "ReasonForOutgoingReferral" Picklist;
    CasOutgoingReferralDate = "cas_" "OutgoingReferralDate" Date;
    CasOutgoingReferralDetails = "cas_" "OutgoingReferralDetails" LongText;
    CcoCaseComment = "cco_" "CaseComment" LongText;
    HteType = "hte_" "Type" Picklist;
    HteCountry = "hte_" "Country" Country;
    HteState = "hte_" "State" Text;
    HteCity = "hte_" "City" Text;
    HteStreet = "hte_" "Street" Text;
    HtePostalCode = "hte_" "PostalCode" Text;
    HteLongitude = "hte_" "Longitude" Coordinate;
    HteLatitude = "hte_" "Latitude" Coordinate;
    HteDate = "hte_" "Date" Date;
    HteDescription = "hte_" "Description" LongText;
    SplObjectives = "spl_" "Objectives" LongText;
    SplActionPlan = "spl_" "ActionPlan" LongText;
    SplPlannedEndDate = "spl_" "PlannedEndDate" Date;
    SplActualEndDate = "spl_" "ActualEndDate" Date;
    SplType = "spl_" "Type" Picklist;
    ConConsent = "con_" "Consent" Checkbox;
}

/// Longest text Rastro keeps in one field; longer values are refused rather than cut.
pub const MAX_TEXT_CHARS: usize = 2_000;
pub const MAX_LONG_TEXT_CHARS: usize = 100_000;

impl Field {
    /// Whether the field belongs to the trafficking events, whose flat cells hold one value per
    /// event aligned by position.
    pub fn is_event(self) -> bool {
        self.prefix() == "hte_"
    }

    /// Whether a flat cell holds several values separated by [`MULTI_SEPARATOR`].
    pub fn is_multi(self) -> bool {
        self.is_event() || matches!(self.kind(), Kind::Multiselect | Kind::Countries)
    }
}

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    pub field: Field,
    pub value: String,
    pub message: String,
}

fn refuse(field: Field, value: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        value: value.to_string(),
        message: message.into(),
    }
}

/// A value in flat form: one text, or several (multiselect picklists, countries, events).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlatValue {
    One(String),
    Many(Vec<String>),
}

impl FlatValue {
    /// The value as one cell, several values joined by `;`.
    pub fn to_cell(&self) -> String {
        match self {
            FlatValue::One(s) => s.clone(),
            FlatValue::Many(v) => v.join(";"),
        }
    }
}

// ---- parsing of single values -------------------------------------------------------------

fn text(field: Field, raw: &str) -> Result<Option<String>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let limit = if field.kind() == Kind::LongText {
        MAX_LONG_TEXT_CHARS
    } else {
        MAX_TEXT_CHARS
    };
    // A text has no more characters than bytes: only a long one needs counting.
    if value.len() > limit {
        let chars = value.chars().count();
        if chars > limit {
            return Err(refuse(
                field,
                &value.chars().take(60).collect::<String>(),
                format!("text of {chars} characters is longer than the {limit} allowed"),
            ));
        }
    }
    if has_control(value) {
        return Err(refuse(field, value, "text contains control characters"));
    }
    Ok(Some(value.to_string()))
}

/// Whether a text holds a control character other than a line break or a tab, read from its
/// bytes: the controls are U+0000–U+001F and U+007F, one byte each, and U+0080–U+009F, which
/// UTF-8 writes as 0xC2 followed by 0x80–0x9F (decoding every character of every text was most
/// of the validation of a row).
fn has_control(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\n' | b'\t' | b'\r' => false,
        0..=0x1f | 0x7f => true,
        0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
        _ => false,
    })
}

fn date(field: Field, raw: &str) -> Result<Option<Date>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let parsed = Date::parse(value).map_err(|e| refuse(field, value, format!("bad date: {e}")))?;
    if field == Field::PrsBirthdate && parsed > Date::today() {
        return Err(refuse(field, value, "birthdate is in the future"));
    }
    Ok(Some(parsed))
}

fn checkbox(field: Field, raw: &str) -> Result<Option<bool>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    parse_bool(value).map(Some).ok_or_else(|| {
        refuse(
            field,
            value,
            "expected true or false (also yes/no, sí/no, sim/não, 1/0)",
        )
    })
}

fn count(field: Field, raw: &str, max: u32) -> Result<Option<u32>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    // Spreadsheets hand whole numbers over as "3.0".
    let whole = value.strip_suffix(".0").unwrap_or(value);
    match whole.parse::<u32>() {
        Ok(n) if n <= max => Ok(Some(n)),
        Ok(n) => Err(refuse(
            field,
            value,
            format!("{n} is more than the plausible maximum of {max}"),
        )),
        Err(_) => Err(refuse(field, value, "expected a whole number")),
    }
}

fn coordinate(field: Field, raw: &str) -> Result<Option<f64>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let limit = if field.short_name().contains("Latitude") {
        90.0
    } else {
        180.0
    };
    match value.replace(',', ".").parse::<f64>() {
        Ok(x) if x.is_finite() && x.abs() <= limit => Ok(Some(x)),
        Ok(_) => Err(refuse(field, value, format!("coordinate outside ±{limit}"))),
        Err(_) => Err(refuse(
            field,
            value,
            "expected a decimal coordinate such as -12.0464",
        )),
    }
}

fn country(field: Field, raw: &str) -> Result<Option<CountryCode>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    rastro_geo::country_of_cell(value)
        .map(Some)
        .map_err(|e| refuse(field, value, e.to_string()))
}

fn language(field: Field, raw: &str) -> Result<Option<Language>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    Language::parse(value)
        .map(Some)
        .map_err(|e| refuse(field, value, e.to_string()))
}

fn pick<P: Picklist>(field: Field, raw: &str) -> Result<Option<P>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    P::parse(value).map(Some).ok_or_else(|| {
        let hint = match P::closest(value) {
            Some(v) => format!("; did you mean {}?", v.wire()),
            None => format!(
                "; valid values: {}",
                P::ALL
                    .iter()
                    .map(|v| v.wire())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        refuse(
            field,
            value,
            format!("unknown {} value{hint}", field.name()),
        )
    })
}

fn picks<P: Picklist>(field: Field, parts: &[&str]) -> Result<Vec<P>, FieldError> {
    let mut out = Vec::new();
    for part in parts {
        if let Some(v) = pick::<P>(field, part)? {
            if !out.iter().any(|x: &P| x.wire() == v.wire()) {
                out.push(v);
            }
        }
    }
    Ok(out)
}

fn country_list(field: Field, parts: &[&str]) -> Result<Vec<CountryCode>, FieldError> {
    let mut out = Vec::new();
    for part in parts {
        if let Some(c) = country(field, part)? {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    Ok(out)
}

// ---- writing of single values ---------------------------------------------------------------

/// What `get` joins several values with before splitting them again: a control character, which
/// validation refuses inside values.
const GET_SEPARATOR: char = '\u{1e}';

/// How a value is appended to a flat or compact text: exactly what its `Display` writes, but
/// texts, codes, picklist values and dates are pushed straight into the buffer. Every imported
/// record is written out this way, and going through the formatting machinery for each value
/// was a quarter of writing it.
trait PutValue {
    fn put_value(&self, out: &mut String);
}

impl PutValue for String {
    fn put_value(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl PutValue for CountryCode {
    fn put_value(&self, out: &mut String) {
        out.push_str(self.as_str());
    }
}

impl PutValue for Language {
    fn put_value(&self, out: &mut String) {
        out.push_str(self.code());
    }
}

impl PutValue for Date {
    fn put_value(&self, out: &mut String) {
        self.push_to(out);
    }
}

impl<P: Picklist> PutValue for P {
    fn put_value(&self, out: &mut String) {
        out.push_str(self.wire());
    }
}

impl PutValue for bool {
    fn put_value(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl PutValue for u32 {
    fn put_value(&self, out: &mut String) {
        push_display(out, self);
    }
}

impl PutValue for f64 {
    fn put_value(&self, out: &mut String) {
        push_display(out, self);
    }
}

fn put_one<T: PutValue>(out: &mut String, value: &Option<T>) -> bool {
    match value {
        Some(v) => {
            v.put_value(out);
            true
        }
        None => false,
    }
}

fn put_many<T: PutValue>(out: &mut String, separator: char, values: &[T]) -> bool {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        v.put_value(out);
    }
    !values.is_empty()
}

/// One value per event, empty for an event without it; nothing when no event has one.
fn put_events<T: PutValue>(
    out: &mut String,
    separator: char,
    events: &[TraffickingEvent],
    get: impl Fn(&TraffickingEvent) -> Option<T>,
) -> bool {
    put_each_event(out, separator, events, |event, out| {
        if let Some(v) = get(event) {
            v.put_value(out);
        }
    })
}

/// [`put_events`] for the events' texts, borrowed.
fn put_event_texts(
    out: &mut String,
    separator: char,
    events: &[TraffickingEvent],
    get: impl Fn(&TraffickingEvent) -> &Option<String>,
) -> bool {
    put_each_event(out, separator, events, |event, out| {
        if let Some(text) = get(event) {
            out.push_str(text);
        }
    })
}

fn put_each_event(
    out: &mut String,
    separator: char,
    events: &[TraffickingEvent],
    put: impl Fn(&TraffickingEvent, &mut String),
) -> bool {
    let start = out.len();
    let mut any = false;
    for (i, event) in events.iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        let before = out.len();
        put(event, out);
        any |= out.len() > before;
    }
    if !any {
        out.truncate(start);
    }
    any
}

fn push_display<T: std::fmt::Display + ?Sized>(out: &mut String, value: &T) {
    use std::fmt::Write;
    // Writing into a String cannot fail.
    let _ = write!(out, "{value}");
}

impl CaseRecord {
    /// Sets a field from its flat text. For multi-valued fields, values are separated by `;`.
    pub fn set(&mut self, field: Field, raw: &str) -> Result<(), FieldError> {
        if field.is_multi() {
            let parts: Vec<&str> = raw.split(MULTI_SEPARATOR).collect();
            let parts: &[&str] = if raw.trim().is_empty() { &[] } else { &parts };
            self.set_parts(field, parts)
        } else {
            self.set_parts(field, &[raw])
        }
    }

    /// Sets a field from its values (one for single fields; one per value or event otherwise).
    pub fn set_parts(&mut self, field: Field, parts: &[&str]) -> Result<(), FieldError> {
        use Field::*;
        if field.is_event() {
            return self.set_event_parts(field, parts);
        }
        let single = || -> Result<&str, FieldError> {
            match parts {
                [] => Ok(""),
                [one] => Ok(one),
                _ => Err(refuse(
                    field,
                    &parts.join(";"),
                    "takes one value, found several",
                )),
            }
        };
        let o = &mut self.organisation;
        let p = &mut self.person;
        let v = &mut self.victim;
        let c = &mut self.case;
        match field {
            OrgName => o.name = text(field, single()?)?,
            OrgShippingCity => o.shipping_city = text(field, single()?)?,
            OrgShippingCountry => o.shipping_country = country(field, single()?)?,
            OrgShippingState => o.shipping_state = text(field, single()?)?,
            OrgShippingStreet => o.shipping_street = text(field, single()?)?,
            OrgShippingPostalCode => o.shipping_postal_code = text(field, single()?)?,
            OrgShippingLongitude => o.shipping_longitude = coordinate(field, single()?)?,
            OrgShippingLatitude => o.shipping_latitude = coordinate(field, single()?)?,
            OrgPhone => o.phone = text(field, single()?)?,
            OrgType => o.kind = pick(field, single()?)?,
            PrsSalutation => p.salutation = text(field, single()?)?,
            PrsFirstName => p.first_name = text(field, single()?)?,
            PrsMiddleName => p.middle_name = text(field, single()?)?,
            PrsSecondName => p.second_name = text(field, single()?)?,
            PrsBirthdate => p.birthdate = date(field, single()?)?,
            PrsGender => p.gender = pick(field, single()?)?,
            PrsDeceased => p.deceased = checkbox(field, single()?)?,
            PrsMaritalStatus => p.marital_status = pick(field, single()?)?,
            PrsNumberOfChildren => p.number_of_children = count(field, single()?, 30)?,
            PrsPrimaryLanguage => p.primary_language = language(field, single()?)?,
            PrsSecondaryLanguage => p.secondary_language = language(field, single()?)?,
            PrsHighestLevelOfEducation => p.highest_level_of_education = pick(field, single()?)?,
            PrsCitizenship => p.citizenship = country_list(field, parts)?,
            PrsIdentityNumber => p.identity_number = text(field, single()?)?,
            PrsTitle => p.title = text(field, single()?)?,
            PrsEmail => p.email = text(field, single()?)?,
            PrsHomePhone => p.home_phone = text(field, single()?)?,
            PrsMobilePhone => p.mobile_phone = text(field, single()?)?,
            PrsMailingCity => p.mailing_city = text(field, single()?)?,
            PrsMailingCountry => p.mailing_country = country(field, single()?)?,
            PrsMailingState => p.mailing_state = text(field, single()?)?,
            PrsMailingStreet => p.mailing_street = text(field, single()?)?,
            PrsMailingPostalCode => p.mailing_postal_code = text(field, single()?)?,
            PrsMailingLongitude => p.mailing_longitude = coordinate(field, single()?)?,
            PrsMailingLatitude => p.mailing_latitude = coordinate(field, single()?)?,
            VicAgreementToManagePersonalData => {
                v.agreement_to_manage_personal_data = checkbox(field, single()?)?
            }
            VicTraffickingStatus => v.trafficking_status = pick(field, single()?)?,
            VicTraffickingStatusDecisionMakingOrg => {
                v.trafficking_status_decision_making_org = pick(field, single()?)?
            }
            VicRelationshipToTrafficker => v.relationship_to_trafficker = pick(field, single()?)?,
            VicAgeWhenTrafficked => v.age_when_trafficked = count(field, single()?, 120)?,
            VicRecruitmentWebsitesAndApps => v.recruitment_websites_and_apps = picks(field, parts)?,
            VicMethodOfRecruitment => v.method_of_recruitment = picks(field, parts)?,
            VicLocationOfRecruitment => v.location_of_recruitment = text(field, single()?)?,
            VicMethodsOfControl => v.methods_of_control = picks(field, parts)?,
            VicTypeOfExploitation => v.type_of_exploitation = picks(field, parts)?,
            VicForcedLabourIndustry => v.forced_labour_industry = pick(field, single()?)?,
            VicTypeOfSexExploitation => v.type_of_sex_exploitation = picks(field, parts)?,
            VicLocationOfExploitation => v.location_of_exploitation = text(field, single()?)?,
            VicExploitationWebsitesAndApps => {
                v.exploitation_websites_and_apps = picks(field, parts)?
            }
            VicVulnerabilities => v.vulnerabilities = picks(field, parts)?,
            VicDetailsOfVulnerabilities => v.details_of_vulnerabilities = text(field, single()?)?,
            PerRoleInProcess => self.perpetrator.role_in_process = picks(field, parts)?,
            PerRoleDetails => self.perpetrator.role_details = text(field, single()?)?,
            CasStatus => c.status = pick(field, single()?)?,
            CasReasonForCaseClosure => c.reason_for_case_closure = text(field, single()?)?,
            CasCaseOwner => c.case_owner = text(field, single()?)?,
            CasReferringOrganisation => c.referring_organisation = text(field, single()?)?,
            CasIncomingReferralDate => c.incoming_referral_date = date(field, single()?)?,
            CasReferringPrimaryCaseWorker => {
                c.referring_primary_case_worker = text(field, single()?)?
            }
            CasReasonForIncomingReferral => {
                c.reason_for_incoming_referral = pick(field, single()?)?
            }
            CasIncomingReferralDetails => c.incoming_referral_details = text(field, single()?)?,
            CasReferredOrganisation => c.referred_organisation = text(field, single()?)?,
            CasReferredPrimaryCaseWorker => {
                c.referred_primary_case_worker = text(field, single()?)?
            }
            CasReasonForOutgoingReferral => {
                c.reason_for_outgoing_referral = pick(field, single()?)?
            }
            CasOutgoingReferralDate => c.outgoing_referral_date = date(field, single()?)?,
            CasOutgoingReferralDetails => c.outgoing_referral_details = text(field, single()?)?,
            CcoCaseComment => self.comment = text(field, single()?)?,
            SplObjectives => self.support_plan.objectives = text(field, single()?)?,
            SplActionPlan => self.support_plan.action_plan = text(field, single()?)?,
            SplPlannedEndDate => self.support_plan.planned_end_date = date(field, single()?)?,
            SplActualEndDate => self.support_plan.actual_end_date = date(field, single()?)?,
            SplType => self.support_plan.kind = pick(field, single()?)?,
            ConConsent => self.consent = checkbox(field, single()?)?,
            HteType | HteCountry | HteState | HteCity | HteStreet | HtePostalCode
            | HteLongitude | HteLatitude | HteDate | HteDescription => unreachable_event(field)?,
        }
        Ok(())
    }

    fn set_event_parts(&mut self, field: Field, parts: &[&str]) -> Result<(), FieldError> {
        if self.events.len() < parts.len() {
            self.events
                .resize_with(parts.len(), TraffickingEvent::default);
        }
        for (event, raw) in self.events.iter_mut().zip(parts) {
            match field {
                Field::HteType => event.kind = pick(field, raw)?,
                Field::HteCountry => event.country = country(field, raw)?,
                Field::HteState => event.state = text(field, raw)?,
                Field::HteCity => event.city = text(field, raw)?,
                Field::HteStreet => event.street = text(field, raw)?,
                Field::HtePostalCode => event.postal_code = text(field, raw)?,
                Field::HteLongitude => event.longitude = coordinate(field, raw)?,
                Field::HteLatitude => event.latitude = coordinate(field, raw)?,
                Field::HteDate => event.date = date(field, raw)?,
                Field::HteDescription => event.description = text(field, raw)?,
                other => unreachable_event(other)?,
            }
        }
        Ok(())
    }

    /// The field's value in flat form, `None` when empty.
    pub fn get(&self, field: Field) -> Option<FlatValue> {
        let mut text = String::new();
        if !self.put(field, &mut text, GET_SEPARATOR) {
            return None;
        }
        Some(if field.is_multi() {
            FlatValue::Many(text.split(GET_SEPARATOR).map(str::to_string).collect())
        } else {
            FlatValue::One(text)
        })
    }

    /// Appends the field's value to `out`, several values (or events) joined by `separator`;
    /// whether it has one (`get` is `Some`). The one place that knows where each field lives:
    /// `get` and the compact form are both written through it, the compact form without an
    /// allocation per field, which the import's hot path paid for every value of every row.
    pub(crate) fn put(&self, field: Field, out: &mut String, separator: char) -> bool {
        use Field::*;
        let o = &self.organisation;
        let p = &self.person;
        let v = &self.victim;
        let c = &self.case;
        let ev = &self.events;
        let s = &self.support_plan;
        match field {
            OrgName => put_one(out, &o.name),
            OrgShippingCity => put_one(out, &o.shipping_city),
            OrgShippingCountry => put_one(out, &o.shipping_country),
            OrgShippingState => put_one(out, &o.shipping_state),
            OrgShippingStreet => put_one(out, &o.shipping_street),
            OrgShippingPostalCode => put_one(out, &o.shipping_postal_code),
            OrgShippingLongitude => put_one(out, &o.shipping_longitude),
            OrgShippingLatitude => put_one(out, &o.shipping_latitude),
            OrgPhone => put_one(out, &o.phone),
            OrgType => put_one(out, &o.kind),
            PrsSalutation => put_one(out, &p.salutation),
            PrsFirstName => put_one(out, &p.first_name),
            PrsMiddleName => put_one(out, &p.middle_name),
            PrsSecondName => put_one(out, &p.second_name),
            PrsBirthdate => put_one(out, &p.birthdate),
            PrsGender => put_one(out, &p.gender),
            PrsDeceased => put_one(out, &p.deceased),
            PrsMaritalStatus => put_one(out, &p.marital_status),
            PrsNumberOfChildren => put_one(out, &p.number_of_children),
            PrsPrimaryLanguage => put_one(out, &p.primary_language),
            PrsSecondaryLanguage => put_one(out, &p.secondary_language),
            PrsHighestLevelOfEducation => put_one(out, &p.highest_level_of_education),
            PrsCitizenship => put_many(out, separator, &p.citizenship),
            PrsIdentityNumber => put_one(out, &p.identity_number),
            PrsTitle => put_one(out, &p.title),
            PrsEmail => put_one(out, &p.email),
            PrsHomePhone => put_one(out, &p.home_phone),
            PrsMobilePhone => put_one(out, &p.mobile_phone),
            PrsMailingCity => put_one(out, &p.mailing_city),
            PrsMailingCountry => put_one(out, &p.mailing_country),
            PrsMailingState => put_one(out, &p.mailing_state),
            PrsMailingStreet => put_one(out, &p.mailing_street),
            PrsMailingPostalCode => put_one(out, &p.mailing_postal_code),
            PrsMailingLongitude => put_one(out, &p.mailing_longitude),
            PrsMailingLatitude => put_one(out, &p.mailing_latitude),
            VicAgreementToManagePersonalData => put_one(out, &v.agreement_to_manage_personal_data),
            VicTraffickingStatus => put_one(out, &v.trafficking_status),
            VicTraffickingStatusDecisionMakingOrg => {
                put_one(out, &v.trafficking_status_decision_making_org)
            }
            VicRelationshipToTrafficker => put_one(out, &v.relationship_to_trafficker),
            VicAgeWhenTrafficked => put_one(out, &v.age_when_trafficked),
            VicRecruitmentWebsitesAndApps => {
                put_many(out, separator, &v.recruitment_websites_and_apps)
            }
            VicMethodOfRecruitment => put_many(out, separator, &v.method_of_recruitment),
            VicLocationOfRecruitment => put_one(out, &v.location_of_recruitment),
            VicMethodsOfControl => put_many(out, separator, &v.methods_of_control),
            VicTypeOfExploitation => put_many(out, separator, &v.type_of_exploitation),
            VicForcedLabourIndustry => put_one(out, &v.forced_labour_industry),
            VicTypeOfSexExploitation => put_many(out, separator, &v.type_of_sex_exploitation),
            VicLocationOfExploitation => put_one(out, &v.location_of_exploitation),
            VicExploitationWebsitesAndApps => {
                put_many(out, separator, &v.exploitation_websites_and_apps)
            }
            VicVulnerabilities => put_many(out, separator, &v.vulnerabilities),
            VicDetailsOfVulnerabilities => put_one(out, &v.details_of_vulnerabilities),
            PerRoleInProcess => put_many(out, separator, &self.perpetrator.role_in_process),
            PerRoleDetails => put_one(out, &self.perpetrator.role_details),
            CasStatus => put_one(out, &c.status),
            CasReasonForCaseClosure => put_one(out, &c.reason_for_case_closure),
            CasCaseOwner => put_one(out, &c.case_owner),
            CasReferringOrganisation => put_one(out, &c.referring_organisation),
            CasIncomingReferralDate => put_one(out, &c.incoming_referral_date),
            CasReferringPrimaryCaseWorker => put_one(out, &c.referring_primary_case_worker),
            CasReasonForIncomingReferral => put_one(out, &c.reason_for_incoming_referral),
            CasIncomingReferralDetails => put_one(out, &c.incoming_referral_details),
            CasReferredOrganisation => put_one(out, &c.referred_organisation),
            CasReferredPrimaryCaseWorker => put_one(out, &c.referred_primary_case_worker),
            CasReasonForOutgoingReferral => put_one(out, &c.reason_for_outgoing_referral),
            CasOutgoingReferralDate => put_one(out, &c.outgoing_referral_date),
            CasOutgoingReferralDetails => put_one(out, &c.outgoing_referral_details),
            CcoCaseComment => put_one(out, &self.comment),
            HteType => put_events(out, separator, ev, |e| e.kind),
            HteCountry => put_events(out, separator, ev, |e| e.country),
            HteState => put_event_texts(out, separator, ev, |e| &e.state),
            HteCity => put_event_texts(out, separator, ev, |e| &e.city),
            HteStreet => put_event_texts(out, separator, ev, |e| &e.street),
            HtePostalCode => put_event_texts(out, separator, ev, |e| &e.postal_code),
            HteLongitude => put_events(out, separator, ev, |e| e.longitude),
            HteLatitude => put_events(out, separator, ev, |e| e.latitude),
            HteDate => put_events(out, separator, ev, |e| e.date),
            HteDescription => put_event_texts(out, separator, ev, |e| &e.description),
            SplObjectives => put_one(out, &s.objectives),
            SplActionPlan => put_one(out, &s.action_plan),
            SplPlannedEndDate => put_one(out, &s.planned_end_date),
            SplActualEndDate => put_one(out, &s.actual_end_date),
            SplType => put_one(out, &s.kind),
            ConConsent => put_one(out, &self.consent),
        }
    }

    /// Checks what only the whole record can tell, after every field was set: events whose
    /// columns disagree on their number, events without a type, dates out of order.
    pub fn check(&self, event_counts: &[(Field, usize)]) -> Vec<FieldError> {
        let mut problems = Vec::new();
        if let Some(&(first_field, first_count)) = event_counts.iter().find(|(_, n)| *n > 0) {
            for &(field, n) in event_counts {
                if n > 0 && n != first_count {
                    problems.push(refuse(
                        field,
                        "",
                        format!(
                            "{} lists {n} events but {} lists {first_count}: event columns must align",
                            field.name(),
                            first_field.name()
                        ),
                    ));
                }
            }
        }
        if problems.is_empty() {
            for (i, event) in self.events.iter().enumerate() {
                if event.kind.is_none() && *event != TraffickingEvent::default() {
                    problems.push(refuse(
                        Field::HteType,
                        "",
                        format!(
                            "event {} has no hte_Type (Recruitment, Transit or Exploitation)",
                            i + 1
                        ),
                    ));
                }
            }
        }
        if let (Some(birth), Some(age)) = (self.person.birthdate, self.victim.age_when_trafficked) {
            if birth.year() + age as i32 > Date::today().year() + 1 {
                problems.push(refuse(
                    Field::VicAgeWhenTrafficked,
                    &age.to_string(),
                    format!(
                        "age {age} when trafficked is later than today for a person born {birth}"
                    ),
                ));
            }
        }
        problems
    }
}

fn unreachable_event(field: Field) -> Result<(), FieldError> {
    Err(refuse(
        field,
        "",
        "internal: event field routed to the wrong setter",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_in_the_bytes_as_in_the_characters() {
        let by_chars = |t: &str| {
            t.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
        };
        for text in [
            "María José",
            "línea 1\nlínea 2\tfin\r",
            "bell\u{7}",
            "del\u{7f}",
            "c1\u{85}next line",
            "c1 end\u{9f}",
            "after c1 \u{a0}nbsp and \u{c2}Â",
            "\u{0}",
            "日本語 ok",
            "",
        ] {
            assert_eq!(has_control(text), by_chars(text), "{text:?}");
        }
        for c in (0u32..0x250).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(has_control(&text), by_chars(&text), "{c:?}");
        }
    }

    #[test]
    fn values_are_put_as_their_display_writes_them() {
        fn same<T: PutValue + std::fmt::Display>(value: T) {
            let mut put = String::new();
            value.put_value(&mut put);
            assert_eq!(put, value.to_string());
        }
        for date in ["1900-01-01", "2100-12-31", "2024-02-29", "1987-10-09"] {
            same(Date::parse(date).unwrap());
        }
        same(rastro_geo::country_of_cell("Perú").unwrap());
        same(Language::parse("español").unwrap());
        same(crate::picklists::ExploitationType::ALL[0]);
        same(crate::picklists::Gender::ALL[1]);
        for value in [true, false] {
            same(value);
        }
        same(42u32);
        same(-12.0464f64);
        same("Ana María".to_string());
    }

    #[test]
    fn every_field_round_trips_through_flat_form() {
        let mut r = CaseRecord::default();
        r.set(Field::PrsFirstName, " María José ").unwrap();
        r.set(Field::PrsCitizenship, "Venezuela; CO").unwrap();
        r.set(
            Field::VicTypeOfExploitation,
            "SexualExploitation;ForcedLabour",
        )
        .unwrap();
        r.set(Field::HteType, "Recruitment;Transit;Exploitation")
            .unwrap();
        r.set(Field::HteCountry, "VE;;PER").unwrap();
        r.set(Field::PrsBirthdate, "02/11/1999").unwrap();
        assert_eq!(
            r.get(Field::PrsFirstName),
            Some(FlatValue::One("María José".into()))
        );
        assert_eq!(r.get(Field::PrsCitizenship).unwrap().to_cell(), "VE;CO");
        assert_eq!(r.get(Field::HteCountry).unwrap().to_cell(), "VE;;PE");
        assert_eq!(r.get(Field::PrsBirthdate).unwrap().to_cell(), "1999-11-02");
        let mut again = CaseRecord::default();
        for &f in Field::ALL {
            if let Some(v) = r.get(f) {
                again.set(f, &v.to_cell()).unwrap();
            }
        }
        assert_eq!(again, r);
    }

    #[test]
    fn bad_values_are_refused_with_reasons() {
        let mut r = CaseRecord::default();
        let e = r
            .set(Field::VicTypeOfExploitation, "SexualExploitaton")
            .unwrap_err();
        assert!(
            e.message.contains("did you mean SexualExploitation"),
            "{}",
            e.message
        );
        let e = r.set(Field::PrsCitizenship, "Narnia").unwrap_err();
        assert!(e.message.contains("unknown country"), "{}", e.message);
        let e = r.set(Field::PrsBirthdate, "31/02/1990").unwrap_err();
        assert!(e.message.contains("bad date"), "{}", e.message);
        assert!(r.set(Field::PrsNumberOfChildren, "many").is_err());
        assert!(r.set(Field::PrsGender, "Feminine;Masculine").is_err());
    }
}
