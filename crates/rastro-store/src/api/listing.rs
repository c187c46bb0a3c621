//! A listing of cases: a page of the records an actor sees, and how many there are in all,
//! kept per viewer between pages ([`CaseTotals`]) and brought up to date from the visibility
//! stamp instead of counting every visible record on every page.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::api::access::{Action, Level, RecordKind, Role};
use crate::api::cases::{CaseSelection, CaseView, Window};
use crate::api::scope::Scope;
use crate::api::statistics::VisibilityStamp;
use crate::Result;

impl Scope<'_> {
    /// A page of the records the actor sees at summary level or more (`limit` of them after
    /// the first `offset`, in the order stored), each at its own level, and how many there are
    /// in all. Only the page's records are read whole: a listing does not open every case.
    /// With `totals`, the count is kept there and brought up to date from what was added since,
    /// instead of counting every visible record on every page.
    pub fn case_page(
        &self,
        offset: u64,
        limit: u64,
        totals: Option<&CaseTotals>,
    ) -> Result<(Vec<CaseView>, u64)> {
        self.require(Action::ReadCases)?;
        let need = Level::Summary;
        let mut audit = self
            .actor
            .draft("read_cases")
            .kind(RecordKind::Case)
            .level(need);
        let mut page = Vec::new();
        self.backend.for_each_case(
            &self.actor,
            need,
            CaseSelection::Visible,
            Some(Window { offset, limit }),
            &mut |raw| {
                if raw.level >= Level::Detail {
                    audit.records.push((raw.owner_id.clone(), raw.id.clone()));
                }
                page.push(raw.view());
                Ok(())
            },
        )?;
        let total = match totals {
            Some(totals) => totals.total(self)?,
            None => self.backend.count_cases(&self.actor, None)?,
        };
        self.audit(audit.count(page.len() as u64))?;
        Ok((page, total))
    }
}

impl Scope<'_> {
    /// How many cases the actor sees at summary level or more, kept in `totals` as a listing
    /// keeps it (a node warms a viewer's total this way, reading no case).
    pub fn case_total(&self, totals: &CaseTotals) -> Result<u64> {
        self.require(Action::ReadCases)?;
        let total = totals.total(self)?;
        self.audit(
            self.actor
                .draft("count_cases")
                .kind(RecordKind::Case)
                .level(Level::Summary)
                .count(total),
        )?;
        Ok(total)
    }
}

/// How many cases each viewer (an organisation in a role) sees, kept at the visibility stamp it
/// was counted at. A listing asks for the total with every page; counting every visible record
/// each time cost more than the page itself, so after records were only added the kept total
/// grows by the added ones that are visible, and anything else (a grant, a removal, a linkage)
/// counts afresh. Shared by every request of a process; holds a few numbers per viewer.
/// One count per viewer at a time: on a node that has just started, the viewer's first pages
/// arrive together, and each counting every visible record at once made every one of them slow.
#[derive(Default)]
pub struct CaseTotals {
    kept: Mutex<HashMap<Viewer, (VisibilityStamp, u64)>>,
    counting: Mutex<HashMap<Viewer, Arc<Mutex<()>>>>,
}

type Viewer = (String, Role);

impl CaseTotals {
    pub fn new() -> CaseTotals {
        CaseTotals::default()
    }

    fn total(&self, scope: &Scope<'_>) -> Result<u64> {
        let viewer = (scope.actor.organisation().id.clone(), scope.actor.role());
        let stamp = scope.backend.visibility_stamp(&scope.actor)?;
        if let Some(n) = self.kept_at(&viewer, &stamp) {
            return Ok(n);
        }
        let counter = Arc::clone(
            self.counting
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(viewer.clone())
                .or_default(),
        );
        let _counting = counter.lock().unwrap_or_else(PoisonError::into_inner);
        // Whoever counted while this request waited has left the total for this stamp.
        if let Some(n) = self.kept_at(&viewer, &stamp) {
            return Ok(n);
        }
        let known = self
            .kept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&viewer)
            .cloned();
        let total = match known {
            Some((seen, n)) if seen == stamp => return Ok(n),
            Some((seen, n)) if stamp.only_adds_to(&seen) => {
                let added = (seen.case_keys(), stamp.case_keys());
                n + scope.backend.count_cases(&scope.actor, Some(added))?
            }
            // Counted up to the stamp's last key, so that a record added meanwhile is counted
            // by the next update rather than twice.
            _ => scope
                .backend
                .count_cases(&scope.actor, Some((0, stamp.case_keys())))?,
        };
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        // A slower request that read an older stamp must not replace a newer total.
        let newer_kept = kept
            .get(&viewer)
            .is_some_and(|(seen, _)| seen != &stamp && seen.only_adds_to(&stamp));
        if !newer_kept {
            kept.insert(viewer, (stamp, total));
        }
        Ok(total)
    }

    /// The total kept for `viewer` when it was counted at `stamp` exactly.
    fn kept_at(&self, viewer: &Viewer, stamp: &VisibilityStamp) -> Option<u64> {
        let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.get(viewer)
            .and_then(|(seen, n)| (seen == stamp).then_some(*n))
    }
}
