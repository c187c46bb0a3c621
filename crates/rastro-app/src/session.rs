//! The store as the shells get it: an [`App`] (where the data lives, which organisations exist)
//! and a [`Session`] (one organisation acting) that every use case takes. Only this crate turns
//! a session into a store scope, so a shell cannot read a record any other way. Creating an
//! organisation is a deliberate act; a name that matches none is an error that suggests the
//! closest one, never a new organisation.

use rastro_store::{Migration, Organisation, Scope, Store, StoreUrl};

use crate::{AppError, Result};

/// The store, opened.
#[derive(Clone)]
pub struct App {
    store: Store,
}

/// One organisation acting on the store.
#[derive(Clone)]
pub struct Session {
    store: Store,
    org: Organisation,
}

impl App {
    /// Opens the store at `url`, bringing an embedded store's schema up to date first (a single
    /// user's own data directory); creates it, owner-only, when it does not exist.
    pub fn open(url: &StoreUrl) -> Result<App> {
        Ok(App {
            store: Store::open_migrated(url)?,
        })
    }

    /// Applies pending migrations (creating the store when needed); returns those applied now.
    pub fn migrate(url: &StoreUrl) -> Result<Vec<Migration>> {
        Ok(Store::migrate(url)?)
    }

    /// Every migration this build knows, and whether the store has it.
    pub fn migrations(url: &StoreUrl) -> Result<Vec<Migration>> {
        Ok(Store::migrations(url)?)
    }

    pub fn url(&self) -> &StoreUrl {
        self.store.url()
    }

    pub fn create_organisation(&self, name: &str) -> Result<Organisation> {
        Ok(self.store.create_organisation(name)?)
    }

    pub fn organisations(&self) -> Result<Vec<Organisation>> {
        Ok(self.store.organisations()?)
    }

    /// A session acting as the organisation called `name`, or an error naming the closest known
    /// one.
    pub fn act_as(&self, name: &str) -> Result<Session> {
        if let Some(org) = self.store.find_organisation(name)? {
            return Ok(Session {
                store: self.store.clone(),
                org,
            });
        }
        let known = self.store.organisations()?;
        Err(AppError::UnknownOrganisation {
            name: name.trim().to_string(),
            suggestion: closest(name, known.iter().map(|o| o.name.as_str())),
        })
    }

    /// A session acting as `name`, created first when it does not exist: for the demonstration,
    /// whose organisation is its own.
    pub(crate) fn act_as_created(&self, name: &str) -> Result<Session> {
        match self.store.find_organisation(name)? {
            Some(_) => self.act_as(name),
            None => {
                self.create_organisation(name)?;
                self.act_as(name)
            }
        }
    }
}

impl Session {
    pub fn organisation(&self) -> &Organisation {
        &self.org
    }

    pub(crate) fn scope(&self) -> Scope<'_> {
        self.store.scope(self.org.clone())
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
