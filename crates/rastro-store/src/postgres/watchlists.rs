//! PLACEHOLDER (not to be merged): WatchlistBackend for PostgreSQL is being ported from `sqlite/watchlists.rs`.
#![allow(unused_variables)]
use super::PgBackend;
#[allow(unused_imports)]
use crate::api::access::*;
#[allow(unused_imports)]
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::api::watchlists::*;
#[allow(unused_imports)]
use crate::*;
use crate::{Result, StoreError};

impl WatchlistBackend for PgBackend {
    fn replace_watchlist(
        &self,
        actor: &Actor,
        list: &NewWatchlist<'_>,
        fill: &mut FillList<'_>,
        audit: AuditDraft,
    ) -> Result<StoredWatchlist> {
        Err(StoreError::UnsupportedBackend(
            "WatchlistBackend::replace_watchlist".into(),
        ))
    }

    fn watchlists(&self, actor: &Actor) -> Result<Vec<WatchlistInfo>> {
        Err(StoreError::UnsupportedBackend(
            "WatchlistBackend::watchlists".into(),
        ))
    }

    fn watchlist(&self, actor: &Actor, owner: &str, name: &str) -> Result<Option<WatchlistInfo>> {
        Err(StoreError::UnsupportedBackend(
            "WatchlistBackend::watchlist".into(),
        ))
    }

    fn for_each_watchlist_entry(
        &self,
        actor: &Actor,
        list_id: &str,
        visit: &mut dyn FnMut(WatchlistEntry) -> Result<()>,
    ) -> Result<u64> {
        Err(StoreError::UnsupportedBackend(
            "WatchlistBackend::for_each_watchlist_entry".into(),
        ))
    }

    fn remove_watchlist(
        &self,
        actor: &Actor,
        name: &str,
        audit: AuditDraft,
    ) -> Result<WatchlistInfo> {
        Err(StoreError::UnsupportedBackend(
            "WatchlistBackend::remove_watchlist".into(),
        ))
    }

    fn own_list_id(&self, actor: &Actor, name: &str) -> Result<Option<String>> {
        Err(StoreError::UnsupportedBackend(
            "WatchlistBackend::own_list_id".into(),
        ))
    }
}
