//! What pages share: the view's state read from the URL (a filter in the engine's grammar plus
//! the page's own settings), links that change one thing and keep the rest, the chips of active
//! filters, the names of dimensions and values in the user's language, and the panel every chart
//! sits in with its table, its CSV and what it counts.

use std::collections::BTreeMap;
use std::fmt::Write;

use rastro_model::{ExploitationType, Gender, Picklist};
use rastro_stats::{Attribute, Cell, Dimension, Filter, Stage};

use crate::error::WebError;
use crate::html::{esc, link};
use crate::i18n::{number, t, tf, Lang};

/// Query keys a page uses for itself, beside the filter's.
pub const PAGE_KEYS: &[&str] = &[
    "view", "by", "by2", "cursor", "limit", "measure", "stage", "layer", "next", "csrf", "format",
    "lang_ui", "k", "table",
];

/// The state of a view, as its URL holds it.
#[derive(Debug, Clone)]
pub struct View {
    pub filter: Filter,
    pub params: BTreeMap<String, String>,
}

impl View {
    pub fn parse(pairs: &[(String, String)]) -> Result<View, WebError> {
        // A form's empty field means "not set", not "match nothing".
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .cloned()
            .collect();
        let filter = Filter::parse_pairs_except(pairs.iter().cloned(), PAGE_KEYS)?;
        let params = pairs
            .iter()
            .filter(|(k, _)| PAGE_KEYS.contains(&k.as_str()) && k != "csrf")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(View { filter, params })
    }

    pub fn param(&self, key: &str) -> Option<&str> {
        self.params.get(key).map(String::as_str)
    }

    /// The query pairs of this view with `filter` in place of its own.
    pub fn pairs_with(&self, filter: &Filter) -> Vec<(String, String)> {
        let mut pairs = filter.to_pairs();
        pairs.extend(self.params.iter().map(|(k, v)| (k.clone(), v.clone())));
        pairs
    }

    /// `path` showing this view with `filter`.
    pub fn href(&self, path: &str, filter: &Filter) -> String {
        link(path, &self.pairs_with(filter))
    }

    /// `path` showing this view with one page setting changed (cursor reset).
    pub fn href_param(&self, path: &str, key: &str, value: &str) -> String {
        let mut next = self.clone();
        next.params.remove("cursor");
        next.params.insert(key.to_string(), value.to_string());
        next.href(path, &self.filter)
    }

    /// `path` with this view's filter only (another page keeps the filter, not the settings).
    pub fn filter_href(&self, path: &str) -> String {
        link(path, &self.filter.to_pairs())
    }

    /// The link that adds a dimension's value to the filter, when the value can be filtered on.
    pub fn drill(&self, path: &str, dim: Dimension, key: &str) -> Option<String> {
        let mut filter = self.filter.clone();
        for (k, v) in filter_terms(dim, key)? {
            filter = filter.with(k, &v).ok()?;
        }
        Some(self.href(path, &filter))
    }
}

/// The filter terms that select a dimension's value.
pub fn filter_terms(dim: Dimension, key: &str) -> Option<Vec<(&'static str, String)>> {
    if key == rastro_stats::UNKNOWN && !matches!(dim, Dimension::Form | Dimension::Sex) {
        return None;
    }
    if key == "other" {
        return None;
    }
    Some(match dim {
        Dimension::Form => vec![("form", key.to_string())],
        Dimension::Country(stage) => vec![("country", format!("{}:{key}", stage.as_str()))],
        Dimension::Citizenship => vec![("country", format!("citizenship:{key}"))],
        Dimension::Sex => vec![("sex", key.to_string())],
        Dimension::AgeBand => vec![("age_band", key.to_string())],
        Dimension::Year => vec![("from", key.to_string()), ("to", key.to_string())],
        Dimension::Month => vec![("from", key.to_string()), ("to", key.to_string())],
        Dimension::Source => vec![("source", key.to_string())],
        Dimension::Outlet => vec![("outlet", key.to_string())],
        Dimension::Org => vec![("org", key.to_string())],
        Dimension::Lang => vec![("lang", key.to_string())],
        // The filter grammar has no key for these fields: their rows do not drill down.
        Dimension::Attribute(_) => return None,
    })
}

/// A dimension's name in the user's language.
pub fn dim_label(lang: Lang, dim: Dimension) -> &'static str {
    match dim {
        Dimension::Form => t(lang, "dim.form"),
        Dimension::Country(Stage::Origin) => t(lang, "dim.country.origin"),
        Dimension::Country(Stage::Transit) => t(lang, "dim.country.transit"),
        Dimension::Country(Stage::Destination) => t(lang, "dim.country.destination"),
        Dimension::Country(Stage::Exploitation) => t(lang, "dim.country.exploitation"),
        Dimension::Citizenship => t(lang, "dim.citizenship"),
        Dimension::Sex => t(lang, "dim.sex"),
        Dimension::AgeBand => t(lang, "dim.age_band"),
        Dimension::Year => t(lang, "dim.year"),
        Dimension::Month => t(lang, "dim.month"),
        Dimension::Source => t(lang, "dim.source"),
        Dimension::Outlet => t(lang, "dim.outlet"),
        Dimension::Org => t(lang, "dim.org"),
        Dimension::Lang => t(lang, "dim.lang"),
        Dimension::Attribute(a) => attribute_label(lang, a),
    }
}

fn attribute_label(lang: Lang, attribute: Attribute) -> &'static str {
    match attribute {
        Attribute::RecruitmentMethod => t(lang, "attr.recruitment_method"),
        Attribute::RecruitmentSite => t(lang, "attr.recruitment_site"),
        Attribute::ControlMethod => t(lang, "attr.control_method"),
        Attribute::SexExploitation => t(lang, "attr.sex_exploitation"),
        Attribute::Industry => t(lang, "attr.industry"),
        Attribute::ExploitationSite => t(lang, "attr.exploitation_site"),
        Attribute::Vulnerability => t(lang, "attr.vulnerability"),
        Attribute::Relationship => t(lang, "attr.relationship"),
        Attribute::TraffickingStatus => t(lang, "attr.trafficking_status"),
        Attribute::StatusDecidedBy => t(lang, "attr.status_decided_by"),
        Attribute::PerpetratorRole => t(lang, "attr.perpetrator_role"),
        Attribute::CaseStatus => t(lang, "attr.case_status"),
        Attribute::IncomingReferralReason => t(lang, "attr.incoming_referral_reason"),
        Attribute::OutgoingReferralReason => t(lang, "attr.outgoing_referral_reason"),
        Attribute::SupportPlan => t(lang, "attr.support_plan"),
    }
}

/// A picklist value's label in the user's language, when `key` is one of `P`'s wire values.
fn picklist_label<P: Picklist>(lang: Lang, key: &str) -> Option<String> {
    P::parse(key).map(|v| v.label(lang).to_string())
}

fn attribute_value_label(lang: Lang, attribute: Attribute, key: &str) -> Option<String> {
    use rastro_model::*;
    match attribute {
        Attribute::RecruitmentMethod => picklist_label::<MethodOfRecruitment>(lang, key),
        Attribute::RecruitmentSite | Attribute::ExploitationSite => {
            picklist_label::<WebsiteOrApp>(lang, key)
        }
        Attribute::ControlMethod => picklist_label::<MethodOfControl>(lang, key),
        Attribute::SexExploitation => picklist_label::<SexExploitationType>(lang, key),
        Attribute::Industry => picklist_label::<ForcedLabourIndustry>(lang, key),
        Attribute::Vulnerability => picklist_label::<Vulnerability>(lang, key),
        Attribute::Relationship => picklist_label::<RelationshipToTrafficker>(lang, key),
        Attribute::TraffickingStatus => picklist_label::<TraffickingStatus>(lang, key),
        Attribute::StatusDecidedBy => picklist_label::<DecisionMakingOrg>(lang, key),
        Attribute::PerpetratorRole => picklist_label::<PerpetratorRole>(lang, key),
        Attribute::CaseStatus => picklist_label::<CaseStatus>(lang, key),
        Attribute::IncomingReferralReason | Attribute::OutgoingReferralReason => {
            picklist_label::<ReferralReason>(lang, key)
        }
        Attribute::SupportPlan => picklist_label::<SupportPlanType>(lang, key),
    }
}

pub fn stage_label(lang: Lang, stage: Stage) -> &'static str {
    match stage {
        Stage::Origin => t(lang, "stage.origin"),
        Stage::Transit => t(lang, "stage.transit"),
        Stage::Destination => t(lang, "stage.destination"),
        Stage::Exploitation => t(lang, "stage.exploitation"),
    }
}

/// A country's name in the user's language (the code when unknown to the gazetteer).
pub fn country_name(lang: Lang, code: &str) -> String {
    let countries = rastro_geo::countries();
    match countries.by_alpha2(code) {
        Some(c) => countries.name(c, lang).to_string(),
        None => code.to_string(),
    }
}

/// A value of a dimension in the user's language.
pub fn value_label(lang: Lang, dim: Dimension, key: &str) -> String {
    if key == rastro_stats::UNKNOWN {
        return t(lang, "value.unknown").to_string();
    }
    if key == "other" {
        return t(lang, "value.other").to_string();
    }
    match dim {
        Dimension::Country(_) | Dimension::Citizenship => country_name(lang, key),
        Dimension::Form => ExploitationType::parse(key)
            .map(|f| f.label(lang).to_string())
            .unwrap_or_else(|| key.to_string()),
        Dimension::Sex => Gender::parse(key)
            .map(|g| g.label(lang).to_string())
            .unwrap_or_else(|| key.to_string()),
        Dimension::Source => match key {
            "case" => t(lang, "source.case").to_string(),
            "news" => t(lang, "source.news").to_string(),
            other => other.to_string(),
        },
        Dimension::Lang => match key {
            "es" => "Español".to_string(),
            "pt" => "Português".to_string(),
            "en" => "English".to_string(),
            other => other.to_string(),
        },
        Dimension::Month => {
            let year = key.get(..4).and_then(|y| y.parse().ok());
            let month = key.get(5..7).and_then(|m| m.parse().ok());
            match (year, month) {
                (Some(y), Some(m)) => crate::i18n::month(lang, y, m),
                _ => key.to_string(),
            }
        }
        Dimension::Attribute(a) => {
            attribute_value_label(lang, a, key).unwrap_or_else(|| key.to_string())
        }
        _ => key.to_string(),
    }
}

/// A count as a table shows it: the number in the user's format, or `<k` when suppressed.
pub fn cell_text(lang: Lang, cell: &Cell, k: u64) -> String {
    match (cell.suppressed, cell.value) {
        (false, Some(v)) => number(lang, v),
        _ => format!("<{k}"),
    }
}

/// A table cell (already escaped) for a count: numbers right-aligned, suppressed marked.
pub fn cell_td(lang: Lang, cell: &Cell, k: u64) -> String {
    let text = esc(&cell_text(lang, cell, k));
    if cell.suppressed {
        format!("<span class=\"suppressed\" data-suppressed=\"1\">{text}</span>")
    } else {
        text
    }
}

/// The chart value of a count.
pub fn chart_value(cell: &Cell) -> rastro_charts::Value {
    match (cell.suppressed, cell.value) {
        (false, Some(v)) => rastro_charts::Value::Count(v),
        _ => rastro_charts::Value::Suppressed,
    }
}

/// The chips of the active filter, each removing itself; and a link clearing all.
pub fn chips(lang: Lang, view: &View, path: &str) -> String {
    let chips = view.filter.chips();
    let mut out = String::from("<div class=\"chips\" id=\"chips\">");
    let _ = write!(out, "<strong>{}:</strong> ", esc(t(lang, "filters.active")));
    if chips.is_empty() {
        let _ = write!(out, "<span>{}</span>", esc(t(lang, "filters.none")));
    }
    for chip in &chips {
        let without = view.filter.without(&chip.key, &chip.value);
        let _ = write!(
            out,
            "<a class=\"chip\" data-chip=\"{}={}\" href=\"{}\" title=\"{}\">{} <span class=\"x\" aria-hidden=\"true\">×</span></a>",
            esc(&chip.key),
            esc(&chip.value),
            esc(&view.href(path, &without)),
            esc(t(lang, "filters.remove")),
            esc(&chip_label(lang, &chip.key, &chip.value)),
        );
    }
    if !chips.is_empty() {
        let _ = write!(
            out,
            "<a href=\"{}\">{}</a>",
            esc(&view.href(path, &Filter::default())),
            esc(t(lang, "filters.clear"))
        );
    }
    out.push_str("</div>");
    out
}

fn chip_label(lang: Lang, key: &str, value: &str) -> String {
    match key {
        "country" => match value.split_once(':') {
            Some((scope, code)) => {
                let scope = match Stage::parse(scope) {
                    Some(stage) => stage_label(lang, stage).to_string(),
                    None => t(lang, "dim.citizenship").to_lowercase(),
                };
                format!("{scope}: {}", country_name(lang, code))
            }
            None => format!("{}: {}", t(lang, "dim.country"), country_name(lang, value)),
        },
        "form" => format!(
            "{}: {}",
            t(lang, "dim.form"),
            value_label(lang, Dimension::Form, value)
        ),
        "sex" => format!(
            "{}: {}",
            t(lang, "dim.sex"),
            value_label(lang, Dimension::Sex, value)
        ),
        "source" => format!(
            "{}: {}",
            t(lang, "dim.source"),
            value_label(lang, Dimension::Source, value)
        ),
        "lang" => format!(
            "{}: {}",
            t(lang, "dim.lang"),
            value_label(lang, Dimension::Lang, value)
        ),
        "age_band" => format!("{}: {value}", t(lang, "dim.age_band")),
        "org" => format!("{}: {value}", t(lang, "dim.org")),
        "outlet" => format!("{}: {value}", t(lang, "dim.outlet")),
        "from" => format!("{}: {value}", t(lang, "dim.from")),
        "to" => format!("{}: {value}", t(lang, "dim.to")),
        "q" => format!("{}: “{value}”", t(lang, "dim.q")),
        other => format!("{other}: {value}"),
    }
}

/// What a panel says about its numbers.
pub struct PanelMeta<'a> {
    /// `case`, `news` or both.
    pub source: &'a str,
    /// Records the panel counted from (before suppression, never itself a small cell: it is the
    /// number of records the user may see, which the user knows).
    pub records: usize,
    pub k: u64,
    pub csv: Option<String>,
}

/// A panel: title, chart, its table (the same numbers) and what it counts.
pub fn panel(
    lang: Lang,
    id: &str,
    title: &str,
    chart: &str,
    table: &str,
    meta: &PanelMeta<'_>,
) -> String {
    let source = match meta.source {
        "case" => t(lang, "source.case"),
        "news" => t(lang, "source.news"),
        _ => t(lang, "source.both"),
    };
    let mut out = format!(
        "<section class=\"panel\" id=\"{}\" data-source=\"{}\"><h2>{}</h2>{chart}",
        esc(id),
        esc(meta.source),
        esc(title)
    );
    let _ = write!(
        out,
        "<details class=\"table-view\"><summary>{}</summary>{table}</details>",
        esc(t(lang, "panel.table"))
    );
    let _ = write!(
        out,
        "<p class=\"meta\">{}: {} · {}: {} · {}",
        esc(t(lang, "panel.source")),
        esc(source),
        esc(t(lang, "panel.coverage")),
        esc(&tf(
            lang,
            "panel.records",
            &[("n", number(lang, meta.records as u64))]
        )),
        esc(&tf(lang, "panel.suppressed", &[("k", meta.k.to_string())])),
    );
    if let Some(csv) = &meta.csv {
        let _ = write!(
            out,
            " · <a href=\"{}\" download data-csv=\"{}\">{}</a>",
            esc(csv),
            esc(id),
            esc(t(lang, "panel.csv"))
        );
    }
    out.push_str("</p></section>");
    out
}
