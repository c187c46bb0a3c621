//! Tables and headline figures already computed, by viewer, visibility stamp and request: a
//! dashboard asks for the same views again and again, and while nothing the viewer may count
//! has changed the answer is the same. Bounded; the oldest table leaves first.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use rastro_app::figures::Headline;

use crate::tables::StatTable;

/// The tables and headline figures kept.
#[derive(Default)]
pub struct ResultCache {
    entries: Mutex<Entries>,
    headlines: Mutex<HashMap<String, Arc<Headline>>>,
}

/// The tables by key, and the keys oldest first.
type Entries = (HashMap<String, Arc<StatTable>>, VecDeque<String>);

/// Tables kept at most.
pub const CACHED_TABLES: usize = 2_048;

impl ResultCache {
    pub fn get(&self, key: &str) -> Option<Arc<StatTable>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.0.get(key).cloned()
    }

    pub fn put(&self, key: String, table: Arc<StatTable>) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.0.insert(key.clone(), table).is_none() {
            entries.1.push_back(key);
        }
        while entries.1.len() > CACHED_TABLES {
            if let Some(old) = entries.1.pop_front() {
                entries.0.remove(&old);
            }
        }
    }
}

impl ResultCache {
    pub fn headline(&self, key: &str) -> Option<Arc<Headline>> {
        self.headlines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .cloned()
    }

    pub fn put_headline(&self, key: String, headline: Arc<Headline>) {
        let mut headlines = self
            .headlines
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if headlines.len() >= CACHED_TABLES {
            headlines.clear();
        }
        headlines.insert(key, headline);
    }
}
