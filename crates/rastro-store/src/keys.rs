//! The store's keys: the master key from the key file (outside the database) and the subkeys
//! derived from it. Derivation labels are versioned so that a future change of scheme can run
//! beside the old one.

use std::path::Path;

use rastro_vault::{MasterKey, SecretKey, VaultError};

use crate::{Result, StoreError};

pub(crate) struct Keys {
    master: MasterKey,
    derived: DerivedKeys,
}

/// The keys derived from a master key; a master rotation derives the new ones before the store
/// moves to it.
pub(crate) struct DerivedKeys {
    /// MACs of the audit chains' heads.
    audit: SecretKey,
    /// Keyed hashes of what was searched for, so the trail shows that a search happened and
    /// whether two searches were the same, never what was searched.
    query: SecretKey,
}

impl DerivedKeys {
    pub fn of(master: &MasterKey) -> DerivedKeys {
        DerivedKeys {
            audit: master.derive("rastro/audit-head/v1"),
            query: master.derive("rastro/audit-query/v1"),
        }
    }

    pub fn head_mac(&self, chain: &str, seq: u64, hash: &str) -> String {
        self.audit
            .mac_hex(format!("{chain}\n{seq}\n{hash}").as_bytes(), 32)
    }
}

impl Keys {
    pub fn from_master(master: MasterKey) -> Keys {
        Keys {
            derived: DerivedKeys::of(&master),
            master,
        }
    }

    /// Loads the key file, creating it (owner-only) when `create` allows and it is missing.
    pub fn load(path: &Path, create: bool) -> Result<Keys> {
        let loaded = if create {
            MasterKey::load_or_create(path)
        } else {
            MasterKey::load(path)
        };
        loaded.map(Keys::from_master).map_err(|e| match e {
            VaultError::KeyFileMissing { .. } => StoreError::Keys(format!(
                "{e}: this store was created with a key file that is not there; restore it (or name it with --key-file / RASTRO_KEY_FILE)"
            )),
            other => StoreError::Keys(other.to_string()),
        })
    }

    pub fn fingerprint(&self) -> String {
        self.master.fingerprint()
    }

    pub fn master(&self) -> &MasterKey {
        &self.master
    }

    pub fn head_mac(&self, chain: &str, seq: u64, hash: &str) -> String {
        self.derived.head_mac(chain, seq, hash)
    }

    pub fn query_hash(&self, text: &str) -> String {
        self.derived.query.mac_hex(text.as_bytes(), 16)
    }
}
