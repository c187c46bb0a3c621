//! Stored watchlists in PostgreSQL (their SQL is shared: `crate::sql::watchlists`). A list's
//! entries go in by `COPY` inside the replacing transaction: a list of a million people is one
//! stream to the server instead of a round trip per entry, and still stored as it is read.

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::Type;
use postgres::{Row, Transaction};

use super::access::Access;
use super::value::{count, Named, Value};
use super::PgBackend;
use crate::api::access::{Level, RecordKind};
use crate::api::members::Actor;
use crate::api::trace::AuditDraft;
use crate::api::watchlists::{
    FillList, NewWatchlist, StoredWatchlist, WatchlistBackend, WatchlistEntry, WatchlistInfo,
};
use crate::sql::watchlists as sql;
use crate::time::now_rfc3339;
use crate::watchlist_rows::{EntryRow, EntryTexts};
use crate::{Result, StoreError};

/// The types of [`sql::ENTRY_VALUES`]' columns, in order, for the binary copy.
const ENTRY_TYPES: [Type; 11] = [
    Type::TEXT,
    Type::TEXT,
    Type::INT8,
    Type::TEXT,
    Type::INT8,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
];

fn list_info(r: &Row) -> Result<WatchlistInfo> {
    Ok(WatchlistInfo {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        organisation: r.try_get(2)?,
        own: r.try_get(3)?,
        source_file: r.try_get(4)?,
        format: r.try_get(5)?,
        imported_at: r.try_get(6)?,
        rows: count(r, 7)?,
        entries: count(r, 8)?,
        rejected: count(r, 9)?,
        shared: r.try_get(10)?,
    })
}

fn entry_row(r: &Row) -> Result<EntryRow> {
    Ok(EntryRow {
        id: r.try_get(0)?,
        source_id: r.try_get(1)?,
        source_row: r.try_get(2)?,
        texts: EntryTexts {
            names: r.try_get(3)?,
            birth_dates: r.try_get(4)?,
            nationalities: r.try_get(6)?,
            documents: r.try_get(7)?,
            topics: r.try_get(8)?,
        },
        gender: r.try_get(5)?,
    })
}

/// The organisation's own list of that name.
fn own_list(tx: &mut Transaction<'_>, actor: &Actor, name: &str) -> Result<Option<WatchlistInfo>> {
    let named = Named::new(
        &sql::own_list(),
        &[
            ("org", Value::from(actor.organisation().id.as_str())),
            ("name", Value::from(name)),
            ("now", Value::Text(now_rfc3339())),
        ],
    )?;
    tx.query_opt(&named.sql, &named.params())?
        .map(|r| list_info(&r))
        .transpose()
}

/// A statement of the list `name` of the actor's organisation.
fn by_name(statement: &str, actor: &Actor, name: &str) -> Result<Named> {
    Named::new(
        statement,
        &[
            ("org", Value::from(actor.organisation().id.as_str())),
            ("name", Value::from(name)),
        ],
    )
}

impl WatchlistBackend for PgBackend {
    fn replace_watchlist(
        &self,
        actor: &Actor,
        list: &NewWatchlist<'_>,
        fill: &mut FillList<'_>,
        audit: AuditDraft,
    ) -> Result<StoredWatchlist> {
        let list_id = self.id()?;
        let org = &actor.organisation().id;
        let insert_list = Named::new(
            sql::INSERT_LIST,
            &[
                ("id", Value::from(list_id.as_str())),
                ("org", Value::from(org.as_str())),
                ("name", Value::from(list.name)),
                ("source_file", Value::from(list.source_file)),
                ("format", Value::from(list.format)),
                ("imported_at", Value::Text(now_rfc3339())),
            ],
        )?;
        let list_pk_of = by_name(sql::OWN_LIST_PK, actor, list.name)?;
        let delete = by_name(sql::DELETE_OWN_LIST, actor, list.name)?;
        self.write_audited(audit, |tx, audit| {
            let replaced = own_list(tx, actor, list.name)?;
            let replaced_pk: Option<i64> = tx
                .query_opt(&list_pk_of.sql, &list_pk_of.params())?
                .map(|r| r.try_get(0))
                .transpose()?;
            tx.execute(&delete.sql, &delete.params())?;
            let list_pk: i64 = tx
                .query_one(&insert_list.sql, &insert_list.params())?
                .try_get(0)?;
            let mut stored = 0u64;
            let counts = {
                let copy = tx.copy_in(&format!(
                    "COPY watchlist_entries ({}) FROM STDIN (FORMAT binary)",
                    sql::ENTRY_VALUES
                ))?;
                let mut writer = BinaryCopyInWriter::new(copy, &ENTRY_TYPES);
                let counts = fill(&mut |entry: WatchlistEntry| {
                    let texts = EntryTexts::of(&entry)?;
                    writer.write(&[
                        &self.id()?,
                        org,
                        &list_pk,
                        &entry.source_id,
                        &i64::try_from(entry.source_row).unwrap_or(i64::MAX),
                        &texts.names,
                        &texts.birth_dates,
                        &entry.gender,
                        &texts.nationalities,
                        &texts.documents,
                        &texts.topics,
                    ])?;
                    stored += 1;
                    Ok(())
                })?;
                // A writer dropped unfinished (any `?` above) aborts the copy.
                writer.finish()?;
                counts
            };
            let set_counts = Named::new(
                sql::SET_COUNTS,
                &[
                    ("rows", Value::Integer(counts.rows as i64)),
                    ("entries", Value::Integer(stored as i64)),
                    ("rejected", Value::Integer(counts.rejected as i64)),
                    ("pk", Value::Integer(list_pk)),
                ],
            )?;
            tx.execute(&set_counts.sql, &set_counts.params())?;
            if let Some(old) = replaced_pk {
                let move_grants = Named::new(
                    sql::MOVE_GRANTS,
                    &[
                        ("new", Value::Integer(list_pk)),
                        ("old", Value::Integer(old)),
                        ("org", Value::from(org.as_str())),
                    ],
                )?;
                let moved = tx.execute(&move_grants.sql, &move_grants.params())?;
                super::grants::count_changes(tx, moved)?;
            }
            let list_info = own_list(tx, actor, list.name)?.ok_or(StoreError::NotFound)?;
            audit.records.push((org.clone(), list_info.id.clone()));
            audit.count = Some(stored);
            // A failure anywhere above rolls the transaction back: the old snapshot stays.
            Ok(StoredWatchlist {
                list: list_info,
                replaced,
            })
        })
    }

    fn watchlists(&self, actor: &Actor) -> Result<Vec<WatchlistInfo>> {
        let named = Named::new(
            &sql::visible_lists(),
            &Access::of(actor).pg_params(RecordKind::Watchlist, Some(Level::Exists), vec![]),
        )?;
        self.conns.read(|tx| {
            tx.query(&named.sql, &named.params())?
                .iter()
                .map(list_info)
                .collect()
        })
    }

    fn watchlist(&self, actor: &Actor, owner: &str, name: &str) -> Result<Option<WatchlistInfo>> {
        let named = Named::new(
            &sql::list_of_owner(),
            &Access::of(actor).pg_params(
                RecordKind::Watchlist,
                Some(Level::Full),
                vec![(":owner", Value::from(owner)), (":name", Value::from(name))],
            ),
        )?;
        self.conns.read(|tx| {
            tx.query_opt(&named.sql, &named.params())?
                .map(|r| list_info(&r))
                .transpose()
        })
    }

    fn for_each_watchlist_entry(
        &self,
        actor: &Actor,
        list_id: &str,
        visit: &mut dyn FnMut(WatchlistEntry) -> Result<()>,
    ) -> Result<u64> {
        let named = Named::new(
            &sql::entries(),
            &Access::of(actor).pg_params(
                RecordKind::Watchlist,
                Some(Level::Full),
                vec![(":list", Value::from(list_id))],
            ),
        )?;
        self.conns.read(|tx| {
            // Streamed: a list of a million entries is never held whole.
            let mut rows = tx.query_raw(&named.sql, named.params())?;
            let mut n = 0;
            while let Some(row) = rows.next()? {
                visit(entry_row(&row)?.into_entry()?)?;
                n += 1;
            }
            Ok(n)
        })
    }

    fn remove_watchlist(
        &self,
        actor: &Actor,
        name: &str,
        audit: AuditDraft,
    ) -> Result<WatchlistInfo> {
        let delete = by_name(sql::DELETE_OWN_LIST, actor, name)?;
        self.write_audited(audit, |tx, audit| {
            let info = own_list(tx, actor, name)?.ok_or(StoreError::NotFound)?;
            audit
                .records
                .push((actor.organisation().id.clone(), info.id.clone()));
            let revoke = Named::new(
                sql::REVOKE_GRANTS,
                &[
                    ("now", Value::Text(now_rfc3339())),
                    ("user", Value::from(actor.user_id())),
                    ("list", Value::from(info.id.as_str())),
                ],
            )?;
            let revoked = tx.execute(&revoke.sql, &revoke.params())?;
            super::grants::count_changes(tx, revoked)?;
            tx.execute(&delete.sql, &delete.params())?;
            Ok(info)
        })
    }

    fn own_list_id(&self, actor: &Actor, name: &str) -> Result<Option<String>> {
        let named = by_name(sql::OWN_LIST_ID, actor, name)?;
        self.conns.read(|tx| {
            Ok(tx
                .query_opt(&named.sql, &named.params())?
                .map(|r| r.try_get(0))
                .transpose()?)
        })
    }
}
