//! Each typology of the default catalogue: a small hand-written set that fires it, and a near
//! miss that does not.

mod common;

use common::{alerts, tx, typologies, wage, Tx};

fn fires(rows: &[Tx], known: &[&str], account: &str, typology: &str) {
    let found = typologies(&alerts(rows, known), account);
    assert!(
        found.iter().any(|t| t == typology),
        "{typology} not raised for {account}: {found:?}"
    );
}

fn stays_silent(rows: &[Tx], known: &[&str], account: &str, typology: &str) {
    let found = typologies(&alerts(rows, known), account);
    assert!(
        !found.iter().any(|t| t == typology),
        "{typology} raised for {account}: {found:?}"
    );
}

const CITIES: [&str; 5] = ["Quito", "Guayaquil", "Cuenca", "Machala", "Manta"];

/// Cash paid into F1 in `cities` cities by `people` people, and taken out the next day.
fn funnel(cities: usize, people: usize) -> Vec<Tx> {
    let mut rows = vec![wage("W", 0, "F1", "Ana Ruiz", "450")];
    for i in 0..10 {
        let city = CITIES[i % cities];
        let depositor = format!("Depositante {}", i % people);
        rows.push(
            tx(
                &format!("D{i}"),
                1 + 2 * i as i64,
                11,
                "cash_deposit",
                "300",
            )
            .from("", &depositor)
            .to("F1", "Ana Ruiz")
            .at(&format!("{city} - Agencia 1"), city),
        );
        rows.push(
            tx(
                &format!("O{i}"),
                2 + 2 * i as i64,
                16,
                "cash_withdrawal",
                "270",
            )
            .from("F1", "Ana Ruiz")
            .at("Quito - Agencia 2", "Quito"),
        );
    }
    rows
}

#[test]
fn funnel_account_fires_on_many_depositors_in_many_cities() {
    fires(&funnel(5, 6), &[], "F1", "funnel_account");
}

#[test]
fn funnel_account_near_miss_one_traveller_paying_in_her_own_cash() {
    stays_silent(&funnel(5, 1), &[], "F1", "funnel_account");
}

fn living_costs(landlords: usize, phones: usize) -> Vec<Tx> {
    let mut rows = vec![wage("W", 0, "L1", "Luis Paz", "900")];
    for i in 0..landlords {
        rows.push(
            tx(&format!("R{i}"), 2 + i as i64, 10, "transfer", "250")
                .from("L1", "Luis Paz")
                .to(&format!("LAND-{i}"), &format!("Propietario {i}"))
                .desc("ALQUILER MARZO"),
        );
    }
    for i in 0..phones {
        rows.push(
            tx(&format!("P{i}"), 5 + i as i64, 12, "card", "10")
                .from("L1", "Luis Paz")
                .to("TEL-1", "Claro")
                .mcc("4814")
                .contact(&format!("+593 99 000 11{i:02}")),
        );
    }
    rows
}

#[test]
fn living_costs_payer_fires_on_three_rents_and_six_phones() {
    fires(&living_costs(3, 6), &[], "L1", "living_costs_payer");
}

#[test]
fn living_costs_payer_near_miss_a_family_with_two_homes_and_three_phones() {
    stays_silent(&living_costs(2, 3), &[], "L1", "living_costs_payer");
}

#[test]
fn cash_unusual_fires_on_cash_paid_in_at_night() {
    let mut rows = vec![wage("W", 0, "N1", "Rosa Vega", "450")];
    for i in 0..6 {
        rows.push(
            tx(&format!("C{i}"), 2 + 3 * i, 2, "cash_deposit", "120")
                .from("", "Rosa Vega")
                .to("N1", "Rosa Vega")
                .at("Quito - Agencia 3", "Quito"),
        );
    }
    fires(&rows, &[], "N1", "cash_unusual");
}

#[test]
fn cash_unusual_fires_on_cash_paid_in_at_many_branches() {
    let mut rows = vec![wage("W", 0, "N1", "Rosa Vega", "450")];
    for i in 0..6 {
        rows.push(
            tx(&format!("C{i}"), 2 + i, 11, "cash_deposit", "120")
                .from("", "Rosa Vega")
                .to("N1", "Rosa Vega")
                .at(&format!("Quito - Agencia {i}"), "Quito"),
        );
    }
    fires(&rows, &[], "N1", "cash_unusual");
}

#[test]
fn cash_unusual_near_miss_a_night_shift_worker_at_the_atm() {
    let mut rows = vec![wage("W", 0, "N1", "Rosa Vega", "450")];
    for i in 0..5 {
        rows.push(
            tx(&format!("C{i}"), 2 + 4 * i, 3, "cash_withdrawal", "40")
                .from("N1", "Rosa Vega")
                .at("Quito - Agencia 3", "Quito"),
        );
    }
    stays_silent(&rows, &[], "N1", "cash_unusual");
}

fn prepaid(count: usize) -> Vec<Tx> {
    let mut rows = vec![wage("W", 0, "V1", "Kevin Mora", "450")];
    for i in 0..count {
        rows.push(
            tx(&format!("G{i}"), 1 + 2 * i as i64, 15, "card", "60")
                .from("V1", "Kevin Mora")
                .to("PSC-1", "Paysafecard EC")
                .mcc("6540")
                .desc("PAYSAFECARD VOUCHER"),
        );
    }
    rows
}

#[test]
fn prepaid_cards_fire_on_eight_vouchers_in_a_fortnight() {
    fires(&prepaid(8), &[], "V1", "prepaid_cards");
}

#[test]
fn prepaid_cards_near_miss_three_gift_cards() {
    stays_silent(&prepaid(3), &[], "V1", "prepaid_cards");
}

fn classified(count: usize, site: &str, country: &str) -> Vec<Tx> {
    let mut rows = vec![wage("W", 0, "A1", "Jhon Rios", "450")];
    for i in 0..count {
        rows.push(
            tx(&format!("K{i}"), 1 + 4 * i as i64, 23, "card", "25")
                .from("A1", "Jhon Rios")
                .to(&format!("SITE-{site}"), site)
                .mcc("7311")
                .country(country),
        );
    }
    rows
}

#[test]
fn classified_ads_fire_on_foreign_sites() {
    fires(&classified(5, "Skokka", "ES"), &[], "A1", "classified_ads");
}

#[test]
fn classified_ads_near_miss_selling_a_bicycle_on_a_local_site() {
    stays_silent(&classified(3, "OLX", "EC"), &[], "A1", "classified_ads");
}

fn structuring(amounts: &[&str]) -> Vec<Tx> {
    let mut rows = vec![wage("W", 0, "S1", "Raúl Soto", "700")];
    for (i, amount) in amounts.iter().enumerate() {
        rows.push(
            tx(&format!("S{i}"), 3 + i as i64, 10, "cash_deposit", amount)
                .from("", "Raúl Soto")
                .to("S1", "Raúl Soto")
                .at(&format!("Quito - Agencia {}", i % 3), "Quito"),
        );
    }
    rows
}

#[test]
fn structuring_fires_on_deposits_just_under_the_threshold() {
    fires(
        &structuring(&["9.500", "9.800", "9.200", "9.650"]),
        &[],
        "S1",
        "structuring",
    );
}

#[test]
fn structuring_near_miss_one_large_deposit_from_selling_a_car() {
    stays_silent(
        &structuring(&["9.500", "3.000", "2.500"]),
        &[],
        "S1",
        "structuring",
    );
}

#[test]
fn structuring_near_miss_takings_that_also_cross_the_threshold() {
    let amounts = [
        "9.500", "12.000", "9.800", "15.000", "9.200", "11.500", "9.650",
    ];
    stays_silent(&structuring(&amounts), &[], "S1", "structuring");
}

fn wages_into(account: &str, payments: usize) -> Vec<Tx> {
    let mut rows = Vec::new();
    for i in 0..payments {
        rows.push(
            tx(&format!("P{i}"), 14, 7, "payroll", "410")
                .minute(i as u32)
                .from("FARM-1", "Agroindustrial El Valle S.A.")
                .to(account, "Edwin Cruz")
                .desc(&format!("PLANILLA TRABAJADOR {i}")),
        );
    }
    rows
}

#[test]
fn pooled_wages_fire_on_four_workers_paid_into_one_account() {
    fires(&wages_into("P1", 4), &[], "P1", "pooled_wages");
}

#[test]
fn pooled_wages_near_miss_two_jobs() {
    stays_silent(&wages_into("P1", 2), &[], "P1", "pooled_wages");
}

fn cash_business(pays_suppliers: bool, days: i64) -> Vec<Tx> {
    let mut rows = Vec::new();
    for day in 0..days {
        rows.push(
            tx(&format!("C{day}"), day, 23, "cash_deposit", "400")
                .from("", "Bar La Noche S.A.C.")
                .to("B1", "Bar La Noche S.A.C.")
                .at("Quito - Agencia 1", "Quito"),
        );
        if pays_suppliers && day % 7 == 3 {
            rows.push(
                tx(&format!("S{day}"), day, 11, "transfer", "1200")
                    .from("B1", "Bar La Noche S.A.C.")
                    .to("SUP-1", "Distribuidora Sur S.A.C.")
                    .desc("PAGO FACTURA"),
            );
        }
    }
    for month in 0..(days + 29) / 30 {
        rows.push(
            tx(&format!("R{month}"), 1 + 30 * month, 10, "transfer", "900")
                .from("B1", "Bar La Noche S.A.C.")
                .to("INM-1", "Inmobiliaria Centro S.A.")
                .desc("ALQUILER LOCAL"),
        );
    }
    rows
}

#[test]
fn cash_business_fires_on_cash_and_no_payroll_or_suppliers() {
    fires(&cash_business(false, 60), &[], "B1", "cash_business");
}

#[test]
fn cash_business_near_miss_a_bar_that_pays_its_suppliers() {
    stays_silent(&cash_business(true, 60), &[], "B1", "cash_business");
}

#[test]
fn cash_business_waits_for_a_whole_window_of_history() {
    // Forty days of the same bar: too short to say it pays no suppliers.
    stays_silent(&cash_business(false, 40), &[], "B1", "cash_business");
}

fn abroad(beneficiaries: &[(&str, &str)]) -> Vec<Tx> {
    let mut rows = vec![wage("W", 0, "X1", "Pedro Díaz", "600")];
    for (i, (name, country)) in beneficiaries.iter().enumerate() {
        rows.push(
            tx(&format!("X{i}"), 2 + 3 * i as i64, 13, "remittance", "300")
                .from("X1", "Pedro Díaz")
                .to(&format!("ABR-{name}"), name)
                .country(country),
        );
    }
    rows
}

#[test]
fn cross_border_fires_on_people_in_several_countries_of_origin() {
    let to = [
        ("María Pérez", "VE"),
        ("José Gómez", "CO"),
        ("Rose Pierre", "HT"),
        ("Luisa Mena", "VE"),
        ("María Pérez", "VE"),
    ];
    fires(&abroad(&to), &[], "X1", "cross_border");
}

#[test]
fn cross_border_near_miss_a_migrant_sending_money_to_his_mother() {
    stays_silent(
        &abroad(&[("Carmen Díaz", "VE"), ("Carmen Díaz", "VE")]),
        &[],
        "X1",
        "cross_border",
    );
}

fn paid_to(contact: &str) -> Vec<Tx> {
    vec![
        wage("W", 0, "K1", "Óscar León", "500"),
        tx("M1", 3, 22, "mobile", "80")
            .from("K1", "Óscar León")
            .to("", "Anuncio")
            .contact(contact),
    ]
}

#[test]
fn known_contact_fires_on_a_phone_from_an_advertisement_written_another_way() {
    fires(
        &paid_to("099 123 4567"),
        &["+593 99 123 4567"],
        "K1",
        "known_contact",
    );
}

#[test]
fn known_contact_near_miss_a_phone_one_digit_away() {
    stays_silent(
        &paid_to("099 123 4568"),
        &["+593 99 123 4567"],
        "K1",
        "known_contact",
    );
}
