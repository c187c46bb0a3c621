//! The wrapped keys and their unwrapped copies in memory. Organisations' data and index keys
//! and the platform's pseudonym key are random, stored only wrapped under the master key with a
//! label naming owner, purpose and version (a wrapped key moved to another row does not unwrap);
//! each is unwrapped once per process. A backend lends its rows through [`KeyRows`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use rastro_vault::{DataKey, NumberCipher, SecretKey};

use crate::keys::Keys;
use crate::sealing::SealingKeys;
use crate::time::now_rfc3339;
use crate::{Result, StoreError};

pub(crate) const PLATFORM: &str = "platform";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Purpose {
    /// Seals an organisation's records; rotated.
    Data,
    /// Keys an organisation's blind indexes and record keys; never rotated (its values index
    /// stored rows).
    Index,
    /// The platform's pseudonyms.
    Pseudonym,
}

impl Purpose {
    pub fn parse(text: &str) -> Option<Purpose> {
        [Purpose::Data, Purpose::Index, Purpose::Pseudonym]
            .into_iter()
            .find(|p| p.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Data => "data",
            Purpose::Index => "index",
            Purpose::Pseudonym => "pseudonym",
        }
    }
}

/// The label bound to a wrapped key.
pub(crate) fn label(owner: &str, purpose: Purpose, version: u32) -> String {
    format!("rastro/{}/{owner}/v{version}", purpose.as_str())
}

/// The `wrapped_keys` table as a backend reads and writes it, inside the caller's transaction.
pub(crate) trait KeyRows {
    /// Whether `owner` has any key of `purpose`.
    fn has_key(&self, owner: &str, purpose: Purpose) -> Result<bool>;
    /// The newest data key version of `org` not retired.
    fn current_data_version(&self, org: &str) -> Result<Option<i64>>;
    fn wrapped(&self, owner: &str, purpose: Purpose, version: u32) -> Result<Option<Vec<u8>>>;
    fn insert_wrapped(
        &self,
        owner: &str,
        purpose: Purpose,
        version: u32,
        wrapped: &[u8],
        at: &str,
    ) -> Result<()>;
}

#[derive(Default)]
pub(crate) struct KeyRing {
    data: Mutex<HashMap<(String, u32), Arc<DataKey>>>,
    current: Mutex<HashMap<String, u32>>,
    secrets: Mutex<HashMap<(String, Purpose), Arc<SecretKey>>>,
    case_ids: Mutex<Option<Arc<NumberCipher>>>,
}

/// What the case-id key is derived for from the platform's pseudonym key. That key is random,
/// stored only wrapped under the master key (so a master rotation re-wraps it and a store's
/// copy carries it), and never rotated, which is what ids need: an id must name the same case
/// for as long as the store lives.
const CASE_IDS: &str = "case-ids";

impl KeyRing {
    /// Creates the keys `owner` lacks (inside the caller's transaction).
    pub fn ensure(
        conn: &dyn KeyRows,
        keys: &Keys,
        owner: &str,
        purposes: &[Purpose],
    ) -> Result<()> {
        for &purpose in purposes {
            if !conn.has_key(owner, purpose)? {
                insert(conn, keys, owner, purpose, 1)?;
            }
        }
        Ok(())
    }

    /// The organisation's current data key and its version.
    pub fn current(
        &self,
        conn: &dyn KeyRows,
        keys: &Keys,
        org: &str,
    ) -> Result<(u32, Arc<DataKey>)> {
        let cached = self
            .current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(org)
            .copied();
        let version = match cached {
            Some(v) => v,
            None => {
                let v = conn
                    .current_data_version(org)?
                    .ok_or_else(|| missing(org, Purpose::Data))? as u32;
                self.current
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(org.to_string(), v);
                v
            }
        };
        Ok((version, self.data(conn, keys, org, version)?))
    }

    /// Forgets which data key is current (after a rotation).
    pub fn forget_current(&self) {
        self.current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// The organisation's data key of `version`.
    pub fn data(
        &self,
        conn: &dyn KeyRows,
        keys: &Keys,
        org: &str,
        version: u32,
    ) -> Result<Arc<DataKey>> {
        let id = (org.to_string(), version);
        if let Some(key) = self
            .data
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
        {
            return Ok(key.clone());
        }
        let key = Arc::new(unwrap(conn, keys, org, Purpose::Data, version)?);
        self.data
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, key.clone());
        Ok(key)
    }

    /// The organisation's index key, or the platform's pseudonym key.
    pub fn secret(
        &self,
        conn: &dyn KeyRows,
        keys: &Keys,
        owner: &str,
        purpose: Purpose,
    ) -> Result<Arc<SecretKey>> {
        let id = (owner.to_string(), purpose);
        if let Some(key) = self
            .secrets
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
        {
            return Ok(key.clone());
        }
        let root = unwrap(conn, keys, owner, purpose, 1)?;
        let key = Arc::new(root.derive(purpose.as_str()));
        self.secrets
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, key.clone());
        Ok(key)
    }
}

impl KeyRing {
    /// The store's cipher of case keys into public ids.
    pub fn case_ids(&self, conn: &dyn KeyRows, keys: &Keys) -> Result<Arc<NumberCipher>> {
        let mut cached = self.case_ids.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(cipher) = cached.as_ref() {
            return Ok(cipher.clone());
        }
        let root = unwrap(conn, keys, PLATFORM, Purpose::Pseudonym, 1)?;
        let cipher = Arc::new(NumberCipher::new(&root.derive(CASE_IDS)));
        *cached = Some(cipher.clone());
        Ok(cipher)
    }
}

/// The keys a case of an organisation is sealed with: its current data key (and version), its
/// index key, and the platform's pseudonym key.
pub(crate) struct OrgKeys {
    pub version: u32,
    data: Arc<DataKey>,
    index: Arc<SecretKey>,
    pseudonym: Arc<SecretKey>,
}

impl OrgKeys {
    pub fn sealing(&self) -> SealingKeys<'_> {
        SealingKeys {
            data: &self.data,
            index: &self.index,
            pseudonym: &self.pseudonym,
        }
    }
}

impl KeyRing {
    pub fn org_keys(&self, conn: &dyn KeyRows, keys: &Keys, org: &str) -> Result<OrgKeys> {
        let (version, data) = self.current(conn, keys, org)?;
        Ok(OrgKeys {
            version,
            data,
            index: self.secret(conn, keys, org, Purpose::Index)?,
            pseudonym: self.secret(conn, keys, PLATFORM, Purpose::Pseudonym)?,
        })
    }
}

/// Adds a new data key version for `org` and retires none: the caller re-seals, then retires.
pub(crate) fn insert(
    conn: &dyn KeyRows,
    keys: &Keys,
    owner: &str,
    purpose: Purpose,
    version: u32,
) -> Result<()> {
    let fresh = DataKey::generate().map_err(|e| StoreError::Entropy(e.to_string()))?;
    let wrapped = keys
        .master()
        .try_wrap(&fresh, &label(owner, purpose, version))
        .map_err(|e| StoreError::Entropy(e.to_string()))?;
    conn.insert_wrapped(owner, purpose, version, &wrapped, &now_rfc3339())
}

fn unwrap(
    conn: &dyn KeyRows,
    keys: &Keys,
    owner: &str,
    purpose: Purpose,
    version: u32,
) -> Result<DataKey> {
    let wrapped = conn
        .wrapped(owner, purpose, version)?
        .ok_or_else(|| missing(owner, purpose))?;
    keys.master()
        .unwrap(&wrapped, &label(owner, purpose, version))
        .map_err(|e| {
            StoreError::Keys(format!(
                "the {} key v{version} of {owner} does not open under this key file: {e}",
                purpose.as_str()
            ))
        })
}

fn missing(owner: &str, purpose: Purpose) -> StoreError {
    StoreError::Keys(format!("no {} key for {owner}", purpose.as_str()))
}
