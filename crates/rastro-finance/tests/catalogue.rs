//! A catalogue is checked completely on load; each error names its line, rule and field.

use rastro_finance::{Catalogue, CatalogueError};

const GOOD: &str = r#"version = "t1"

[[rule]]
name = "deposits"
measure = "count"
window = "7d"
where = { direction = "in", channel = ["cash_deposit"] }
bands = { low = 2, medium = 3, high = 5 }
reason = "{value} deposits in {window}"

[[typology]]
name = "many_deposits"
weights = { deposits = 1.0 }
threshold = 1
"#;

fn errors(text: &str) -> Vec<CatalogueError> {
    match Catalogue::from_toml(text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e.0,
    }
}

fn one(text: &str) -> CatalogueError {
    let mut all = errors(text);
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

#[test]
fn a_good_catalogue_loads() {
    let catalogue = Catalogue::from_toml(GOOD).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(catalogue.version(), "t1");
    assert_eq!(catalogue.rule_names(), vec!["deposits"]);
    assert_eq!(
        catalogue.typologies()[0].rules,
        vec!["deposits".to_string()]
    );
}

#[test]
fn an_unknown_measure_names_line_rule_and_field() {
    let e = one(&GOOD.replace(r#"measure = "count""#, r#"measure = "average""#));
    assert_eq!(e.line, 5);
    assert_eq!(e.rule.as_deref(), Some("rule deposits"));
    assert_eq!(e.field.as_deref(), Some("measure"));
    assert!(
        e.to_string().starts_with("line 5, rule deposits, measure:"),
        "{e}"
    );
}

#[test]
fn bands_must_rise() {
    let e = one(&GOOD.replace(
        "low = 2, medium = 3, high = 5",
        "low = 4, medium = 3, high = 5",
    ));
    assert_eq!((e.line, e.field.as_deref()), (8, Some("bands")));
    assert!(e.message.contains("must rise"));
}

#[test]
fn a_typo_in_a_field_is_placed_by_toml_and_named_by_its_rule() {
    let e = one(&GOOD.replace("window = \"7d\"", "windw = \"7d\""));
    assert_eq!(e.line, 6);
    assert_eq!(e.rule.as_deref(), Some("rule deposits"));
    assert!(e.message.contains("windw"), "{e}");
}

#[test]
fn a_syntax_error_has_its_line() {
    let e = one(&GOOD.replace("threshold = 1", "threshold = = 1"));
    assert_eq!(e.line, 14);
    assert_eq!(e.rule.as_deref(), Some("typology many_deposits"));
}

#[test]
fn references_to_rules_lists_and_channels_are_checked() {
    let text = GOOD
        .replace(
            "weights = { deposits = 1.0 }",
            "weights = { deposits = 1.0, withdrawals = 1.0 }",
        )
        .replace(
            r#"channel = ["cash_deposit"]"#,
            r#"channel = ["cash_deposti"], mcc = "no_such_list""#,
        );
    let all = errors(&text);
    let fields: Vec<(usize, Option<&str>)> =
        all.iter().map(|e| (e.line, e.field.as_deref())).collect();
    assert!(fields.contains(&(7, Some("where.channel"))), "{all:?}");
    assert!(fields.contains(&(7, Some("where.mcc"))), "{all:?}");
    assert!(
        fields.contains(&(13, Some("weights.withdrawals"))),
        "{all:?}"
    );
    // The rule with errors is not reported a second time as unknown by the typology.
    assert!(
        !all.iter()
            .any(|e| e.field.as_deref() == Some("weights.deposits")),
        "{all:?}"
    );
}

#[test]
fn a_distinct_count_needs_of_and_a_ratio_needs_over() {
    let distinct = one(&GOOD.replace(r#"measure = "count""#, r#"measure = "distinct""#));
    assert_eq!(distinct.field.as_deref(), Some("of"));
    let ratio = one(&GOOD.replace(r#"measure = "count""#, r#"measure = "ratio""#));
    assert_eq!(ratio.field.as_deref(), Some("over"));
    let since = one(&GOOD.replace(r#"measure = "count""#, r#"measure = "since""#));
    assert_eq!(since.field.as_deref(), Some("window"));
}

#[test]
fn below_needs_a_minimum_count_and_falling_bands() {
    let text = GOOD.replace(
        "bands = { low = 2, medium = 3, high = 5 }",
        "compare = \"below\"\nbands = { low = 2, medium = 3, high = 5 }",
    );
    let all = errors(&text);
    assert!(
        all.iter()
            .any(|e| e.field.as_deref() == Some("bands") && e.message.contains("must fall")),
        "{all:?}"
    );
    assert!(
        all.iter().any(|e| e.field.as_deref() == Some("min_count")),
        "{all:?}"
    );
}

#[test]
fn a_second_rule_of_the_same_name_points_at_the_first() {
    let text = GOOD.replace(
        "[[typology]]",
        "[[rule]]\nname = \"deposits\"\nmeasure = \"count\"\nwindow = \"1d\"\nbands = { low = 1, medium = 2, high = 3 }\nreason = \"x\"\n\n[[typology]]",
    );
    let e = one(&text);
    assert_eq!(e.line, 12);
    assert!(e.message.contains("line 4"), "{e}");
}

#[test]
fn unknown_placeholders_and_windows() {
    let e = one(&GOOD.replace("{value} deposits", "{valeu} deposits"));
    assert_eq!(e.field.as_deref(), Some("reason"));
    let e = one(&GOOD.replace("\"7d\"", "\"7 days\""));
    assert_eq!(e.field.as_deref(), Some("window"));
    let e = one(&GOOD.replace("threshold = 1", "threshold = 0"));
    assert_eq!(e.field.as_deref(), Some("threshold"));
}

#[test]
fn rates_thresholds_and_countries_are_checked() {
    let rest = &GOOD["version = \"t1\"\n".len()..];
    let text = format!(
        "version = \"t1\"\n[rates]\nXYZ = 1.0\nMXN = -1\n\n[cash_thresholds]\nZZ = 5\n{rest}"
    );
    let all = errors(&text);
    let fields: Vec<(usize, Option<&str>)> =
        all.iter().map(|e| (e.line, e.field.as_deref())).collect();
    assert_eq!(
        fields,
        vec![
            (3, Some("rates.XYZ")),
            (4, Some("rates.MXN")),
            (7, Some("cash_thresholds.ZZ"))
        ],
        "{all:?}"
    );
}
