//! SQL text that every dialect shares. It is written in the SQL that SQLite and PostgreSQL both
//! speak (`ON CONFLICT … DO NOTHING`, `RETURNING`, `CASE`, standard joins) with named parameters
//! (`:org`); SQLite binds those as they are, and a driver with numbered parameters rewrites them
//! once with [`params::positional`]. A backend therefore reuses these rules instead of copying
//! them, and a change to who may see what is made here, once.

pub(crate) mod access;
pub(crate) mod backlog;
pub(crate) mod cases;
pub(crate) mod grants;
pub(crate) mod imports;
pub(crate) mod jobs;
pub(crate) mod members;
pub(crate) mod money;
pub(crate) mod news;
pub(crate) mod params;
pub(crate) mod rates;
pub(crate) mod runs;
pub(crate) mod statistics;
pub(crate) mod visibility;
pub(crate) mod watchlists;
