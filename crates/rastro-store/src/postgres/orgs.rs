//! Organisations in PostgreSQL.

use postgres::Row;

use super::keyring::Rows;
use super::PgBackend;
use crate::api::access::OrgKind;
use crate::api::orgs::{OrgBackend, Organisation};
use crate::api::trace::AuditDraft;
use crate::keyring::{KeyRing, Purpose};
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

/// The columns [`organisation`] reads, from `organisations` as `o`.
pub(super) const ORG_COLUMNS: &str = "o.id, o.name, o.kind, o.country";

/// An organisation from a row whose four columns from `start` are [`ORG_COLUMNS`].
pub(super) fn organisation(row: &Row, start: usize) -> Result<Organisation> {
    let kind: String = row.try_get(start + 2)?;
    Ok(Organisation {
        id: row.try_get(start)?,
        name: row.try_get(start + 1)?,
        // The schema's CHECK allows only known kinds; the fallback is the least trusted one.
        kind: OrgKind::parse(&kind).unwrap_or(OrgKind::Ngo),
        country: row.try_get(start + 3)?,
    })
}

impl OrgBackend for PgBackend {
    fn create_organisation(
        &self,
        name: &str,
        kind: OrgKind,
        country: Option<&str>,
        audit: AuditDraft,
    ) -> Result<Organisation> {
        let id = self.id()?;
        self.write_audited(audit.detail("organisation", &id), |tx, _| {
            let changed = tx.execute(
                "INSERT INTO organisations (id, name, kind, country, created_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (name) DO NOTHING",
                &[&id, &name, &kind.as_str(), &country, &now_rfc3339()],
            )?;
            if changed == 0 {
                return Err(StoreError::OrganisationExists(name.to_string()));
            }
            KeyRing::ensure(
                &Rows::new(tx),
                &self.keys,
                &id,
                &[Purpose::Data, Purpose::Index],
            )?;
            Ok(Organisation {
                id,
                name: name.to_string(),
                kind,
                country: country.map(str::to_string),
            })
        })
    }

    fn find_organisation(&self, name: &str) -> Result<Option<Organisation>> {
        self.conns.read(|tx| {
            tx.query_opt(
                &format!("SELECT {ORG_COLUMNS} FROM organisations o WHERE o.name = $1"),
                &[&name],
            )?
            .map(|r| organisation(&r, 0))
            .transpose()
        })
    }

    fn organisations(&self) -> Result<Vec<Organisation>> {
        self.conns.read(|tx| {
            tx.query(
                &format!("SELECT {ORG_COLUMNS} FROM organisations o ORDER BY o.name"),
                &[],
            )?
            .iter()
            .map(|r| organisation(r, 0))
            .collect()
        })
    }
}
