//! Tables and headline figures already computed, by viewer, visibility stamp and request: a
//! dashboard asks for the same views again and again, and while nothing the viewer may count
//! has changed the answer is the same. Each is computed once however many ask for it at once.

use rastro_app::figures::Headline;
use rastro_app::memo::Memo;

use crate::tables::StatTable;

/// Tables (and, apart, headline figures) kept at most.
pub const CACHED_TABLES: usize = 2_048;

/// The tables and headline figures kept.
pub struct ResultCache {
    pub tables: Memo<String, StatTable>,
    pub headlines: Memo<String, Headline>,
}

impl Default for ResultCache {
    fn default() -> ResultCache {
        ResultCache {
            tables: Memo::new(CACHED_TABLES),
            headlines: Memo::new(CACHED_TABLES),
        }
    }
}
