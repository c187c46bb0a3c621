//! Alerts that explain themselves: the rules that fired, the values they computed, and the
//! transactions that made them fire, frozen when the alert is raised, with the catalogue's
//! version.

use serde::{Deserialize, Serialize};

use crate::catalogue::SubjectKind;
use crate::time::DateTime;

/// A rule's outcome: how far its value went past its bands.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    None,
    Low,
    Medium,
    High,
}

impl Band {
    pub(crate) fn of(value: f64, bands: &[f64; 3], below: bool) -> Band {
        if below {
            return if value <= bands[2] {
                Band::High
            } else if value <= bands[1] {
                Band::Medium
            } else if value <= bands[0] {
                Band::Low
            } else {
                Band::None
            };
        }
        if value >= bands[2] {
            Band::High
        } else if value >= bands[1] {
            Band::Medium
        } else if value >= bands[0] {
            Band::Low
        } else {
            Band::None
        }
    }

    /// What a band adds to a typology's score before its weight.
    pub fn points(self) -> f64 {
        match self {
            Band::None => 0.0,
            Band::Low => 1.0,
            Band::Medium => 2.0,
            Band::High => 3.0,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Band::None => "none",
            Band::Low => "low",
            Band::Medium => "medium",
            Band::High => "high",
        }
    }
}

/// One rule of an alert's typology that fired.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleHit {
    pub rule: String,
    pub title: String,
    pub measure: String,
    pub band: Band,
    /// The computed value: a count, a sum in the catalogue's money, a number of distinct
    /// values, a ratio (1,000,000 when its denominator was empty and its numerator was not),
    /// or days.
    pub value: f64,
    pub weight: f64,
    /// The window, in words (`30 days`); empty for `since`.
    pub window: String,
    /// The rule's reason with its value filled in.
    pub reason: String,
    /// The transactions that make the value, oldest first (at most [`MAX_LISTED`]).
    pub transactions: Vec<String>,
    /// How many more there were beyond the list.
    pub more_transactions: usize,
}

/// At most this many transactions are listed per rule; an alert on a shop's account would
/// otherwise carry thousands.
pub const MAX_LISTED: usize = 100;

/// An alert: one subject, one typology, at one moment. It reads back as it was written, so a
/// kept alert is this type again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// A stable identifier: the same data and catalogue give the same id.
    pub id: String,
    pub catalogue_version: String,
    pub typology: String,
    pub title: String,
    pub subject_kind: SubjectKind,
    /// The account, or the party's folded name.
    pub subject: String,
    /// The subject's name as the transactions write it.
    pub name: Option<String>,
    /// The subject's accounts among the transactions listed (the account itself for an
    /// account subject).
    pub accounts: Vec<String>,
    /// When the alert was raised: the time of the transaction that raised it.
    pub time: DateTime,
    /// The transaction that raised it.
    pub trigger: String,
    pub score: f64,
    pub threshold: f64,
    pub rules: Vec<RuleHit>,
}

impl Serialize for SubjectKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SubjectKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<SubjectKind, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        match text.as_ref() {
            "account" => Ok(SubjectKind::Account),
            "party" => Ok(SubjectKind::Party),
            other => Err(serde::de::Error::custom(format!(
                "subject kind {other:?}: account or party"
            ))),
        }
    }
}

impl Alert {
    /// Every transaction id the alert lists, each once, in the order first listed.
    pub fn transaction_ids(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.rules
            .iter()
            .flat_map(|r| r.transactions.iter())
            .filter(|id| seen.insert(id.as_str()))
            .map(String::as_str)
            .collect()
    }
}

/// A window in words: `30 days`, `12 hours`, `2 weeks`.
pub(crate) fn window_words(seconds: i64) -> String {
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    if seconds == 0 {
        String::new()
    } else if seconds % (7 * 86_400) == 0 && seconds >= 14 * 86_400 && seconds % (30 * 86_400) != 0
    {
        plural(seconds / (7 * 86_400), "week")
    } else if seconds % 86_400 == 0 {
        plural(seconds / 86_400, "day")
    } else if seconds % 3600 == 0 {
        plural(seconds / 3600, "hour")
    } else {
        plural(seconds / 60, "minute")
    }
}

/// A value as a reason shows it.
pub(crate) fn value_words(measure: crate::catalogue::Measure, value: f64, money: &str) -> String {
    use crate::catalogue::Measure;
    match measure {
        Measure::Count | Measure::Distinct => format!("{}", value.round() as i64),
        Measure::Sum => format!("{} {money}", thousands(value.round() as i64)),
        Measure::Ratio if value >= super::state::RATIO_OVER_NOTHING => {
            "all (there was nothing to compare with)".to_string()
        }
        Measure::Ratio => format!("{}%", (value * 100.0).round() as i64),
        Measure::Since => format!("{}", value.floor() as i64),
    }
}

fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(window_words(30 * 86_400), "30 days");
        assert_eq!(window_words(14 * 86_400), "2 weeks");
        assert_eq!(window_words(86_400), "1 day");
        assert_eq!(window_words(12 * 3600), "12 hours");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(-12), "-12");
        assert_eq!(Band::of(5.0, &[3.0, 5.0, 8.0], false), Band::Medium);
        assert_eq!(Band::of(2.9, &[3.0, 5.0, 8.0], false), Band::None);
        assert_eq!(Band::of(80.0, &[3.0, 5.0, 8.0], false), Band::High);
        assert_eq!(Band::of(0.2, &[0.3, 0.15, 0.05], true), Band::Low);
        assert_eq!(Band::of(0.0, &[0.3, 0.15, 0.05], true), Band::High);
        assert_eq!(Band::of(0.31, &[0.3, 0.15, 0.05], true), Band::None);
    }

    #[test]
    fn a_kept_alert_reads_back_as_it_was() {
        let alert = Alert {
            id: "a1".into(),
            catalogue_version: "2024.1".into(),
            typology: "funnel_account".into(),
            title: "Funnel account".into(),
            subject_kind: SubjectKind::Party,
            subject: "ana quispe".into(),
            name: Some("Ana Quispe".into()),
            accounts: vec!["PE-1".into()],
            time: DateTime::parse("2024-03-05T23:30:00-05:00").unwrap(),
            trigger: "T9".into(),
            score: 7.5,
            threshold: 6.0,
            rules: vec![RuleHit {
                rule: "cash_in_many_cities".into(),
                title: "Cash in many cities".into(),
                measure: "distinct".into(),
                band: Band::High,
                value: 6.0,
                weight: 1.5,
                window: "30 days".into(),
                reason: "cash deposited in 6 cities".into(),
                transactions: vec!["T1".into(), "T9".into()],
                more_transactions: 0,
            }],
        };
        let text = serde_json::to_string(&alert).unwrap();
        let back: Alert = serde_json::from_str(&text).unwrap();
        assert_eq!(back, alert);
        assert_eq!(back.time.offset_minutes(), -300);
        let wrong = text.replace("\"party\"", "\"shop\"");
        assert!(serde_json::from_str::<Alert>(&wrong).is_err());
    }
}
