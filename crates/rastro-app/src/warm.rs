//! What a server node reads before it takes requests: for each viewer the store's members make
//! (an organisation acting in a role), the records it may count and how many cases its listing
//! holds, into the node's caches. A node that has just started otherwise makes its first
//! members wait while it reads every viewer's records under their requests; warmed, it answers
//! them as a node that has been running does. The node reads as itself ([`NodeViewer`]), traced
//! under its own id, never as a member.

use std::time::{Duration, Instant};

use rastro_store::{permits, Action, Role};

use crate::counting::CountCache;
use crate::session::{App, Session};
use crate::Result;

/// A viewer a node warms: an organisation's name and a role some enabled member of it holds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NodeViewer {
    pub organisation: String,
    pub role: Role,
}

/// What a warm-up did.
#[derive(Debug, Default)]
pub struct Warmed {
    /// The viewers warmed, with the records each may count.
    pub viewers: Vec<(NodeViewer, usize)>,
    /// Viewers left cold because the time allowed ran out.
    pub left: usize,
}

/// The viewers the store's enabled members make who may count statistics or list cases, in a
/// fixed order.
pub fn viewers(app: &App) -> Result<Vec<NodeViewer>> {
    let mut viewers: Vec<NodeViewer> = app
        .store()
        .local_admin()?
        .users()?
        .into_iter()
        .filter(|user| !user.disabled)
        .filter(|user| {
            permits(user.role, Action::ReadStatistics) || permits(user.role, Action::ReadCases)
        })
        .map(|user| NodeViewer {
            organisation: user.organisation,
            role: user.role,
        })
        .collect();
    viewers.sort();
    viewers.dedup();
    Ok(viewers)
}

/// Reads each viewer's records to count and its case total into `cache`, as node `node`,
/// until `budget` has passed (a viewer begun is finished). A zero budget warms nothing.
pub fn warm(app: &App, cache: &CountCache, node: &str, budget: Duration) -> Result<Warmed> {
    let started = Instant::now();
    let mut warmed = Warmed::default();
    if budget.is_zero() {
        return Ok(warmed);
    }
    let connections = app.store().open_connections()?;
    tracing::debug!(connections, "database connections opened before listening");
    let viewers = viewers(app)?;
    let organisations = app.organisations()?;
    let total = viewers.len();
    for viewer in viewers {
        if started.elapsed() >= budget {
            break;
        }
        let Some(org) = organisations.iter().find(|o| o.name == viewer.organisation) else {
            continue;
        };
        let actor = app
            .store()
            .local_admin()?
            .node_actor(org.clone(), viewer.role, node);
        let session = app.acting(actor);
        let records = warm_viewer(&session, cache)?;
        warmed.viewers.push((viewer, records));
    }
    warmed.left = total - warmed.viewers.len();
    Ok(warmed)
}

/// One viewer's records to count and case total; how many records it may count.
fn warm_viewer(session: &Session, cache: &CountCache) -> Result<usize> {
    let role = session.actor().role();
    let mut records = 0;
    if permits(role, Action::ReadStatistics) {
        records = cache.records(session, "warm", false)?.len();
    }
    if permits(role, Action::ReadCases) {
        session.scope().case_total(&cache.case_totals)?;
    }
    Ok(records)
}
