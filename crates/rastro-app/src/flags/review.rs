//! Alerts as a reviewer works them: a filtered page of what the session sees (its own alerts and
//! those granted to it), one alert opened with its rules, values, frozen transactions,
//! screening hits and linked cases — each only as far as the session itself may see — and the
//! review's moves (new → under review → reported or dismissed), the organisation's own alerts
//! only, each with its note.

use std::collections::HashSet;

use rastro_finance::{Alert, Transaction};
use rastro_store::{Action, Level};
use serde::Deserialize;

use super::{LinkedCase, ScreeningHit};
use crate::session::Session;
use crate::{AppError, Result};

pub use rastro_store::{
    AlertBand, AlertPage, AlertQuery, AlertReview, AlertStatus, AlertSummary, MAX_NOTE_CHARS,
};

/// The most alerts a page lists.
pub const MAX_PAGE: u64 = 500;

/// A page of the alerts the session sees, newest first, without their sealed content.
pub fn page(session: &Session, query: &AlertQuery) -> Result<AlertPage> {
    let mut query = query.clone();
    query.limit = query.limit.clamp(1, MAX_PAGE);
    Ok(session.scope().alert_page(&query)?)
}

/// An alert opened for review.
#[derive(Debug, Clone)]
pub struct AlertDetail {
    pub id: String,
    /// The organisation that raised it, and whether it is the session's.
    pub owner: String,
    pub own: bool,
    pub status: AlertStatus,
    pub band: AlertBand,
    /// When it was kept (RFC 3339).
    pub created_at: String,
    /// The alert as the engine raised it: rules that fired, their values, the transactions
    /// (by the file's ids), the score, the catalogue's version.
    pub alert: Alert,
    /// The transactions that made it fire, frozen with it: (store id, transaction).
    pub transactions: Vec<(String, Transaction)>,
    /// Watchlist matches of its parties on lists the session may use.
    pub screening: Vec<ScreeningHit>,
    /// Matches kept with the alert on lists the session may not use: counted, not shown.
    pub screening_withheld: usize,
    /// Cases holding a phone or e-mail its transactions carry, that the session sees in full.
    pub linked_cases: Vec<LinkedCase>,
    /// Linked cases the session does not see in full: counted, not shown.
    pub linked_withheld: usize,
    pub reviews: Vec<AlertReview>,
    /// The moves the session may make now (none on another organisation's alert).
    pub moves: Vec<AlertStatus>,
}

impl AlertDetail {
    /// The network key of the alert's node.
    pub fn network_key(&self) -> String {
        format!("{}{}", crate::network::ALERT, self.id)
    }

    /// Whether moving to `next` needs a note.
    pub fn needs_note(&self, next: AlertStatus) -> bool {
        self.status.needs_note(next)
    }
}

/// The sealed part of a kept alert, as `flags::run` wrote it.
#[derive(Deserialize)]
struct Kept {
    alert: Alert,
    #[serde(default)]
    screening: Vec<KeptHit>,
    #[serde(default)]
    linked_cases: Vec<KeptCase>,
}

#[derive(Deserialize)]
struct KeptHit {
    name: String,
    list: String,
    list_owner: String,
    entry: String,
    listed_name: String,
    score: f64,
    #[serde(default)]
    topics: Vec<String>,
}

#[derive(Deserialize)]
struct KeptCase {
    case: String,
    owner: String,
    by: String,
}

/// One alert the session sees, opened; `None` when it does not exist or may not be seen.
pub fn detail(session: &Session, id: &str) -> Result<Option<AlertDetail>> {
    let scope = session.scope();
    let Some(stored) = scope.alert(id.trim())? else {
        return Ok(None);
    };
    let kept: Kept = serde_json::from_str(&stored.body)
        .map_err(|e| AppError::Refused(format!("kept alert {} cannot be read: {e}", stored.id)))?;
    let listed = scope.alert_transactions(&stored.id)?.unwrap_or_default();
    let transactions = crate::transactions::decode_all(listed)?;

    // What the raising organisation could see when it raised the alert is not what this
    // session may see: matches on lists it may not use, and cases it may not read, are
    // counted and left out.
    let role = session.actor().role();
    let usable: HashSet<(String, String)> = if rastro_store::permits(role, Action::Screen) {
        crate::watchlists::lists(session)?
            .into_iter()
            .map(|l| (l.organisation, l.name))
            .collect()
    } else {
        HashSet::new()
    };
    let mut screening = Vec::new();
    let mut screening_withheld = 0;
    for hit in kept.screening {
        if usable.contains(&(hit.list_owner.clone(), hit.list.clone())) {
            screening.push(ScreeningHit {
                name: hit.name,
                list: hit.list,
                list_owner: hit.list_owner,
                entry: hit.entry,
                listed_name: hit.listed_name,
                score: hit.score,
                topics: hit.topics,
            });
        } else {
            screening_withheld += 1;
        }
    }
    let mut linked_cases = Vec::new();
    let mut linked_withheld = 0;
    let reads_cases = rastro_store::permits(role, Action::ReadCases);
    for case in kept.linked_cases {
        // That a case holds a phone or an e-mail is a fact about its person: told only to
        // whom sees the case in full, as the raising organisation did.
        let seen = reads_cases
            && scope
                .case(&case.case)?
                .is_some_and(|view| view.level() == Level::Full);
        if seen {
            linked_cases.push(LinkedCase {
                case: case.case,
                owner: case.owner,
                by: if case.by == "email" { "email" } else { "phone" },
            });
        } else {
            linked_withheld += 1;
        }
    }
    let moves = if stored.own {
        AlertStatus::ALL
            .into_iter()
            .filter(|next| stored.status.may_become(*next))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Some(AlertDetail {
        id: stored.id,
        owner: stored.owner,
        own: stored.own,
        status: stored.status,
        band: stored.band,
        created_at: stored.created_at,
        alert: kept.alert,
        transactions,
        screening,
        screening_withheld,
        linked_cases,
        linked_withheld,
        reviews: stored.reviews,
        moves,
    }))
}

/// Moves the review of one of the organisation's own alerts, with a note (needed for every
/// move but taking a new alert up for review). The store checks the move and keeps the note
/// sealed.
pub fn review(session: &Session, id: &str, to: AlertStatus, note: &str) -> Result<AlertReview> {
    Ok(session.scope().review_alert(id.trim(), to, note)?)
}
