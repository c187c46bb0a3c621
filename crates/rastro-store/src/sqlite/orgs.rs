//! Organisations in SQLite.

use rusqlite::{params, OptionalExtension};

use super::SqliteBackend;
use crate::api::orgs::{OrgBackend, Organisation};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

impl OrgBackend for SqliteBackend {
    fn create_organisation(&self, name: &str) -> Result<Organisation> {
        let id = self.id()?;
        self.conns.write(|conn| {
            let changed = conn.execute(
                "INSERT INTO organisations (id, name, created_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO NOTHING",
                params![id, name, now_rfc3339()],
            )?;
            if changed == 0 {
                return Err(StoreError::OrganisationExists(name.to_string()));
            }
            Ok(Organisation {
                id,
                name: name.to_string(),
            })
        })
    }

    fn find_organisation(&self, name: &str) -> Result<Option<Organisation>> {
        self.conns.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT id, name FROM organisations WHERE name = ?1",
                    [name],
                    |r| {
                        Ok(Organisation {
                            id: r.get(0)?,
                            name: r.get(1)?,
                        })
                    },
                )
                .optional()?)
        })
    }

    fn organisations(&self) -> Result<Vec<Organisation>> {
        self.conns.read(|conn| {
            let mut stmt = conn.prepare("SELECT id, name FROM organisations ORDER BY name")?;
            let rows = stmt.query_map([], |r| {
                Ok(Organisation {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
