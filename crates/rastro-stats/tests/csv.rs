mod common;

use common::*;
use rastro_stats::csv_out::{
    write_counts, write_crosstab, write_flows, write_release, write_timeseries,
};
use rastro_stats::{release, Dimension, Engine, Filter, Measure, Record, SeededNoise};

fn people() -> Vec<Record> {
    let mut out = Vec::new();
    let mut add = |n: usize, org: &str, sex: &str, month: u8| {
        for _ in 0..n {
            out.push(Record {
                org: org.to_string(),
                sex: Some(sex.to_string()),
                month: ym(2024, month),
                origin: strings(&["VE"]),
                destination: strings(&["PE"]),
                ..case(&format!("c{}", out.len()))
            });
        }
    };
    add(30, "Capital Humano, Lima", "female", 1);
    add(14, "=HYPERLINK(\"http://x\")", "male", 2);
    add(4, "org-c", "female", 2);
    out
}

fn text(write: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut buf = Vec::new();
    write(&mut buf);
    String::from_utf8(buf).unwrap()
}

#[test]
fn counts_csv_is_the_table_on_screen() {
    let counts = Engine::default().counts(
        &people(),
        &Filter::default(),
        None,
        Dimension::Org,
        Measure::Records,
    );
    let csv = text(|b| write_counts(b, &counts).unwrap());
    assert_eq!(
        csv,
        "org,records\r\n\
         \"Capital Humano, Lima\",30\r\n\
         =HYPERLINK_GUARD\r\n\
         org-c,<11\r\n\
         total,48\r\n"
            .replace("=HYPERLINK_GUARD", "\"'=HYPERLINK(\"\"http://x\"\")\",<11")
    );
}

#[test]
fn crosstab_csv_names_both_dimensions_and_has_margins() {
    let t = Engine::default().crosstab(
        &people(),
        &Filter::default(),
        None,
        Dimension::Sex,
        Dimension::Month,
        Measure::Records,
    );
    let csv = text(|b| write_crosstab(b, &t).unwrap());
    // female × 2024-02 is 4, so its row partner (30) and column partner (14) go. The January
    // column is then one hidden 30 over a zero, and the male row one hidden 14 over a zero: a
    // zero cannot hide, so their totals do, and with them one more margin in each margin line.
    assert_eq!(
        csv,
        "sex \\ month,2024-01,2024-02,total\r\n\
         female,<11,<11,<11\r\n\
         male,0,<11,<11\r\n\
         total,<11,<11,48\r\n"
    );
}

#[test]
fn timeseries_csv_is_long_with_the_comparison_year() {
    let filter = Filter::parse_pairs([("to", "2024-02")]).unwrap();
    let ts = Engine::new(1).timeseries(&people(), &filter, None, None, Measure::Victims);
    let csv = text(|b| write_timeseries(b, &ts).unwrap());
    assert_eq!(
        csv,
        "month,series,victims,previous_year\r\n\
         2024-01,all,30,0\r\n\
         2024-02,all,18,0\r\n"
    );
}

#[test]
fn flows_csv_lists_links_with_their_stages() {
    let flows = Engine::default().flows(&people(), &Filter::default(), None, Measure::Records);
    let csv = text(|b| write_flows(b, &flows).unwrap());
    assert_eq!(
        csv,
        "source_stage,source,target_stage,target,records\r\n\
         origin,VE,destination,PE,48\r\n"
    );
}

#[test]
fn release_csv_has_one_column_per_dimension() {
    let r = release(
        &Engine::default(),
        &people(),
        &Filter::default(),
        None,
        &[Dimension::Sex, Dimension::Month],
        None,
        &mut SeededNoise::new(1),
    )
    .unwrap();
    let csv = text(|b| write_release(b, &r).unwrap());
    assert_eq!(
        csv,
        "sex,month,count\r\n\
         female,2024-01,<11\r\n\
         female,2024-02,<11\r\n\
         male,2024-01,0\r\n\
         male,2024-02,<11\r\n"
    );
}
