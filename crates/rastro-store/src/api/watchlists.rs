//! Stored watchlists: named snapshots of a watchlist file, owned by the organisation that
//! imported them and read through its scope.
//!
//! The store keeps entries as plain text fields; turning them back into the screening engine's
//! people is the application's job, so the store knows nothing of name analysis and the engine
//! nothing of SQL. Importing into an existing name replaces the list in one transaction: a
//! reader sees the old snapshot or the new one, never a mixture.
//!
//! A list is addressed by its owner and its name. An organisation's own list answers to its name
//! alone; another's shared list only when the owner is named too, so a list of the same name
//! shared by someone else is never taken in place of one's own without saying so.

use crate::api::access::{permits, Action, Level, RecordKind};
use crate::api::members::Actor;
use crate::api::scope::Scope;
use crate::api::trace::AuditDraft;
use crate::ids::looks_like_id;
use crate::Result;

/// One listed person, as text: what a watchlist reader accepted, already validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WatchlistEntry {
    /// The list's own id of the person (or its row number when the list has none).
    pub source_id: String,
    /// 1-based data row (CSV) or line (JSON lines) in the source file.
    pub source_row: u64,
    /// Main name first, then aliases.
    pub names: Vec<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub birth_dates: Vec<String>,
    pub gender: Option<String>,
    /// ISO 3166-1 alpha-2 codes.
    pub nationalities: Vec<String>,
    pub documents: Vec<String>,
    pub topics: Vec<String>,
}

/// What describes a list being imported.
#[derive(Debug, Clone)]
pub struct NewWatchlist<'a> {
    pub name: &'a str,
    pub source_file: &'a str,
    /// `csv` or `ftm`.
    pub format: &'a str,
}

/// What reading a list's source counted, known once it was read to its end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCounts {
    /// Rows (or lines) read, rejected ones included.
    pub rows: u64,
    pub rejected: u64,
}

/// Stores each entry handed to it; an error stops the import.
pub type EntrySink<'a> = dyn FnMut(WatchlistEntry) -> Result<()> + 'a;

/// Reads a list's source into the sink it is given and returns the source's counts. The store
/// calls it inside the transaction that replaces the list, so entries are stored as they are
/// read and the source is never held in memory whole.
pub type FillList<'a> = dyn FnMut(&mut EntrySink<'_>) -> Result<ListCounts> + 'a;

/// A stored list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchlistInfo {
    pub id: String,
    pub name: String,
    /// Name of the owning organisation.
    pub organisation: String,
    /// Whether the acting organisation owns it.
    pub own: bool,
    /// The file it was read from: a path on the owner's machine, so only the owner sees it.
    pub source_file: Option<String>,
    pub format: String,
    pub imported_at: String,
    pub rows: u64,
    pub entries: u64,
    pub rejected: u64,
    /// For the owner: whether an active grant shares it. (Another's list is seen only shared.)
    pub shared: bool,
}

/// What storing a list did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredWatchlist {
    pub list: WatchlistInfo,
    /// The snapshot the import replaced, when the organisation had a list of that name.
    pub replaced: Option<WatchlistInfo>,
}

pub(crate) trait WatchlistBackend {
    fn replace_watchlist(
        &self,
        actor: &Actor,
        list: &NewWatchlist<'_>,
        fill: &mut FillList<'_>,
        audit: AuditDraft,
    ) -> Result<StoredWatchlist>;
    fn watchlists(&self, actor: &Actor) -> Result<Vec<WatchlistInfo>>;
    /// A visible list of `owner` (an organisation's name) called `name`.
    fn watchlist(&self, actor: &Actor, owner: &str, name: &str) -> Result<Option<WatchlistInfo>>;
    fn for_each_watchlist_entry(
        &self,
        actor: &Actor,
        list_id: &str,
        visit: &mut dyn FnMut(WatchlistEntry) -> Result<()>,
    ) -> Result<u64>;
    fn remove_watchlist(
        &self,
        actor: &Actor,
        name: &str,
        audit: AuditDraft,
    ) -> Result<WatchlistInfo>;
    /// The id of one of the actor's organisation's lists, by name.
    fn own_list_id(&self, actor: &Actor, name: &str) -> Result<Option<String>>;
}

impl Scope<'_> {
    /// Stores a list under `list.name`, replacing the organisation's list of that name (entries
    /// and all) in one transaction; `fill` reads the source into the sink it is given. When
    /// `fill` or storing fails, the previous snapshot stays as it was.
    pub fn replace_watchlist(
        &self,
        list: &NewWatchlist<'_>,
        fill: &mut FillList<'_>,
    ) -> Result<StoredWatchlist> {
        self.require(Action::ManageWatchlists)?;
        let audit = self
            .actor
            .draft("replace_watchlist")
            .kind(RecordKind::Watchlist);
        self.backend
            .replace_watchlist(&self.actor, list, fill, audit)
    }

    /// As [`Scope::replace_watchlist`], from entries already in memory.
    pub fn replace_watchlist_entries(
        &self,
        list: &NewWatchlist<'_>,
        entries: &[WatchlistEntry],
        counts: ListCounts,
    ) -> Result<StoredWatchlist> {
        self.replace_watchlist(list, &mut |sink| {
            for entry in entries {
                sink(entry.clone())?;
            }
            Ok(counts)
        })
    }

    /// Lists the organisation sees (its own and shared ones), by name then owner.
    pub fn watchlists(&self) -> Result<Vec<WatchlistInfo>> {
        self.require(Action::Screen)?;
        let lists = self.backend.watchlists(&self.actor)?;
        self.audit(
            self.actor
                .draft("read_watchlists")
                .kind(RecordKind::Watchlist)
                .count(lists.len() as u64),
        )?;
        Ok(lists)
    }

    /// The organisation's own list of that name.
    pub fn watchlist(&self, name: &str) -> Result<Option<WatchlistInfo>> {
        self.require(Action::Screen)?;
        let own = self.organisation().name.clone();
        let found = self.backend.watchlist(&self.actor, &own, name)?;
        self.audit(
            self.actor
                .draft("read_watchlist")
                .kind(RecordKind::Watchlist)
                .count(u64::from(found.is_some())),
        )?;
        Ok(found)
    }

    /// The list `name` of organisation `owner`, when the acting organisation may see it (its
    /// own, or shared with it); `None` otherwise.
    pub fn watchlist_of(&self, owner: &str, name: &str) -> Result<Option<WatchlistInfo>> {
        self.require(Action::Screen)?;
        let found = self.backend.watchlist(&self.actor, owner, name)?;
        self.audit(
            self.actor
                .draft("read_watchlist")
                .kind(RecordKind::Watchlist)
                .count(u64::from(found.is_some())),
        )?;
        Ok(found)
    }

    /// Visits every entry of a visible list (by its id) in file order; returns how many. A list
    /// that does not exist or may not be seen has no entries.
    pub fn for_each_watchlist_entry(
        &self,
        list_id: &str,
        visit: &mut dyn FnMut(WatchlistEntry) -> Result<()>,
    ) -> Result<u64> {
        self.require(Action::Screen)?;
        let n = if looks_like_id(list_id) {
            self.backend
                .for_each_watchlist_entry(&self.actor, list_id, visit)?
        } else {
            0
        };
        self.audit(
            self.actor
                .draft("read_watchlist_entries")
                .kind(RecordKind::Watchlist)
                .level(Level::Full)
                .count(n)
                .detail("list", if n > 0 { list_id } else { "" }),
        )?;
        Ok(n)
    }

    /// Deletes one of the organisation's own lists; another's answers `NotFound`.
    pub fn remove_watchlist(&self, name: &str) -> Result<WatchlistInfo> {
        self.require(Action::ManageWatchlists)?;
        let audit = self
            .actor
            .draft("remove_watchlist")
            .kind(RecordKind::Watchlist);
        self.backend.remove_watchlist(&self.actor, name, audit)
    }

    /// The id of one of the organisation's own lists (to share it by a grant).
    pub fn own_list_id(&self, name: &str) -> Result<Option<String>> {
        if !permits(self.actor.role(), Action::ManageGrants) {
            self.require(Action::ManageWatchlists)?;
        }
        self.backend.own_list_id(&self.actor, name)
    }
}
