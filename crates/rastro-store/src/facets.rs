//! Which countable values a record contributes to statistics. Shared by every backend.

use rastro_model::{AgeBand, CaseRecord, EventType, Picklist};

use crate::Facet;

/// The (facet, value) pairs of a record. Facets a record says nothing about are not stored:
/// queries count them as [`crate::UNKNOWN`], so that totals still add up to the records.
pub fn facets_of(record: &CaseRecord) -> Vec<(Facet, String)> {
    let mut out = Vec::with_capacity(8);
    let mut push_all = |facet: Facet, values: Vec<String>| {
        let mut values = values;
        values.sort();
        values.dedup();
        out.extend(values.into_iter().map(|v| (facet, v)));
    };
    let victim = &record.victim;
    push_all(
        Facet::Exploitation,
        victim
            .type_of_exploitation
            .iter()
            .map(|e| e.wire().to_string())
            .collect(),
    );
    for (facet, kind) in [
        (Facet::ExploitationCountry, EventType::Exploitation),
        (Facet::RecruitmentCountry, EventType::Recruitment),
        (Facet::TransitCountry, EventType::Transit),
    ] {
        push_all(
            facet,
            record
                .events
                .iter()
                .filter(|e| e.kind == Some(kind))
                .filter_map(|e| e.country.map(|c| c.to_string()))
                .collect(),
        );
    }
    push_all(
        Facet::Citizenship,
        record
            .person
            .citizenship
            .iter()
            .map(|c| c.to_string())
            .collect(),
    );
    push_all(
        Facet::Industry,
        victim
            .forced_labour_industry
            .iter()
            .map(|i| i.wire().to_string())
            .collect(),
    );
    push_all(
        Facet::Gender,
        record
            .person
            .gender
            .iter()
            .map(|g| g.wire().to_string())
            .collect(),
    );
    push_all(
        Facet::AgeBand,
        victim
            .age_when_trafficked
            .map(|age| AgeBand::of(age).as_str().to_string())
            .into_iter()
            .collect(),
    );
    push_all(Facet::Month, earliest_month(record).into_iter().collect());
    out
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
    use rastro_model::{ExploitationType, ForcedLabourIndustry, Gender};
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
