//! Which fields say who a person is, and the views of a record that leave them out.
//!
//! Victims' records are shared at levels (see the store): a *summary* carries no identifier at
//! all, a *detail* view carries everything but the fields that identify a person and the free
//! text that may name one, and only *full* access carries those. The same split decides what is
//! encrypted at rest. The classification lives here, beside the field table, so that adding a
//! field to the standard means deciding its sensitivity in the same place.

use rastro_geo::CountryCode;

use crate::case::CaseRecord;
use crate::fields::{Field, FlatValue, Kind};
use crate::picklist::Picklist;
use crate::picklists::{ExploitationType, Gender};

/// How much a field says about who a person is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sensitivity {
    /// Names, birth date, identity numbers, contacts, exact addresses and coordinates.
    Identifying,
    /// Free text, which may name anyone.
    FreeText,
    /// What describes the case without identifying the person.
    Descriptive,
}

impl Field {
    pub fn sensitivity(self) -> Sensitivity {
        use Field::*;
        match self {
            PrsFirstName
            | PrsMiddleName
            | PrsSecondName
            | PrsBirthdate
            | PrsIdentityNumber
            | PrsEmail
            | PrsHomePhone
            | PrsMobilePhone
            | PrsMailingStreet
            | PrsMailingPostalCode
            | PrsMailingLongitude
            | PrsMailingLatitude
            | HteStreet
            | HtePostalCode
            | HteLongitude
            | HteLatitude
            | CasCaseOwner
            | CasReferringPrimaryCaseWorker
            | CasReferredPrimaryCaseWorker => Sensitivity::Identifying,
            f if f.kind() == Kind::LongText => Sensitivity::FreeText,
            _ => Sensitivity::Descriptive,
        }
    }

    /// Whether the field is left out below full access (and kept encrypted at rest).
    pub fn is_personal(self) -> bool {
        self.sensitivity() != Sensitivity::Descriptive
    }
}

impl CaseRecord {
    /// The record in two parts: everything descriptive, and the personal fields alone (with
    /// event fields at their event's position). [`CaseRecord::joined`] puts them back together.
    pub fn split_personal(&self) -> (CaseRecord, CaseRecord) {
        let mut open = self.clone();
        let mut personal = CaseRecord::default();
        for &field in PERSONAL_FIELDS.iter() {
            if let Some(value) = self.get(field) {
                // Values that came out of a record go back in: no error is possible here, and
                // should one happen the field stays in neither part rather than in the wrong one.
                let _ = personal.set_parts(field, &parts(&value));
                clear(&mut open, field);
            }
        }
        (open, personal)
    }

    /// The record without its personal fields: what a detail view may show.
    pub fn without_personal(&self) -> CaseRecord {
        self.split_personal().0
    }

    /// A record from its descriptive part and its personal part.
    pub fn joined(open: &CaseRecord, personal: &CaseRecord) -> CaseRecord {
        let mut whole = open.clone();
        for &field in PERSONAL_FIELDS.iter() {
            if let Some(value) = personal.get(field) {
                let _ = whole.set_parts(field, &parts(&value));
            }
        }
        whole
    }
}

/// The personal fields, worked out once: splitting runs for every record stored or read.
static PERSONAL_FIELDS: std::sync::LazyLock<Vec<Field>> = std::sync::LazyLock::new(|| {
    Field::ALL
        .iter()
        .copied()
        .filter(|f| f.is_personal())
        .collect()
});

fn parts(value: &FlatValue) -> Vec<&str> {
    match value {
        FlatValue::One(s) => vec![s.as_str()],
        FlatValue::Many(v) => v.iter().map(String::as_str).collect(),
    }
}

fn clear(record: &mut CaseRecord, field: Field) {
    let blanks: Vec<&str> = if field.is_event() {
        vec![""; record.events.len()]
    } else {
        Vec::new()
    };
    let _ = record.set_parts(field, &blanks);
}

/// Age at the time of trafficking, in the bands that published statistics use; exact ages
/// single people out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgeBand {
    From0To8,
    From9To17,
    From18To29,
    From30To38,
    From39To47,
    From48,
}

impl AgeBand {
    pub fn of(age: u32) -> AgeBand {
        match age {
            0..=8 => AgeBand::From0To8,
            9..=17 => AgeBand::From9To17,
            18..=29 => AgeBand::From18To29,
            30..=38 => AgeBand::From30To38,
            39..=47 => AgeBand::From39To47,
            _ => AgeBand::From48,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AgeBand::From0To8 => "0-8",
            AgeBand::From9To17 => "9-17",
            AgeBand::From18To29 => "18-29",
            AgeBand::From30To38 => "30-38",
            AgeBand::From39To47 => "39-47",
            AgeBand::From48 => "48+",
        }
    }
}

/// What a record says without identifying anyone: the summary level of sharing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    pub age_band: Option<AgeBand>,
    pub sex: Option<Gender>,
    pub nationality: Vec<CountryCode>,
    pub exploitation: Vec<ExploitationType>,
    /// Years of the record's events and case dates, each once, in order.
    pub years: Vec<i32>,
}

impl CaseSummary {
    /// The summary of a record. Only descriptive fields are read (the age is the one recorded
    /// when trafficked, never worked out from a birth date), so a summary can be made from what
    /// is kept in the clear.
    pub fn of(record: &CaseRecord) -> CaseSummary {
        let age = record.victim.age_when_trafficked;
        let mut years: Vec<i32> = record
            .events
            .iter()
            .filter_map(|e| e.date.map(|d| d.year()))
            .chain(
                [
                    record.case.incoming_referral_date,
                    record.case.outgoing_referral_date,
                ]
                .into_iter()
                .flatten()
                .map(|d| d.year()),
            )
            .collect();
        years.sort_unstable();
        years.dedup();
        CaseSummary {
            age_band: age.map(AgeBand::of),
            sex: record.person.gender,
            nationality: record.person.citizenship.clone(),
            exploitation: record.victim.type_of_exploitation.clone(),
            years,
        }
    }

    /// The summary as `field=value` pairs, for output that must not carry more than it.
    pub fn describe(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(b) = self.age_band {
            out.push(("age_band", b.as_str().to_string()));
        }
        if let Some(s) = self.sex {
            out.push(("sex", s.wire().to_string()));
        }
        for c in &self.nationality {
            out.push(("nationality", c.to_string()));
        }
        for e in &self.exploitation {
            out.push(("exploitation", e.wire().to_string()));
        }
        for y in &self.years {
            out.push(("year", y.to_string()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> CaseRecord {
        let mut r = CaseRecord::default();
        for (field, value) in [
            (Field::PrsFirstName, "María José"),
            (Field::PrsSecondName, "Quispe Mamani"),
            (Field::PrsBirthdate, "1994-05-17"),
            (Field::PrsGender, "Feminine"),
            (Field::PrsCitizenship, "PE;BO"),
            (Field::PrsMobilePhone, "+51 999 111 222"),
            (Field::VicAgeWhenTrafficked, "24"),
            (Field::VicTypeOfExploitation, "SexualExploitation"),
            (
                Field::VicDetailsOfVulnerabilities,
                "Su tío Juan Pérez la llevó a Lima",
            ),
            (Field::HteType, "Recruitment;Exploitation"),
            (Field::HteCountry, "PE;PE"),
            (Field::HteCity, "Puno;Lima"),
            (Field::HteStreet, ";Jr. Huallaga 123"),
            (Field::HteDate, "2019-02-01;2019-03-10"),
        ] {
            r.set(field, value).unwrap();
        }
        r
    }

    #[test]
    fn the_split_keeps_no_identity_in_the_open_part_and_joins_back_whole() {
        let r = record();
        let (open, personal) = r.split_personal();
        let open_text = open.to_compact();
        for secret in ["María", "Quispe", "1994", "999", "Huallaga", "Juan Pérez"] {
            assert!(!open_text.contains(secret), "{secret} in {open_text}");
        }
        assert!(open_text.contains("Puno"), "towns are descriptive");
        assert_eq!(open.events.len(), 2);
        assert_eq!(personal.person.first_name.as_deref(), Some("María José"));
        assert_eq!(
            personal.events[1].street.as_deref(),
            Some("Jr. Huallaga 123")
        );
        assert_eq!(CaseRecord::joined(&open, &personal), r);
        assert_eq!(r.without_personal(), open);
    }

    #[test]
    fn the_parts_written_in_one_pass_are_the_split_parts_written() {
        let whole = record();
        let mut descriptive_only = record();
        descriptive_only.person = Default::default();
        descriptive_only
            .events
            .iter_mut()
            .for_each(|e| e.street = None);
        let mut personal_only = CaseRecord::default();
        personal_only.set(Field::PrsFirstName, "Ana").unwrap();
        for r in [
            whole,
            descriptive_only,
            personal_only,
            CaseRecord::default(),
        ] {
            let (open, personal) = r.split_personal();
            let expected_personal =
                (personal != CaseRecord::default()).then(|| personal.to_compact());
            assert_eq!(
                r.to_compact_parts(),
                (open.to_compact(), expected_personal),
                "{r:?}"
            );
            assert_forms_are_whole_and_parts(&r);
        }
        // A value set to nothing in code, not through validation, stays out of the personal
        // part as the split leaves it out.
        let mut blank = record();
        blank.person.first_name = Some(String::new());
        let (open, personal) = blank.split_personal();
        assert_eq!(
            blank.to_compact_parts(),
            (open.to_compact(), Some(personal.to_compact()))
        );
        assert_forms_are_whole_and_parts(&blank);
        // The same with the blank value last of all the record's values.
        let mut last_blank = CaseRecord::default();
        last_blank.set(Field::HteCountry, "PE").unwrap();
        last_blank.person.first_name = Some(String::new());
        assert_forms_are_whole_and_parts(&last_blank);
    }

    /// The forms written together are exactly the whole text and the parts written apart.
    fn assert_forms_are_whole_and_parts(r: &CaseRecord) {
        let (whole, parts) = r.to_compact_forms();
        assert_eq!(whole, r.to_compact(), "{r:?}");
        assert_eq!((parts.open, parts.personal), r.to_compact_parts(), "{r:?}");
    }

    #[test]
    fn a_summary_names_nobody() {
        let s = CaseSummary::of(&record());
        assert_eq!(s, CaseSummary::of(&record().without_personal()));
        assert_eq!(s.age_band, Some(AgeBand::From18To29));
        assert_eq!(s.years, vec![2019]);
        assert_eq!(s.nationality.len(), 2);
        let text = format!("{:?}", s.describe());
        assert!(!text.contains("María") && !text.contains("1994"), "{text}");
    }
}
