//! Articles as both backends hand them back, whatever the database's own order.

use std::collections::HashMap;

use crate::api::news::StoredArticle;

/// `found` in the order of `ids` (a page of a listing); articles not among `ids` go last.
pub(crate) fn in_order_of(ids: &[String], mut found: Vec<StoredArticle>) -> Vec<StoredArticle> {
    let order: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    found.sort_by_key(|a| order.get(a.id.as_str()).copied().unwrap_or(usize::MAX));
    found
}
