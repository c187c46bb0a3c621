//! Tables and headline figures already computed, by viewer, visibility stamp and request: a
//! dashboard asks for the same views again and again, and while nothing the viewer may count
//! has changed the answer is the same. Each is computed once however many ask for it at once.
//!
//! On a hub, records are added every second or so, and each addition moves the stamp: every
//! table would be counted again over every record for each request, which on a busy node was
//! most of its work. So a table also stays usable for a short while (`ServerConfig::stats_lag`)
//! after records were only added: it then lacks at most what was added in that while. Anything
//! else that moves the stamp — a grant given, changed, revoked or expired, a record removed, a
//! linkage run — makes it unusable at once, so no one sees a table counted from records they
//! may no longer see.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rastro_app::figures::Headline;
use rastro_app::memo::Memo;
use rastro_app::VisibilityStamp;

use crate::tables::StatTable;

/// Tables (and, apart, headline figures) kept at most.
pub const CACHED_TABLES: usize = 2_048;

/// The tables and headline figures kept.
pub struct ResultCache {
    pub tables: Memo<String, StatTable>,
    pub headlines: Memo<String, Headline>,
    /// The latest table of each view (its key without the stamp).
    latest: Mutex<HashMap<String, Latest>>,
}

/// A view's latest table, the stamp its records were read at, and since when it is being
/// counted again.
struct Latest {
    stamp: VisibilityStamp,
    read_at: Instant,
    refreshing_since: Option<Instant>,
    table: Arc<StatTable>,
    /// How many records the table was counted from.
    records: usize,
}

/// What to do for a view asked at a stamp.
pub enum Recent {
    /// Answer with this table (counted from this many records): counted at an earlier stamp,
    /// records only added since, recently.
    Usable(Arc<StatTable>, usize),
    /// Count it (and then [`ResultCache::keep_latest`]).
    Count,
}

impl Default for ResultCache {
    fn default() -> ResultCache {
        ResultCache {
            tables: Memo::new(CACHED_TABLES),
            headlines: Memo::new(CACHED_TABLES),
            latest: Mutex::new(HashMap::new()),
        }
    }
}

impl ResultCache {
    /// Whether the latest table of `view` may answer for records at `stamp` with at most `lag`
    /// of additions left out. The first request to find it too old counts it again; while that
    /// runs (at most `lag` more), the others keep the table they have instead of each counting.
    pub fn recent(&self, view: &str, stamp: &VisibilityStamp, lag: Duration) -> Recent {
        if lag.is_zero() {
            return Recent::Count;
        }
        let mut latest = self.latest();
        let Some(kept) = latest.get_mut(view) else {
            return Recent::Count;
        };
        if !(stamp == &kept.stamp || stamp.only_adds_to(&kept.stamp)) {
            return Recent::Count;
        }
        if kept.read_at.elapsed() <= lag {
            return Recent::Usable(Arc::clone(&kept.table), kept.records);
        }
        match kept.refreshing_since {
            Some(since) if since.elapsed() <= lag => {
                Recent::Usable(Arc::clone(&kept.table), kept.records)
            }
            _ => {
                kept.refreshing_since = Some(Instant::now());
                Recent::Count
            }
        }
    }

    /// Keeps `table`, counted from records read at `stamp` (at `read_at`), as the latest of
    /// `view` unless a table of a later stamp is kept already.
    pub fn keep_latest(
        &self,
        view: String,
        stamp: VisibilityStamp,
        read_at: Instant,
        table: Arc<StatTable>,
        records: usize,
    ) {
        let mut latest = self.latest();
        if let Some(kept) = latest.get_mut(&view) {
            if kept.stamp != stamp && kept.stamp.only_adds_to(&stamp) {
                kept.refreshing_since = None;
                return;
            }
        }
        if latest.len() >= CACHED_TABLES && !latest.contains_key(&view) {
            // Views are few (a viewer's dashboards); more than the bound means many viewers,
            // and starting afresh costs each of them one count.
            latest.clear();
        }
        latest.insert(
            view,
            Latest {
                stamp,
                read_at,
                refreshing_since: None,
                table,
                records,
            },
        );
    }

    /// Lets the next request count `view` again (after a count that failed).
    pub fn refresh_failed(&self, view: &str) {
        if let Some(kept) = self.latest().get_mut(view) {
            kept.refreshing_since = None;
        }
    }

    fn latest(&self) -> std::sync::MutexGuard<'_, HashMap<String, Latest>> {
        self.latest.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
