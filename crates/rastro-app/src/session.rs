//! The store as the shells get it: an [`App`] (where the data lives, its migrations, its local
//! administrator) and a [`Session`] (one authenticated user acting) that every use case takes.
//! A session comes only from signing in (a password or an API token); only this crate turns it
//! into a store scope, so a shell cannot read a record any other way, nor act as an organisation
//! by naming it.

use std::path::Path;

use rastro_store::{
    Actor, AuditEvent, AuditReport, CopyReport, IssuedToken, KeyRotation, LocalAdmin, Migration,
    OrgKind, Organisation, Role, Scope, Store, StoreUrl, UserInfo,
};

use crate::{AppError, Result};

/// The store, opened.
#[derive(Clone)]
pub struct App {
    store: Store,
}

/// One authenticated user acting on the store.
#[derive(Clone)]
pub struct Session {
    store: Store,
    actor: Actor,
}

impl App {
    /// Opens the store at `url`, bringing an embedded store's schema up to date first (a single
    /// user's own data directory); creates it, owner-only, when it does not exist.
    pub fn open(url: &StoreUrl) -> Result<App> {
        Ok(App {
            store: Store::open_migrated(url)?,
        })
    }

    /// As [`App::open`], with the key file at `key_file` instead of beside the database.
    pub fn open_with_key(url: &StoreUrl, key_file: &Path) -> Result<App> {
        Ok(App {
            store: Store::open_migrated_with_key(url, key_file)?,
        })
    }

    /// Applies pending migrations (creating the store when needed); returns those applied now.
    pub fn migrate(url: &StoreUrl) -> Result<Vec<Migration>> {
        Ok(Store::migrate(url)?)
    }

    /// Brings the backup at `backup` back as the store at `url` (which must not exist), opened
    /// with `key_file`; refused, and set aside, unless the file is whole, the key is the store's
    /// and every chain of the audit trail verifies. Returns the store and what was verified.
    pub fn restore(backup: &Path, url: &StoreUrl, key_file: &Path) -> Result<(App, AuditReport)> {
        let (store, report) = Store::restore(backup, url, key_file)?;
        Ok((App { store }, report))
    }

    /// Copies the whole store at `from` into the empty store at `to` (migrated first) — every
    /// record, grant, key and audit event — and opens the copy with `key_file`, the source's key
    /// file, walking its audit trail: what moves a one-machine store to a hub, or back.
    pub fn copy_store(from: &StoreUrl, to: &StoreUrl, key_file: &Path) -> Result<CopyReport> {
        Ok(Store::copy_store(from, to, key_file)?)
    }

    /// Every migration this build knows, and whether the store has it.
    pub fn migrations(url: &StoreUrl) -> Result<Vec<Migration>> {
        Ok(Store::migrations(url)?)
    }

    pub fn url(&self) -> &StoreUrl {
        self.store.url()
    }

    /// The member organisations (their names and kinds are not secret to members).
    pub fn organisations(&self) -> Result<Vec<Organisation>> {
        Ok(self.store.organisations()?)
    }

    /// Signs in with a user name and password.
    pub fn sign_in(&self, user: &str, password: &str) -> Result<Session> {
        Ok(Session {
            actor: self.store.sign_in(user, password)?,
            store: self.store.clone(),
        })
    }

    /// Acts with an API token.
    pub fn with_token(&self, token: &str) -> Result<Session> {
        Ok(Session {
            actor: self.store.authenticate_token(token)?,
            store: self.store.clone(),
        })
    }

    /// The store, for the use cases of this crate.
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// A session for an actor the store handed over itself (a worker acting for the member who
    /// queued a job): never for one a caller made up.
    pub(crate) fn acting(&self, actor: Actor) -> Session {
        Session {
            store: self.store.clone(),
            actor,
        }
    }

    /// The administrator of an embedded store (whoever can open its owner-only file).
    pub fn admin(&self) -> Result<Admin<'_>> {
        Ok(Admin {
            admin: self.store.local_admin()?,
            app: self,
        })
    }
}

/// The local administrator: organisations and their users, nothing of their records.
pub struct Admin<'a> {
    admin: LocalAdmin<'a>,
    app: &'a App,
}

impl Admin<'_> {
    pub fn create_organisation(
        &self,
        name: &str,
        kind: OrgKind,
        country: Option<&str>,
    ) -> Result<Organisation> {
        Ok(self.admin.create_organisation(name, kind, country)?)
    }

    /// Creates a user of `org`; an unknown organisation is an error naming the closest one.
    pub fn create_user(
        &self,
        org: &str,
        name: &str,
        role: Role,
        password: Option<&str>,
    ) -> Result<UserInfo> {
        self.known(org)?;
        Ok(self.admin.create_user(org, name, role, password)?)
    }

    pub fn issue_token(
        &self,
        user: &str,
        role: Option<Role>,
        days: u64,
        label: &str,
    ) -> Result<IssuedToken> {
        Ok(self.admin.issue_token(user, role, days, label)?)
    }

    pub fn set_password(&self, user: &str, password: &str) -> Result<UserInfo> {
        Ok(self.admin.set_password(user, password)?)
    }

    pub fn users(&self) -> Result<Vec<UserInfo>> {
        Ok(self.admin.users()?)
    }

    /// Replaces every organisation's data key and re-seals its cases.
    pub fn rotate_data_keys(&self) -> Result<KeyRotation> {
        Ok(self.admin.rotate_data_keys()?)
    }

    /// Moves the store to a new key file (created at `new_key_file`); the store must then be
    /// opened with it.
    pub fn rotate_master(&self, new_key_file: &Path) -> Result<KeyRotation> {
        Ok(self.admin.rotate_master(new_key_file)?)
    }

    pub fn verify_audit(&self) -> Result<AuditReport> {
        Ok(self.admin.verify_audit()?)
    }

    /// Writes a consistent copy of the database to `to` while the store serves; its size in
    /// bytes. The key file is not in it.
    pub fn backup(&self, to: &Path) -> Result<u64> {
        Ok(self.admin.backup(to)?)
    }

    /// The whole trail, newest first.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditEvent>> {
        Ok(self.admin.audit_log(limit)?)
    }

    fn known(&self, org: &str) -> Result<()> {
        let known = self.app.organisations()?;
        if known.iter().any(|o| o.name == org.trim()) {
            return Ok(());
        }
        Err(AppError::UnknownOrganisation {
            name: org.trim().to_string(),
            suggestion: closest(org, known.iter().map(|o| o.name.as_str())),
        })
    }
}

impl Session {
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn organisation(&self) -> &Organisation {
        self.actor.organisation()
    }

    pub(crate) fn organisations(&self) -> Result<Vec<Organisation>> {
        Ok(self.store.organisations()?)
    }

    pub(crate) fn scope(&self) -> Scope<'_> {
        self.store.scope(&self.actor)
    }
}

/// The known name nearest to `name` when it is near enough to be a slip of the keyboard: at most
/// a third of its letters differ after case and accents are folded.
fn closest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<String> {
    let wanted = rastro_text::fold_key(name);
    known
        .map(|k| {
            (
                rastro_text::levenshtein(&wanted, &rastro_text::fold_key(k)),
                k,
            )
        })
        .filter(|(d, k)| *d <= (wanted.len().max(k.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.to_string())
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_only_what_is_close() {
        let known = ["Casa Refugio", "Policía Nacional", "Migración Perú"];
        assert_eq!(
            closest("casa refugo", known.iter().copied()).as_deref(),
            Some("Casa Refugio")
        );
        assert_eq!(
            closest("policia nacional", known.iter().copied()).as_deref(),
            Some("Policía Nacional")
        );
        assert_eq!(closest("Fiscalía", known.iter().copied()), None);
    }
}
