//! Realistic synthetic HTCDS cases for demos, tests and benchmarks: Latin American routes with
//! transit countries, forms of exploitation and industries, ages, recruitment methods, means of
//! control and Spanish, Portuguese, Haitian and Chinese names, with the skew of real frequencies.
//! The same seed always gives the same cases.
//!
//! [`news`] generates synthetic news articles about trafficking and smuggling events in Spanish,
//! Portuguese and English, for the demonstration dashboard.

pub mod news;
mod rng;
mod tables;

use rastro_geo::countries;
use rastro_model::picklists::*;
use rastro_model::{CaseRecord, Date, Field, Language, TraffickingEvent};

pub use rng::Rng;
use tables::{cities, given_names, name_style, surnames, NameStyle, ROUTES};

/// The columns synthetic cases fill, in the standard's order.
pub const COLUMNS: &[Field] = &[
    Field::PrsFirstName,
    Field::PrsSecondName,
    Field::PrsBirthdate,
    Field::PrsGender,
    Field::PrsPrimaryLanguage,
    Field::PrsCitizenship,
    Field::PrsIdentityNumber,
    Field::VicTraffickingStatus,
    Field::VicTraffickingStatusDecisionMakingOrg,
    Field::VicRelationshipToTrafficker,
    Field::VicAgeWhenTrafficked,
    Field::VicRecruitmentWebsitesAndApps,
    Field::VicMethodOfRecruitment,
    Field::VicLocationOfRecruitment,
    Field::VicMethodsOfControl,
    Field::VicTypeOfExploitation,
    Field::VicForcedLabourIndustry,
    Field::VicTypeOfSexExploitation,
    Field::VicLocationOfExploitation,
    Field::VicVulnerabilities,
    Field::PerRoleInProcess,
    Field::CasStatus,
    Field::CasReferringOrganisation,
    Field::CasIncomingReferralDate,
    Field::CasReasonForIncomingReferral,
    Field::HteType,
    Field::HteCountry,
    Field::HteCity,
    Field::HteDate,
    Field::ConConsent,
];

/// Generates cases one after another from a seed.
pub struct CaseGenerator {
    rng: Rng,
    serial: u64,
}

impl CaseGenerator {
    pub fn new(seed: u64) -> CaseGenerator {
        CaseGenerator {
            rng: Rng::new(seed),
            serial: 0,
        }
    }

    pub fn next_case(&mut self) -> CaseRecord {
        self.serial += 1;
        let rng = &mut self.rng;
        let (origin, transits, destination, _) =
            *rng.weighted(&ROUTES.iter().map(|r| (*r, r.3)).collect::<Vec<_>>());
        let perpetrator = rng.chance(0.08);

        let exploitation = *rng.weighted(&[
            (ExploitationType::SexualExploitation, 50.0),
            (ExploitationType::ForcedLabour, 36.0),
            (ExploitationType::Other, 5.0),
            (ExploitationType::ForcedBegging, 3.0),
            (ExploitationType::ForcedMarriage, 2.5),
            (ExploitationType::Servitude, 1.5),
            (ExploitationType::ForcedAdoption, 0.7),
            (ExploitationType::ForcedMilitaryByNonStateActors, 0.8),
            (ExploitationType::OrganRemoval, 0.2),
        ]);
        let feminine = match exploitation {
            ExploitationType::SexualExploitation | ExploitationType::ForcedMarriage => {
                rng.chance(0.92)
            }
            ExploitationType::ForcedLabour => rng.chance(0.38),
            _ => rng.chance(0.55),
        } && !(perpetrator && rng.chance(0.6));

        let mut record = CaseRecord::default();
        let style = name_style(origin);
        let person = &mut record.person;
        person.first_name = Some(rng.weighted(given_names(style, feminine)).to_string());
        person.second_name = Some(surname(rng, style));
        person.gender = Some(if feminine {
            if rng.chance(0.01) {
                Gender::TransgenderFeminine
            } else {
                Gender::Feminine
            }
        } else {
            Gender::Masculine
        });
        if let Some(code) = countries().by_alpha2(origin) {
            person.citizenship.push(code);
        }
        person.primary_language = Language::parse(match style {
            NameStyle::Spanish => "es",
            NameStyle::Portuguese => "pt",
            NameStyle::Haitian => "ht",
            NameStyle::Chinese => "zh",
        })
        .ok();
        if rng.chance(0.35) {
            person.identity_number = Some(format!("{origin}{:09}", rng.next_u64() % 1_000_000_000));
        }

        let year = rng.range(2015, 2025) as i32;
        let start = Date::new(year, rng.range(1, 12), rng.range(1, 28)).ok();
        let minor = !perpetrator && rng.chance(0.27);
        let age = if minor {
            rng.range(9, 17)
        } else {
            rng.range(18, 46)
        };
        if let Some(start) = start {
            let birth_days =
                start.days_since_epoch() - i64::from(age) * 365 - rng.below(365) as i64;
            person.birthdate = Date::from_days_since_epoch(birth_days)
                .ok()
                .filter(|_| rng.chance(0.85));
        }

        if perpetrator {
            record.perpetrator.role_in_process = pick_some(
                rng,
                &[
                    (PerpetratorRole::RecruiterOrIntermediary, 0.5),
                    (PerpetratorRole::Exploiter, 0.4),
                    (PerpetratorRole::Transporter, 0.2),
                    (PerpetratorRole::Smuggler, 0.2),
                    (PerpetratorRole::HarbouredIndividual, 0.1),
                    (PerpetratorRole::ControlledIndividual, 0.15),
                ],
            );
        } else {
            fill_victim(
                rng,
                &mut record,
                exploitation,
                age,
                minor,
                origin,
                destination,
            );
        }

        record.events = route_events(rng, origin, transits, destination, start);
        let case = &mut record.case;
        case.status = Some(*rng.weighted(&[
            (CaseStatus::Active, 40.0),
            (CaseStatus::FollowUp, 25.0),
            (CaseStatus::Closed, 25.0),
            (CaseStatus::ClosedReferred, 10.0),
        ]));
        if rng.chance(0.3) {
            case.referring_organisation = Some(
                rng.pick(&[
                    "Policía Nacional",
                    "Fiscalía",
                    "Defensoría del Pueblo",
                    "OIM",
                    "Pastoral de Movilidad Humana",
                    "Conselho Tutelar",
                ])
                .to_string(),
            );
            case.incoming_referral_date = start;
            case.reason_for_incoming_referral = Some(*rng.weighted(&[
                (ReferralReason::AdditionalServicesRequired, 3.0),
                (ReferralReason::MigrationOrChangeOfLocation, 1.0),
                (ReferralReason::Other, 0.5),
            ]));
        }
        record.consent = Some(rng.chance(0.8));
        record
    }
}

impl Iterator for CaseGenerator {
    type Item = CaseRecord;
    fn next(&mut self) -> Option<CaseRecord> {
        Some(self.next_case())
    }
}

fn surname(rng: &mut Rng, style: NameStyle) -> String {
    let first = *rng.weighted(surnames(style));
    match style {
        // Paternal and maternal surname, the second often missing from records.
        NameStyle::Spanish if rng.chance(0.8) => {
            format!("{first} {}", rng.weighted(surnames(style)))
        }
        NameStyle::Portuguese if rng.chance(0.6) => {
            format!("{} {first}", rng.weighted(surnames(style)))
        }
        _ => first.to_string(),
    }
}

/// Each value independently with its probability; at least one.
fn pick_some<T: Copy>(rng: &mut Rng, items: &[(T, f64)]) -> Vec<T> {
    let mut out: Vec<T> = items
        .iter()
        .filter(|(_, p)| rng.chance(*p))
        .map(|(v, _)| *v)
        .collect();
    if out.is_empty() {
        out.push(items[0].0);
    }
    out
}

fn fill_victim(
    rng: &mut Rng,
    record: &mut CaseRecord,
    exploitation: ExploitationType,
    age: u32,
    minor: bool,
    origin: &str,
    destination: &str,
) {
    let v = &mut record.victim;
    v.trafficking_status = Some(*rng.weighted(&[
        (TraffickingStatus::ActualVictimOfTrafficking, 55.0),
        (TraffickingStatus::PossibleVictimOfTrafficking, 40.0),
        (TraffickingStatus::NotAVictimOfTrafficking, 5.0),
    ]));
    v.trafficking_status_decision_making_org = Some(*rng.weighted(&[
        (DecisionMakingOrg::Police, 35.0),
        (DecisionMakingOrg::CourtOrProsecution, 25.0),
        (DecisionMakingOrg::Ngo, 25.0),
        (DecisionMakingOrg::NonPoliceGovernmentalOrganization, 12.0),
        (DecisionMakingOrg::Other, 3.0),
    ]));
    v.relationship_to_trafficker = Some(*rng.weighted(&[
        (RelationshipToTrafficker::Acquainted, 45.0),
        (RelationshipToTrafficker::Unaquainted, 35.0),
        (RelationshipToTrafficker::Familial, 20.0),
    ]));
    v.age_when_trafficked = Some(age);
    v.method_of_recruitment = vec![*rng.weighted(&[
        (MethodOfRecruitment::ThroughOnlineSocialNetworks, 30.0),
        (MethodOfRecruitment::ThroughFriendsOrSocialEvents, 22.0),
        (MethodOfRecruitment::ThroughFamilyOrFamilyEvents, 15.0),
        (MethodOfRecruitment::ThroughAnOnlineAdvertisement, 10.0),
        (MethodOfRecruitment::AtWork, 8.0),
        (MethodOfRecruitment::AtAPlaceOfBusiness, 5.0),
        (MethodOfRecruitment::AtAnEducationalInstitution, 3.0),
        (MethodOfRecruitment::ThroughANewspaperAdvert, 2.0),
        (MethodOfRecruitment::ThroughATelevisionAdvert, 0.5),
        (MethodOfRecruitment::Other, 4.5),
    ])];
    if matches!(
        v.method_of_recruitment[0],
        MethodOfRecruitment::ThroughOnlineSocialNetworks
            | MethodOfRecruitment::ThroughAnOnlineAdvertisement
    ) {
        v.recruitment_websites_and_apps = pick_some(
            rng,
            &[
                (WebsiteOrApp::Facebook, 0.5),
                (WebsiteOrApp::WhatsApp, 0.45),
                (WebsiteOrApp::Instagram, 0.25),
                (WebsiteOrApp::TikTok, 0.2),
                (WebsiteOrApp::Telegram, 0.08),
            ],
        );
    }
    v.location_of_recruitment = cities(origin).first().map(|_| {
        let city = rng.pick(cities(origin));
        format!("{city}, {}", countries_name(origin))
    });
    let mut control = vec![
        (MethodOfControl::FalsePromises, 0.5),
        (MethodOfControl::PsychologicalAbuse, 0.35),
        (MethodOfControl::DebtBondage, 0.3),
        (MethodOfControl::WithholdsDocuments, 0.25),
        (MethodOfControl::PhysicalThreats, 0.25),
        (MethodOfControl::TakesEarnings, 0.25),
        (MethodOfControl::ThreatensChildrenFamily, 0.12),
        (MethodOfControl::RestrictsFinancialAccess, 0.1),
    ];
    match exploitation {
        ExploitationType::SexualExploitation => {
            control.push((MethodOfControl::SexualAbuse, 0.2));
            control.push((MethodOfControl::PsychoactiveSubstance, 0.12));
        }
        ExploitationType::ForcedLabour => {
            control.push((MethodOfControl::ExcessiveWorkingHours, 0.45));
            control.push((MethodOfControl::WithholdsNecessities, 0.15));
        }
        _ => {}
    }
    v.methods_of_control = pick_some(rng, &control);
    v.type_of_exploitation = vec![exploitation];
    if minor && exploitation == ExploitationType::ForcedLabour && rng.chance(0.5) {
        v.type_of_exploitation.push(ExploitationType::ChildLabour);
    }
    match exploitation {
        ExploitationType::ForcedLabour => {
            v.forced_labour_industry = Some(*rng.weighted(&[
                (ForcedLabourIndustry::AgricultureForestryAndFishing, 30.0),
                (
                    ForcedLabourIndustry::ActivitiesOfHouseholdsAsEmployers,
                    16.0,
                ),
                (ForcedLabourIndustry::MiningAndQuarrying, 12.0),
                (ForcedLabourIndustry::Construction, 10.0),
                (ForcedLabourIndustry::Manufacturing, 10.0),
                (
                    ForcedLabourIndustry::AccommodationAndFoodServiceActivities,
                    10.0,
                ),
                (
                    ForcedLabourIndustry::WholesaleAndRetailTradeRepairOfMotorVehicles,
                    6.0,
                ),
                (ForcedLabourIndustry::OtherServiceActivities, 6.0),
            ]));
        }
        ExploitationType::SexualExploitation => {
            v.type_of_sex_exploitation = pick_some(
                rng,
                &[
                    (SexExploitationType::Prostitution, 0.85),
                    (SexExploitationType::PrivateSexualServices, 0.15),
                    (SexExploitationType::Pornography, 0.1),
                    (SexExploitationType::RemoteInteractiveServices, 0.08),
                ],
            );
        }
        _ => {}
    }
    v.location_of_exploitation = cities(destination).first().map(|_| {
        let city = rng.pick(cities(destination));
        format!("{city}, {}", countries_name(destination))
    });
    let mut vulnerabilities = vec![
        (Vulnerability::Poverty, 0.6),
        (
            Vulnerability::Migration,
            if origin == destination { 0.1 } else { 0.7 },
        ),
        (Vulnerability::Education, 0.3),
        (Vulnerability::AbusePhysical, 0.12),
        (Vulnerability::Addiction, 0.06),
        (Vulnerability::Homelessness, 0.05),
        (Vulnerability::Discrimination, 0.1),
    ];
    if minor {
        vulnerabilities.push((Vulnerability::AbuseSocialMedia, 0.15));
    }
    v.vulnerabilities = pick_some(rng, &vulnerabilities);
}

fn countries_name(alpha2: &str) -> String {
    countries()
        .by_alpha2(alpha2)
        .map(|c| countries().name(c, rastro_geo::Lang::Es).to_string())
        .unwrap_or_else(|| alpha2.to_string())
}

fn route_events(
    rng: &mut Rng,
    origin: &str,
    transits: &[&str],
    destination: &str,
    start: Option<Date>,
) -> Vec<TraffickingEvent> {
    let mut events = Vec::with_capacity(transits.len() + 2);
    let mut day = start.map(|d| d.days_since_epoch());
    let mut push = |rng: &mut Rng, kind: EventType, country: &str, gap: i64| {
        day = day.map(|d| d + gap);
        let city = cities(country);
        events.push(TraffickingEvent {
            kind: Some(kind),
            country: countries().by_alpha2(country),
            city: (!city.is_empty() && rng.chance(0.8)).then(|| rng.pick(city).to_string()),
            date: day
                .and_then(|d| Date::from_days_since_epoch(d).ok())
                .filter(|_| rng.chance(0.7)),
            ..TraffickingEvent::default()
        });
    };
    push(rng, EventType::Recruitment, origin, 0);
    // Records often leave transit out, even when the route had it.
    if rng.chance(0.75) {
        for transit in transits {
            let gap = 2 + rng.below(20) as i64;
            push(rng, EventType::Transit, transit, gap);
        }
    }
    let gap = 3 + rng.below(60) as i64;
    push(rng, EventType::Exploitation, destination, gap);
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_for_a_seed_and_different_across_seeds() {
        let a: Vec<CaseRecord> = CaseGenerator::new(42).take(50).collect();
        let b: Vec<CaseRecord> = CaseGenerator::new(42).take(50).collect();
        let c: Vec<CaseRecord> = CaseGenerator::new(43).take(50).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn cases_are_plausible() {
        let cases: Vec<CaseRecord> = CaseGenerator::new(1).take(2000).collect();
        let sexual = cases
            .iter()
            .filter(|c| {
                c.victim
                    .type_of_exploitation
                    .contains(&ExploitationType::SexualExploitation)
            })
            .count();
        assert!((700..1200).contains(&sexual), "{sexual}");
        for case in &cases {
            assert!(case.person.first_name.is_some());
            assert_eq!(
                case.events.first().and_then(|e| e.kind),
                Some(EventType::Recruitment)
            );
            assert_eq!(
                case.events.last().and_then(|e| e.kind),
                Some(EventType::Exploitation)
            );
            // Every generated record passes the checks the importer applies.
            assert!(case.check(&[]).is_empty(), "{case:?}");
        }
        let transits = cases.iter().filter(|c| c.events.len() > 2).count();
        assert!(transits > 100, "{transits}");
    }
}
