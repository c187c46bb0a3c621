//! What one record is worth in a count. A case is a person; a news report is evidence of an
//! event, and several outlets reporting one event must not make it several events. So news are
//! deduplicated by event inside every cell, never by dropping reports up front: two reports of an
//! event may disagree on, say, the form of exploitation, and the event then belongs to both cells.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::StatsError;
use crate::record::{Record, Source};
use rastro_text::fasthash::FastMap;

/// What a cell counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Cases, plus news events (reports of one event count once).
    #[default]
    Records,
    /// Cases count one person each; a news event counts the largest number of victims any of its
    /// reports gives (outlets repeat each other, so adding them up would multiply people). A
    /// report that gives no number counts one: it reports at least one person.
    Victims,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Records => "records",
            Measure::Victims => "victims",
        }
    }

    pub fn parse(s: &str) -> Result<Measure, StatsError> {
        match s.trim() {
            "records" => Ok(Measure::Records),
            "victims" => Ok(Measure::Victims),
            _ => Err(StatsError::BadMeasure {
                value: s.to_string(),
            }),
        }
    }
}

impl FromStr for Measure {
    type Err = StatsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Measure::parse(s)
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One record's contribution to a cell: counted outright, or as (event, weight) where an event
/// contributes its largest weight once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Direct(u64),
    Event(u32, u64),
}

/// Turns records into units; event ids become small integers once per call so that cells hash
/// integers, not strings.
pub(crate) struct Units<'a> {
    measure: Measure,
    events: FastMap<&'a str, u32>,
}

impl<'a> Units<'a> {
    pub(crate) fn new(measure: Measure) -> Self {
        Units {
            measure,
            events: FastMap::default(),
        }
    }

    pub(crate) fn of(&mut self, record: &'a Record) -> Unit {
        let weight = match (self.measure, record.source) {
            (Measure::Records, _) | (Measure::Victims, Source::Case) => 1,
            (Measure::Victims, Source::News) => record.victims.unwrap_or(1),
        };
        if record.source != Source::News {
            return Unit::Direct(weight);
        }
        match record.event.as_deref().map(str::trim) {
            Some(event) if !event.is_empty() => {
                let next = u32::try_from(self.events.len()).unwrap_or(u32::MAX);
                let id = *self.events.entry(event).or_insert(next);
                Unit::Event(id, weight)
            }
            _ => Unit::Direct(weight),
        }
    }
}

/// The running value of one cell.
#[derive(Debug, Clone, Default)]
pub(crate) struct Acc {
    direct: u64,
    events: FastMap<u32, u64>,
}

impl Acc {
    pub(crate) fn add(&mut self, unit: Unit) {
        match unit {
            Unit::Direct(w) => self.direct = self.direct.saturating_add(w),
            Unit::Event(id, w) => {
                let slot = self.events.entry(id).or_insert(0);
                *slot = (*slot).max(w);
            }
        }
    }

    pub(crate) fn value(&self) -> u64 {
        self.events
            .values()
            .fold(self.direct, |sum, w| sum.saturating_add(*w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn news(event: Option<&str>, victims: Option<u64>) -> Record {
        Record {
            source: Source::News,
            event: event.map(String::from),
            victims,
            ..Record::default()
        }
    }

    #[test]
    fn news_of_one_event_count_once() {
        let records = [
            news(Some("e1"), Some(3)),
            news(Some("e1"), Some(5)),
            news(Some("e2"), None),
            news(None, Some(4)),
            news(None, None),
            Record::default(),
        ];
        for (measure, expected) in [(Measure::Records, 5), (Measure::Victims, 5 + 1 + 4 + 1 + 1)] {
            let mut units = Units::new(measure);
            let mut acc = Acc::default();
            for r in &records {
                acc.add(units.of(r));
            }
            assert_eq!(acc.value(), expected, "{measure}");
        }
    }

    #[test]
    fn cases_ignore_events_and_victims() {
        let case = Record {
            event: Some("e1".into()),
            victims: Some(40),
            ..Record::default()
        };
        let mut units = Units::new(Measure::Victims);
        let mut acc = Acc::default();
        acc.add(units.of(&case));
        acc.add(units.of(&case));
        assert_eq!(acc.value(), 2);
    }
}
