//! Which countable values a record contributes to statistics. Shared by every backend.

use rastro_model::{AgeBand, CaseRecord, EventType, Picklist};

use crate::Facet;

/// The (facet, value) pairs of a record. Facets a record says nothing about are not stored:
/// queries count them as [`crate::UNKNOWN`], so that totals still add up to the records.
pub fn facets_of(record: &CaseRecord) -> Vec<(Facet, String)> {
    let mut out = Vec::with_capacity(24);
    each_facet_value(record, &mut |facet, value| {
        out.push((facet, value.to_string()))
    });
    out
}

/// [`facet_values_text`] of [`facets_of`], written straight from the record: an import makes
/// this text for every case, and the pairs' own strings were a quarter of sealing a case.
pub(crate) fn facet_values_text_of(record: &CaseRecord) -> String {
    let mut text = String::with_capacity(512);
    each_facet_value(record, &mut |facet, value| {
        push_pair(&mut text, facet, value)
    });
    text
}

/// Visits a record's (facet, value) pairs: the facets in one fixed order, each facet's values
/// sorted and each once.
fn each_facet_value(record: &CaseRecord, visit: &mut dyn FnMut(Facet, &str)) {
    let month = earliest_month(record);
    let mut values: Vec<&str> = Vec::with_capacity(8);
    let mut put = |facet: Facet, values: &mut Vec<&str>| {
        values.sort_unstable();
        values.dedup();
        for value in values.iter() {
            visit(facet, value);
        }
        values.clear();
    };
    let victim = &record.victim;
    values.extend(victim.type_of_exploitation.iter().map(|e| e.wire()));
    put(Facet::Exploitation, &mut values);
    for (facet, kind) in [
        (Facet::ExploitationCountry, EventType::Exploitation),
        (Facet::RecruitmentCountry, EventType::Recruitment),
        (Facet::TransitCountry, EventType::Transit),
    ] {
        values.extend(
            record
                .events
                .iter()
                .filter(|e| e.kind == Some(kind))
                .filter_map(|e| e.country.map(|c| c.as_static_str())),
        );
        put(facet, &mut values);
    }
    values.extend(record.person.citizenship.iter().map(|c| c.as_static_str()));
    put(Facet::Citizenship, &mut values);
    values.extend(victim.forced_labour_industry.iter().map(|i| i.wire()));
    put(Facet::Industry, &mut values);
    values.extend(record.person.gender.iter().map(|g| g.wire()));
    put(Facet::Gender, &mut values);
    values.extend(
        victim
            .age_when_trafficked
            .map(|age| AgeBand::of(age).as_str()),
    );
    put(Facet::AgeBand, &mut values);
    values.extend(month.as_deref());
    put(Facet::Month, &mut values);
    let case = &record.case;
    wires(&mut values, &victim.method_of_recruitment);
    put(Facet::RecruitmentMethod, &mut values);
    wires(&mut values, &victim.recruitment_websites_and_apps);
    put(Facet::RecruitmentSite, &mut values);
    wires(&mut values, &victim.methods_of_control);
    put(Facet::ControlMethod, &mut values);
    wires(&mut values, &victim.type_of_sex_exploitation);
    put(Facet::SexExploitation, &mut values);
    wires(&mut values, &victim.exploitation_websites_and_apps);
    put(Facet::ExploitationSite, &mut values);
    wires(&mut values, &victim.vulnerabilities);
    put(Facet::Vulnerability, &mut values);
    wires(&mut values, victim.relationship_to_trafficker.as_slice());
    put(Facet::Relationship, &mut values);
    wires(&mut values, victim.trafficking_status.as_slice());
    put(Facet::TraffickingStatus, &mut values);
    wires(
        &mut values,
        victim.trafficking_status_decision_making_org.as_slice(),
    );
    put(Facet::StatusDecidedBy, &mut values);
    wires(&mut values, &record.perpetrator.role_in_process);
    put(Facet::PerpetratorRole, &mut values);
    wires(&mut values, case.status.as_slice());
    put(Facet::CaseStatus, &mut values);
    wires(&mut values, case.reason_for_incoming_referral.as_slice());
    put(Facet::IncomingReferralReason, &mut values);
    wires(&mut values, case.reason_for_outgoing_referral.as_slice());
    put(Facet::OutgoingReferralReason, &mut values);
    wires(&mut values, record.support_plan.kind.as_slice());
    put(Facet::SupportPlan, &mut values);
}

fn wires<P: Picklist>(values: &mut Vec<&str>, picked: &[P]) {
    values.extend(picked.iter().map(|v| v.wire()));
}

/// The month a record is counted under in series over time: its earliest dated event, else its
/// earliest referral date.
fn earliest_month(record: &CaseRecord) -> Option<String> {
    let events = record.events.iter().filter_map(|e| e.date);
    let referrals = [
        record.case.incoming_referral_date,
        record.case.outgoing_referral_date,
    ];
    events
        .min()
        .or_else(|| referrals.into_iter().flatten().min())
        .map(|d| format!("{:04}-{:02}", d.year(), d.month()))
}

/// A facet value as a person writes it ("forced labour", "Perú", "female") in the form
/// [`facets_of`] stores (wire names, ISO codes), or why it is none.
pub fn canonical_value(facet: Facet, text: &str) -> Result<String, String> {
    use rastro_model::{
        CaseStatus, DecisionMakingOrg, ExploitationType, ForcedLabourIndustry, Gender,
        MethodOfControl, MethodOfRecruitment, PerpetratorRole, ReferralReason,
        RelationshipToTrafficker, SexExploitationType, SupportPlanType, TraffickingStatus,
        Vulnerability, WebsiteOrApp,
    };
    fn picklist<P: Picklist>(text: &str) -> Result<String, String> {
        P::parse(text).map(|v| v.wire().to_string()).ok_or_else(|| {
            format!(
                "{text:?} is not a value of {}; values: {}",
                P::FIELD,
                P::ALL
                    .iter()
                    .map(|v| v.wire())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    }
    match facet {
        Facet::Exploitation => picklist::<ExploitationType>(text),
        Facet::Industry => picklist::<ForcedLabourIndustry>(text),
        Facet::Gender => picklist::<Gender>(text),
        Facet::AgeBand => AGE_BANDS
            .iter()
            .find(|b| **b == text.trim())
            .map(|b| b.to_string())
            .ok_or_else(|| {
                format!(
                    "{text:?} is not an age band; bands: {}",
                    AGE_BANDS.join(", ")
                )
            }),
        Facet::Month => month_value(text),
        Facet::RecruitmentMethod => picklist::<MethodOfRecruitment>(text),
        Facet::RecruitmentSite | Facet::ExploitationSite => picklist::<WebsiteOrApp>(text),
        Facet::ControlMethod => picklist::<MethodOfControl>(text),
        Facet::SexExploitation => picklist::<SexExploitationType>(text),
        Facet::Vulnerability => picklist::<Vulnerability>(text),
        Facet::Relationship => picklist::<RelationshipToTrafficker>(text),
        Facet::TraffickingStatus => picklist::<TraffickingStatus>(text),
        Facet::StatusDecidedBy => picklist::<DecisionMakingOrg>(text),
        Facet::PerpetratorRole => picklist::<PerpetratorRole>(text),
        Facet::CaseStatus => picklist::<CaseStatus>(text),
        Facet::IncomingReferralReason | Facet::OutgoingReferralReason => {
            picklist::<ReferralReason>(text)
        }
        Facet::SupportPlan => picklist::<SupportPlanType>(text),
        Facet::ExploitationCountry
        | Facet::RecruitmentCountry
        | Facet::TransitCountry
        | Facet::Citizenship => rastro_geo::countries()
            .parse(text)
            .map(|c| c.to_string())
            .map_err(|e| e.to_string()),
    }
}

const AGE_BANDS: [&str; 6] = ["0-8", "9-17", "18-29", "30-38", "39-47", "48+"];

fn month_value(text: &str) -> Result<String, String> {
    let text = text.trim();
    let valid = text.len() == 7
        && text.as_bytes()[4] == b'-'
        && text[..4].bytes().all(|b| b.is_ascii_digit())
        && matches!(text[5..].parse::<u8>(), Ok(1..=12));
    if valid {
        Ok(text.to_string())
    } else {
        Err(format!("{text:?} is not a month written YYYY-MM"))
    }
}

/// Between a facet's name and its value in a case's list of facet values (ASCII unit
/// separator), and between two pairs (record separator): no stored facet name or value holds a
/// control character, and migration 0024 builds the same text in SQL (`chr(31)`, `chr(30)`);
/// the visibility rule finds a pair in it (`sql::visibility`).
pub(crate) const NAME_END: char = '\u{1f}';
pub(crate) const PAIR_END: char = '\u{1e}';

/// A case's facet values as the one text kept beside the case (`cases.facet_values`), so that
/// the statistics read one row per case instead of one per value: a node reading 100,000
/// cases afresh read about 1.8 million rows.
pub(crate) fn facet_values_text(facets: &[(Facet, String)]) -> String {
    let mut text = String::with_capacity(facets.iter().map(|(_, v)| v.len() + 24).sum());
    for (facet, value) in facets {
        push_pair(&mut text, *facet, value);
    }
    text
}

/// Appends one (facet, value) pair to a facet values text.
fn push_pair(text: &mut String, facet: Facet, value: &str) {
    if !text.is_empty() {
        text.push(PAIR_END);
    }
    text.push_str(facet.code());
    text.push(NAME_END);
    text.push_str(value);
}

/// The (facet code, value) pairs of a case's facet values text, in the order written; a pair
/// without its separator (which the store never writes) is skipped.
pub(crate) fn facet_values_of(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split(PAIR_END)
        .filter_map(|pair| pair.split_once(NAME_END))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cases_facet_values_text_gives_back_every_pair() {
        let mut record = CaseRecord::default();
        for (field, value) in [
            (
                rastro_model::Field::VicTypeOfExploitation,
                "SexualExploitation;ForcedLabour",
            ),
            (rastro_model::Field::HteType, "Recruitment;Exploitation"),
            (rastro_model::Field::HteCountry, "VE;PE"),
            (rastro_model::Field::PrsGender, "Female"),
        ] {
            record.set(field, value).unwrap();
        }
        let facets = facets_of(&record);
        assert!(facets.len() >= 5, "{facets:?}");
        let text = facet_values_text(&facets);
        let back: Vec<(&str, &str)> = facet_values_of(&text).collect();
        let written: Vec<(&str, &str)> =
            facets.iter().map(|(f, v)| (f.code(), v.as_str())).collect();
        assert_eq!(back, written);
        assert_eq!(facet_values_of("").count(), 0);
        assert_eq!(facet_values_of("no separator").count(), 0);
    }

    #[test]
    fn the_text_written_from_the_record_is_the_text_of_its_pairs() {
        use rastro_model::Field;
        let mut record = CaseRecord::default();
        for (field, value) in [
            (
                Field::VicTypeOfExploitation,
                "SexualExploitation;ForcedLabour;ForcedMarriage",
            ),
            (
                Field::HteType,
                "Recruitment;Transit;Transit;Exploitation;Exploitation",
            ),
            (Field::HteCountry, "VE;PE;CO;PE;AR"),
            (Field::HteDate, ";2023-05-01;;2022-11-30;"),
            (Field::PrsCitizenship, "VE;CO"),
            (Field::PrsGender, "Female"),
            (Field::VicAgeWhenTrafficked, "16"),
            (
                Field::VicVulnerabilities,
                "Poverty;Education;AbuseSocialMedia",
            ),
            (Field::CasStatus, "Active"),
        ] {
            record.set(field, value).unwrap();
        }
        let text = facet_values_text_of(&record);
        assert_eq!(text, facet_values_text(&facets_of(&record)));
        // Each facet's values sorted and once: Transit's PE and CO, in that order, once each.
        assert!(
            text.contains("\u{1e}d\u{1f}CO\u{1e}d\u{1f}PE\u{1e}"),
            "{text:?}"
        );
        assert!(text.contains("2022-11"), "{text:?}");
        assert_eq!(facet_values_text_of(&CaseRecord::default()), "");
    }

    #[test]
    fn values_are_read_as_people_write_them() {
        assert_eq!(
            canonical_value(Facet::Exploitation, "forced labour").as_deref(),
            Ok("ForcedLabour")
        );
        assert_eq!(
            canonical_value(Facet::ExploitationCountry, "Perú").as_deref(),
            Ok("PE")
        );
        assert!(canonical_value(Facet::Exploitation, "piracy")
            .unwrap_err()
            .contains("SexualExploitation"));
        assert!(canonical_value(Facet::Citizenship, "Atlantis").is_err());
    }

    #[test]
    fn every_facet_is_read_from_the_descriptive_part_alone() {
        use rastro_model::*;
        fn first<P: Picklist>() -> &'static str {
            P::ALL[0].wire()
        }
        // A value for every field a facet reads, so each facet has something to read.
        let mut whole = CaseRecord::default();
        for (field, value) in [
            (Field::VicTypeOfExploitation, first::<ExploitationType>()),
            (
                Field::VicForcedLabourIndustry,
                first::<ForcedLabourIndustry>(),
            ),
            (Field::PrsGender, first::<Gender>()),
            (Field::PrsCitizenship, "VE"),
            (
                Field::VicMethodOfRecruitment,
                first::<MethodOfRecruitment>(),
            ),
            (
                Field::VicRecruitmentWebsitesAndApps,
                first::<WebsiteOrApp>(),
            ),
            (Field::VicMethodsOfControl, first::<MethodOfControl>()),
            (
                Field::VicTypeOfSexExploitation,
                first::<SexExploitationType>(),
            ),
            (
                Field::VicExploitationWebsitesAndApps,
                first::<WebsiteOrApp>(),
            ),
            (Field::VicVulnerabilities, first::<Vulnerability>()),
            (
                Field::VicRelationshipToTrafficker,
                first::<RelationshipToTrafficker>(),
            ),
            (Field::VicTraffickingStatus, first::<TraffickingStatus>()),
            (
                Field::VicTraffickingStatusDecisionMakingOrg,
                first::<DecisionMakingOrg>(),
            ),
            (Field::PerRoleInProcess, first::<PerpetratorRole>()),
            (Field::CasStatus, first::<CaseStatus>()),
            (
                Field::CasReasonForIncomingReferral,
                first::<ReferralReason>(),
            ),
            (
                Field::CasReasonForOutgoingReferral,
                first::<ReferralReason>(),
            ),
            (Field::SplType, first::<SupportPlanType>()),
            (Field::HteType, "Recruitment;Transit;Exploitation"),
            (Field::HteCountry, "VE;CO;PE"),
        ] {
            whole.set(field, value).unwrap();
        }
        whole
            .set(Field::HteDate, "2023-04-01;2023-05-01;2023-06-01")
            .unwrap();
        whole.set(Field::VicAgeWhenTrafficked, "15").unwrap();
        let all = facets_of(&whole);
        assert_eq!(facet_values_text_of(&whole), facet_values_text(&all));
        for facet in Facet::ALL {
            assert!(
                all.iter().any(|(f, _)| *f == facet),
                "{} has no value in {all:?}",
                facet.as_str()
            );
        }
        // Older stores get new facets from the part kept in the clear: it must hold them all.
        let (open, _) = whole.split_personal();
        assert_eq!(facets_of(&open), all);
        for (facet, value) in &all {
            assert_eq!(
                canonical_value(*facet, value).as_ref(),
                Ok(value),
                "{facet:?}"
            );
        }
    }

    /// Migration 0028 (0027 on PostgreSQL) turns a text an older build wrote, with facets'
    /// names, into the text this build writes, and leaves an empty text and a name it does not
    /// know as they are.
    #[test]
    fn the_migration_to_facet_codes_writes_what_the_store_now_writes() {
        // Every facet, some twice, with values that look like names.
        let mut pairs: Vec<(Facet, String)> = Facet::ALL
            .iter()
            .map(|f| (*f, format!("V{}", f.code())))
            .collect();
        pairs.push((Facet::Exploitation, "exploitation_country".to_string()));
        pairs.push((Facet::TransitCountry, "PE".to_string()));
        let named = pairs
            .iter()
            .map(|(f, v)| format!("{}{NAME_END}{v}", f.as_str()))
            .collect::<Vec<_>>()
            .join(&PAIR_END.to_string());
        let unknown = format!("no_such_facet{NAME_END}x{PAIR_END}gender{NAME_END}Female");
        let db = rusqlite::Connection::open_in_memory().unwrap();
        db.execute_batch("CREATE TABLE cases (pk INTEGER PRIMARY KEY, facet_values TEXT NOT NULL)")
            .unwrap();
        for (pk, text) in [(1, named.as_str()), (2, ""), (3, unknown.as_str())] {
            db.execute(
                "INSERT INTO cases VALUES (?1, ?2)",
                rusqlite::params![pk, text],
            )
            .unwrap();
        }
        let sqlite = include_str!("../migrations/sqlite/0028_facet_codes.sql");
        db.execute_batch(sqlite).unwrap();
        let texts: Vec<String> = db
            .prepare("SELECT facet_values FROM cases ORDER BY pk")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let coded = format!("no_such_facet{NAME_END}x{PAIR_END}g{NAME_END}Female");
        assert_eq!(texts, [facet_values_text(&pairs), String::new(), coded]);
        // PostgreSQL's is the same statement in its dialect.
        let postgres = include_str!("../migrations/postgres/0027_facet_codes.sql");
        assert_eq!(postgres, sqlite.replace("char(", "chr("));
    }
}
